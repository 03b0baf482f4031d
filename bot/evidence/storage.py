"""Where evidence files are kept: the `Storage` protocol, the scratch folder every backend receives
into, and the choice of backend from the configuration.

Files are content-addressed: kept under their sha256, written once, never changed. Every backend
- receives a file into a scratch folder on this machine (tmp/ in the data folder), hashing and
  fsyncing as it goes (`Scratch`), where the checks read it;
- keeps it in two steps: `upload` before the row's transaction (a remote store puts the object;
  a folder does nothing) and `install` inside it (a folder renames the file in);
- gives code that needs a real file (Pillow, the OCR, the PDF maker, a Bot API upload) one through
  `local_file(sha)`, its hash checked on the way (a temp copy for a remote store): `Missing` when
  it is not there, `Corrupt` when its bytes no longer hash to its name.

A remote store (`remote = True`) makes blocking network calls: async code calls them in a thread
(bot/evidence/offloop.py), never on the event loop.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from bot.evidence.checks import HEAD_BYTES, CheckFailure

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class TempFile:
    path: Path
    sha256: str
    size: int
    head: bytes  # the first HEAD_BYTES bytes, for sniffing the type


@dataclass(frozen=True)
class Entry:
    """One stored file as a listing shows it: `name` is its sha256, or "?where" for a name that
    is not one (an orphan to the caller); `age` in seconds since it was written."""

    name: str
    where: str
    age: float


class Missing(FileNotFoundError):
    """No stored file under this sha256."""


class Corrupt(Exception):
    """The stored bytes no longer hash to the file's name."""

    def __init__(self, sha256: str, actual: str) -> None:
        super().__init__(f"evidence {sha256[:12]}… reads back as {actual[:12]}…")
        self.sha256, self.actual = sha256, actual


class Unavailable(RuntimeError):
    """The store cannot be reached or listed (a wrong bucket, endpoint or credentials)."""


class Storage(Protocol):
    remote: bool  # blocking network calls: never on the event loop
    scratch: Path  # this machine's folder for files being received

    def receive(self, source: Path | bytes, limit: int) -> TempFile: ...
    def discard(self, temp: TempFile) -> None: ...
    def clear_scratch(self) -> int: ...
    def upload(self, temp: TempFile) -> None: ...
    def install(self, temp: TempFile) -> None: ...
    def exists(self, sha256: str) -> bool: ...
    def remove(self, sha256: str) -> bool: ...
    def stored(self) -> Iterator[Entry]: ...
    def remove_entry(self, entry: Entry) -> None: ...
    def copy_to(self, sha256: str, dest: Path) -> bool: ...
    def local_file(self, sha256: str) -> AbstractContextManager[Path]: ...
    def locator(self, sha256: str) -> str: ...


OWNED = re.compile(r"^[a-z]+-(\d+)-")  # a scratch name that says which process made it


def scratch_prefix(kind: str) -> str:
    """The start of a scratch file's or folder's name: its kind and the process that owns it.
    Replicas on one machine share the data folder: a start-up clears what dead processes
    left in scratch, never what a live one is receiving."""
    return f"{kind}-{os.getpid()}-"


def owned_by_another_live_process(name: str) -> bool:
    match = OWNED.match(name)
    if match is None or int(match.group(1)) == os.getpid():
        return False
    try:
        os.kill(int(match.group(1)), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


class Scratch:
    """Receiving: a file copied into the scratch folder, hashed as it goes, fsynced."""

    def __init__(self, data_dir: Path) -> None:
        root = Path(data_dir).absolute()  # paths stay valid if the process chdirs
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        root.chmod(0o700)  # shoppers' files: the owner's only, also for a folder made before
        self.scratch = root / "tmp"
        self.scratch.mkdir(mode=0o700, exist_ok=True)

    def receive(self, source: Path | bytes, limit: int) -> TempFile:
        """Copy `source` into the scratch folder, hashing as it goes; raises CheckFailure
        (too_big | empty) without reading more than `limit` + 1 bytes (a Path is refused by its
        size first)."""
        if isinstance(source, bytes | bytearray | memoryview):
            data = bytes(source)
            _check_size(len(data), limit)
            return self._write(iter([data]), limit)
        _check_size(Path(source).stat().st_size, limit)
        with open(source, "rb") as f:
            return self._write(iter(lambda: f.read(CHUNK), b""), limit)

    def _write(self, chunks: Iterator[bytes], limit: int) -> TempFile:
        fd, name = tempfile.mkstemp(prefix=scratch_prefix("part"), dir=self.scratch,
                                    suffix=".part")
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

    def clear_scratch(self) -> int:
        removed = 0
        for entry in self.scratch.iterdir():
            if owned_by_another_live_process(entry.name):  # a replica's, on its way
                continue
            if entry.is_file() or entry.is_symlink():
                entry.unlink(missing_ok=True)
                removed += 1
            elif entry.is_dir():  # a download folder of a process that died
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        return removed


def copy_hashing(source: BinaryIO, out: BinaryIO | None) -> str:
    """The sha256 of what `source` holds, copied to `out` on the way when given."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: source.read(CHUNK), b""):
        digest.update(chunk)
        if out is not None:
            out.write(chunk)
    return digest.hexdigest()


def _check_size(size: int, limit: int) -> None:
    if size > limit:
        raise CheckFailure("too_big", {"size": size, "limit": limit})
    if size == 0:
        raise CheckFailure("empty", {})


def open_storage(data_dir: Path, url: str | None = None, endpoint: str | None = None,
                 region: str | None = None) -> Storage:
    """The configured backend: evidence/ in the data folder, or an S3-compatible bucket for
    `s3://bucket/prefix` (bot/evidence/s3.py; boto3 is imported only then)."""
    if url:
        from bot.evidence.s3 import S3Storage, parse_url

        bucket, prefix = parse_url(url)
        return S3Storage(data_dir, bucket, prefix, endpoint=endpoint, region=region)
    from bot.evidence.local import LocalStorage

    return LocalStorage(data_dir)
