"""The peer for `make bench`: python-telegram-bot's own examples/persistentconversationbot.py,
taken from python-telegram-bot's source at bench time and never copied into this project.

`find_example()` looks, in order, at WEIQUAN_BENCH_PEER (a path to the file), a git mirror of
python-telegram-bot (WEIQUAN_PTB_MIRROR, a git directory), and the source distribution of the
installed python-telegram-bot from PyPI (`pip download`, which ships examples/). None found:
the bench says so and leaves the peer out.

`python -m tests.bench_peer EXAMPLE TOKEN BASE` runs the example unchanged, with the builder's
token swapped for TOKEN and its Bot API pointed at BASE (the example hard-codes "TOKEN").
"""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
import tarfile
from importlib.metadata import version
from pathlib import Path

EXAMPLE = "examples/persistentconversationbot.py"
MIRROR = "/work/.mirror/python-telegram-bot+python-telegram-bot/repo"


def _from_mirror(dest: Path) -> Path | None:
    git_dir = os.environ.get("WEIQUAN_PTB_MIRROR", MIRROR)
    if not Path(git_dir).is_dir():
        return None
    done = subprocess.run(["git", f"--git-dir={git_dir}", "show", f"HEAD:{EXAMPLE}"],
                          capture_output=True, timeout=30)
    if done.returncode != 0 or not done.stdout:
        return None
    out = dest / "persistentconversationbot.py"
    out.write_bytes(done.stdout)
    return out


def _from_sdist(dest: Path) -> Path | None:
    wanted = f"python-telegram-bot=={version('python-telegram-bot')}"
    try:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--no-binary", ":all:", wanted,
                        "-d", str(dest)], capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        return None
    for archive in dest.glob("python_telegram_bot-*.tar.gz"):  # pip may fail after the fetch
        with tarfile.open(archive) as tar:
            member = next((m for m in tar.getmembers() if m.name.endswith("/" + EXAMPLE)), None)
            if member is None:
                continue
            data = tar.extractfile(member)
            if data is not None:
                out = dest / "persistentconversationbot.py"
                out.write_bytes(data.read())
                return out
    return None


def find_example(dest: Path) -> tuple[Path | None, str]:
    """(the example, where it came from) or (None, why not)."""
    given = os.environ.get("WEIQUAN_BENCH_PEER")
    if given:
        path = Path(given)
        return (path, given) if path.is_file() else (None, f"WEIQUAN_BENCH_PEER={given} missing")
    found = _from_mirror(dest)
    if found is not None:
        return found, f"git mirror of python-telegram-bot, HEAD:{EXAMPLE}"
    found = _from_sdist(dest)
    if found is not None:
        return found, f"PyPI sdist of python-telegram-bot {version('python-telegram-bot')}"
    return None, "neither a git mirror nor the PyPI source distribution could be read"


def main(example: str, token: str, base: str) -> None:
    from telegram.ext import ApplicationBuilder

    chosen = ApplicationBuilder.token

    def pointed(self: ApplicationBuilder, _hard_coded: str) -> ApplicationBuilder:
        root = base.rstrip("/")
        return chosen(self, token).base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")

    ApplicationBuilder.token = pointed  # type: ignore[method-assign]
    runpy.run_path(example, run_name="__main__")


if __name__ == "__main__":
    main(*sys.argv[1:4])
