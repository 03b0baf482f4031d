"""The knowledge base built once per version of its data and of the code that reads it, kept on disk.

Loading the YAML, validating it and building the search index and the classifier's example
index costs a second or more of CPU; a start with an unchanged `knowledge/data/` unpickles them
instead. The cache key is a hash of every data file, of the files read beside them into the base
(the deadline rules, the letter templates, the texts), of this package's source files and of the
Python version, so an edited answer, text or scoring rule is never served from an old build.

Several processes may start at once: each writes to a temporary file and renames it into
place, so a reader sees a whole file or none. A cache that cannot be read (cut short, from an
incompatible library) is built again; a folder that cannot be written means no cache, never an
error.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import logging
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

ENV = "WEIQUAN_CACHE_DIR"
FORMAT = 1  # bump when what is pickled changes in a way the source hash would not show
KEEP = 4  # builds of each kind kept (other branches, data folders, virtual environments)
# libraries whose data or code shape what is built: a new version means a new build
LIBRARIES = ("jieba", "pypinyin", "opencc", "cn2an", "numpy", "pydantic", "simplemma")
CODE_DIR = Path(__file__).parent
log = logging.getLogger(__name__)


def cache_dir() -> Path | None:
    """$WEIQUAN_CACHE_DIR, else the user's cache folder, else one in the temp folder; None if none is writable."""
    chosen = os.environ.get(ENV)
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    candidates = [chosen] if chosen else [os.path.join(home, "weiquan"),
                                          os.path.join(tempfile.gettempdir(), f"weiquan-cache-{uid}")]
    for candidate in candidates:
        folder = Path(candidate)
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            continue
        if os.access(folder, os.W_OK | os.X_OK) and (chosen or _private(folder)):
            return folder
    return None


def _private(folder: Path) -> bool:
    """Ours alone: a pickle another user could write would run their code in this process."""
    if not hasattr(os, "getuid"):
        return True
    stat = folder.stat()
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def read(name: str, load: Callable[[IO[bytes]], Any]) -> Any | None:
    """The cached value in `name`, or None when there is none or it cannot be read (it is then removed)."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / name
    try:
        with path.open("rb") as fh:
            return load(fh)
    except FileNotFoundError:
        return None
    except Exception as exc:  # cut short, garbled, or pickled by an incompatible library version
        log.warning("cache file %s cannot be read (%s: %s); building it again", path,
                    type(exc).__name__, exc)
        with contextlib.suppress(OSError):
            path.unlink()
        return None


def write(name: str, value: Any, dump: Callable[[Any, IO[bytes]], None]) -> bool:
    """Store `value` under `name`, atomically (temporary file, then rename); False if it could not be."""
    folder = cache_dir()
    if folder is None:
        return False
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            dump(value, fh)
        os.replace(tmp, folder / name)
        return True
    except Exception as exc:  # a full disk, or something that cannot be pickled: no cache, no error
        log.warning("cannot write cache file %s in %s: %s: %s", name, folder, type(exc).__name__, exc)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False


def package_stamp(package: str, file: str = "__init__.py") -> str:
    """Which version of a package's file this is, without importing the package: its size and a
    checksum of the package's `__init__.py` (which names its version). Not the file's time: every
    virtual environment installing the same version shares the cache (times made each write its
    own, and the newest four pruned the others' in turn)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return f"{package}:missing"
    folder = Path(next(iter(spec.submodule_search_locations)))
    return f"{package}:{(folder / file).stat().st_size}:{zlib.crc32((folder / '__init__.py').read_bytes()):08x}"


def _hash_files(digest: Any, files: list[Path]) -> None:
    for file in files:
        digest.update(file.name.encode() + b"\0")
        digest.update(file.read_bytes())
        digest.update(b"\0")


def key(data: Path, beside: Iterable[Path] = ()) -> str:
    """Hash of the data files, the files read beside them, this package's code, the libraries it
    builds with and the Python version."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version_info[:3]} {sys.implementation.name}".encode())
    digest.update(" ".join(package_stamp(name) for name in LIBRARIES).encode())
    _hash_files(digest, sorted(p for p in data.iterdir() if p.is_file()))
    _hash_files(digest, list(beside))
    _hash_files(digest, sorted(CODE_DIR.glob("*.py")))
    return digest.hexdigest()[:32]


def prune(pattern: str, keep: str) -> None:
    """Of the files matching `pattern` other than `keep`, all but the KEEP - 1 newest removed: each
    virtual environment (its libraries' file times) and each data version writes its own."""
    folder = cache_dir()
    if folder is None:
        return
    with contextlib.suppress(OSError):
        files = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [p for p in files if p.name != keep][KEEP - 1:]:
            with contextlib.suppress(OSError):
                old.unlink()


def load(data: Path, build: Callable[[], KnowledgeBase], beside: Iterable[Path] = ()) -> KnowledgeBase:
    """The knowledge base of `data` from the cache, or built by `build` and stored there. `beside`:
    the other files `build` reads into the base, so that an edit of one of them builds it again."""
    from knowledge import lazy_pattern
    from knowledge.base import KnowledgeBase

    name = f"kb-{key(data, beside)}.pickle"
    kb = read(name, pickle.load)
    if isinstance(kb, KnowledgeBase):
        kb.path = data
        return kb
    kb = build()
    if write(name, kb, lazy_pattern.dump):
        prune("kb-*.pickle", name)
    return kb
