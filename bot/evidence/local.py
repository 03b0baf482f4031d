"""Evidence files in the data folder (the default backend of bot/evidence/storage.py).

    data_dir/tmp/<random>.part          being received: written, hashed, fsynced here
    data_dir/evidence/<sha[:2]>/<sha>   kept: renamed in atomically, then the directory fsynced

A file appears under evidence/ only whole (rename after fsync), so a crash leaves at most
a stray temp file or a file no row refers to; `EvidenceStore.recover()` removes both.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.evidence.storage import Corrupt, Entry, Missing, Scratch, TempFile, copy_hashing

_SHA = re.compile(r"[0-9a-f]{64}")


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_sha(sha256: str) -> str:
    if not _SHA.fullmatch(sha256):
        raise ValueError(f"not a sha256: {sha256!r}")
    return sha256


class LocalStorage(Scratch):
    remote = False

    def __init__(self, data_dir: Path) -> None:
        super().__init__(data_dir)
        self.files = self.scratch.parent / "evidence"
        self.files.mkdir(mode=0o700, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        return self.files / check_sha(sha256)[:2] / sha256

    def upload(self, temp: TempFile) -> None:
        """Nothing to do before the transaction: `install` renames the file in."""

    def install(self, temp: TempFile) -> None:
        """Atomically move a checked temp file to its content address (replacing an identical
        copy is harmless) and make the rename durable."""
        final = self.path_for(temp.sha256)
        if not final.parent.is_dir():
            final.parent.mkdir(mode=0o700, exist_ok=True)
            fsync_dir(self.files)
        os.replace(temp.path, final)
        fsync_dir(final.parent)

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def remove(self, sha256: str) -> bool:
        path = self.path_for(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        fsync_dir(path.parent)
        return True

    def stored(self) -> Iterator[Entry]:
        """Every file under evidence/; a name that is not a sha256 in the right shard comes as
        "?shard/name" so the caller treats it as an orphan. Folders are left alone."""
        now = time.time()
        for shard in sorted(self.files.iterdir()):
            if not shard.is_dir():
                yield Entry(f"?{shard.name}", str(shard), now - shard.lstat().st_mtime)
                continue
            for entry in sorted(shard.iterdir()):
                if entry.is_dir():
                    continue
                ok = _SHA.fullmatch(entry.name) and entry.name[:2] == shard.name
                yield Entry(entry.name if ok else f"?{shard.name}/{entry.name}", str(entry),
                            now - entry.lstat().st_mtime)

    def remove_entry(self, entry: Entry) -> None:
        Path(entry.where).unlink(missing_ok=True)

    def copy_to(self, sha256: str, dest: Path) -> bool:
        try:
            with open(self.path_for(sha256), "rb") as f, open(dest, "wb") as out:
                copy_hashing(f, out)
        except FileNotFoundError:
            return False
        return True

    @contextmanager
    def local_file(self, sha256: str) -> Iterator[Path]:
        """The kept file itself, once its bytes are checked against its name."""
        path = self.path_for(sha256)
        try:
            with open(path, "rb") as f:
                actual = copy_hashing(f, None)
        except FileNotFoundError:
            raise Missing(sha256) from None
        if actual != sha256:
            raise Corrupt(sha256, actual)
        yield path

    def locator(self, sha256: str) -> str:
        return str(self.path_for(sha256))
