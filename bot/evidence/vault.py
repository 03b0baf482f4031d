"""Content-addressed evidence files under the data folder.

    data_dir/tmp/<random>.part          being received: written, hashed, fsynced here
    data_dir/evidence/<sha[:2]>/<sha>   kept: renamed in atomically, then the directory fsynced

A file appears under evidence/ only whole (rename after fsync), so a crash leaves at most
a stray temp file or a file no row refers to; `EvidenceStore.recover()` removes both.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.evidence.checks import HEAD_BYTES, CheckFailure

CHUNK = 1024 * 1024
_SHA = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class TempFile:
    path: Path
    sha256: str
    size: int
    head: bytes  # the first HEAD_BYTES bytes, for sniffing the type


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileVault:
    def __init__(self, data_dir: Path) -> None:
        root = Path(data_dir).absolute()  # items' paths stay valid if the process chdirs
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        root.chmod(0o700)  # shoppers' files: the owner's only, also for a folder made before
        self.tmp = root / "tmp"
        self.files = root / "evidence"
        for folder in (self.tmp, self.files):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        if not _SHA.fullmatch(sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.files / sha256[:2] / sha256

    def receive(self, source: Path | bytes, limit: int) -> TempFile:
        """Copy `source` into tmp/, hashing as it goes; raises CheckFailure(too_big | empty)
        without reading more than `limit` + 1 bytes (a Path is refused by its size first)."""
        if isinstance(source, bytes | bytearray | memoryview):
            data = bytes(source)
            _check_size(len(data), limit)
            return self._write(iter([data]), limit)
        _check_size(Path(source).stat().st_size, limit)
        with open(source, "rb") as f:
            return self._write(iter(lambda: f.read(CHUNK), b""), limit)

    def _write(self, chunks: Iterator[bytes], limit: int) -> TempFile:
        fd, name = tempfile.mkstemp(dir=self.tmp, suffix=".part")
        path = Path(name)
        digest, size, head = hashlib.sha256(), 0, b""
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    _check_size(size, limit)  # the source may grow while we read it
                    if len(head) < HEAD_BYTES:
                        head += chunk[:HEAD_BYTES - len(head)]
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            _check_size(size, limit)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return TempFile(path, digest.hexdigest(), size, head)

    def discard(self, temp: TempFile) -> None:
        temp.path.unlink(missing_ok=True)

    def install(self, temp: TempFile) -> Path:
        """Atomically move a checked temp file to its content address (replacing an identical
        copy is harmless) and make the rename durable."""
        final = self.path_for(temp.sha256)
        if not final.parent.is_dir():
            final.parent.mkdir(mode=0o700, exist_ok=True)
            fsync_dir(self.files)
        os.replace(temp.path, final)
        fsync_dir(final.parent)
        return final

    def remove(self, sha256: str) -> bool:
        path = self.path_for(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        fsync_dir(path.parent)
        return True

    def clear_tmp(self) -> int:
        removed = 0
        for entry in self.tmp.iterdir():
            if entry.is_file() or entry.is_symlink():
                entry.unlink(missing_ok=True)
                removed += 1
            elif entry.is_dir():  # a download folder of a process that died
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        return removed

    def stored(self) -> Iterator[tuple[str, Path]]:
        """Every file under evidence/, as (name, path); a name that is not a sha256 in the
        right shard is returned as-is so the caller treats it as an orphan."""
        for shard in sorted(self.files.iterdir()):
            if not shard.is_dir():
                yield shard.name, shard
                continue
            for entry in sorted(shard.iterdir()):
                ok = _SHA.fullmatch(entry.name) and entry.name[:2] == shard.name
                yield (entry.name if ok else f"?{shard.name}/{entry.name}"), entry


def _check_size(size: int, limit: int) -> None:
    if size > limit:
        raise CheckFailure("too_big", {"size": size, "limit": limit})
    if size == 0:
        raise CheckFailure("empty", {})
