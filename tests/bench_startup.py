"""Start-up cost in CPU seconds (user + system), cold (no cache) and warm (cache built), each in a
fresh process: the phases of loading the knowledge base, one `weiquan kb ask`, and `weiquan run`
up to its first getUpdates for each framework, against the emulator in tests/emulator.
aiogram's own import rebuilds the pydantic schema of every Bot API type (about 3 s of CPU);
bot/adapters/telegram/aiogram_types.py defers each build to the type's first use, so a start
builds only the few dozen it reads and sends (warm start 4.4 s -> 1.4 s; ptb 1.0 s).

Run: .venv/bin/python -m tests.bench_startup   (also part of `make bench` through tests.bench)
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from tests.chat.telegram_bot import FRAMEWORKS, TOKEN
from tests.emulator import EmulatorThread

QUESTION = "七天无理由怎么算"
# measured in a child: CPU seconds of each phase, in the order a start pays them
PHASES = r"""
import json, resource
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
out = {"interpreter start": cpu()}
t = cpu()
from knowledge import kbcache, loader, lexicon  # pydantic, PyYAML, the schema
out["imports (knowledge)"] = cpu() - t
t = cpu()
kb = kbcache.load(loader.DATA_DIR, lambda: loader.build_strict(loader.DATA_DIR))
out["knowledge base from the cache (cold: YAML, validate, build, write)"] = cpu() - t
t = cpu()
lexicon.jieba_dictionary()
lexicon.pinyin_table()
out["dictionary index + pinyin table (cold: from jieba, pypinyin)"] = cpu() - t
t = cpu()
kb.ask("七天无理由怎么算")
out["first question (jieba import, dictionary parts)"] = cpu() - t
t = cpu()
loader.load_unchecked(loader.DATA_DIR)
out["for comparison: YAML load + validate"] = cpu() - t
t = cpu()
from knowledge.search import SearchIndex
SearchIndex(kb.entries, kb.terms, kb.search_words, kb.normaliser, kb.glossary)
out["for comparison: search index build"] = cpu() - t
t = cpu()
import jieba
tokenizer = jieba.Tokenizer()
tokenizer.initialize()
out["for comparison: jieba's whole dictionary (its own cache)"] = cpu() - t
print(json.dumps(out))
"""

def _env(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEIQUAN_")}
    env.update({"WEIQUAN_CACHE_DIR": str(cache), "PYTHONDONTWRITEBYTECODE": "0", **extra})
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def child_cpu(args: list[str], env: dict[str, str]) -> float:
    """CPU seconds of one child process, from start to exit."""
    before = _children_cpu()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    return _children_cpu() - before


def phases(cache: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", PHASES], env=_env(cache), check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _proc_cpu(pid: int) -> float:
    """utime + stime of a running process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_to_first_poll(framework: str, cache: Path, data: Path) -> float:
    """CPU seconds `weiquan run` spends before its first getUpdates reaches the emulator."""
    with EmulatorThread(token=TOKEN) as emu:
        server = emu.emu.server
        reached = threading.Event()
        spent: list[float] = []
        original = server.get_updates
        proc: subprocess.Popen[bytes] | None = None

        async def get_updates(p: Any) -> list[dict[str, Any]]:
            if not reached.is_set() and proc is not None:
                spent.append(_proc_cpu(proc.pid))  # read as the request arrives
                reached.set()
            return await original(p)

        server.get_updates = get_updates  # type: ignore[method-assign]
        data.mkdir(parents=True, exist_ok=True)
        env = _env(cache, WEIQUAN_TOKEN=TOKEN, WEIQUAN_API_BASE=emu.base, WEIQUAN_DATA_DIR=str(data))
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run", "--framework", framework],
                                env=env, cwd=data, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if not reached.wait(120):
                raise RuntimeError(f"{framework}: no getUpdates within 120 s")
        finally:
            proc.terminate()
            proc.wait(30)
    return spent[0]


def run() -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        ask = [sys.executable, "-m", "bot.cli", "kb", "ask", "--json", QUESTION]
        for state in ("cold", "warm"):
            for name, value in phases(cache).items():
                figures[f"{state}: {name} s"] = value
        for state in ("cold", "warm"):
            if state == "cold":
                subprocess.run(["rm", "-rf", str(cache)], check=True)
            figures[f"kb ask, {state} cache: CPU s"] = child_cpu(ask, _env(cache))
        for framework in FRAMEWORKS:
            for state in ("cold", "warm"):
                if state == "cold":
                    subprocess.run(["rm", "-rf", str(cache)], check=True)
                value = run_to_first_poll(framework, cache, Path(tmp) / f"data-{framework}-{state}")
                figures[f"run {framework} to first getUpdates, {state}: CPU s"] = value
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"  {key:66s} {value:8.3f}")
