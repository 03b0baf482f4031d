"""The storage contract suite runs once per backend in BACKENDS: the data folder, and an
S3-compatible bucket on the local moto server (tests/s3server.py).

Each backend comes with a way to damage a stored file behind the code's back and to drop a
stray object into the store, so the suite can check what a reader and the start-up check see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.evidence.local import LocalStorage
from bot.evidence.s3 import S3Storage
from bot.evidence.storage import Storage
from tests.s3server import Bucket


@dataclass
class Backend:
    storage: Storage
    tamper: Callable[[str, bytes], None]  # overwrite a stored file's bytes
    stray: Callable[[str, bytes], None]  # a file under a name that is not a sha256


def local(tmp_path: Path) -> Backend:
    storage = LocalStorage(tmp_path / "data")

    def stray(name: str, data: bytes) -> None:
        path = storage.files / "ab" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)

    return Backend(storage, lambda sha, data: storage.path_for(sha).write_bytes(data), stray)


def s3(tmp_path: Path, bucket: Bucket) -> Backend:
    storage = S3Storage(tmp_path / "data", bucket.name, bucket.prefix,
                        endpoint=bucket.server.endpoint)
    return Backend(storage, bucket.tamper,
                   lambda name, data: bucket.put_raw(f"{bucket.prefix}ab/{name}", data))


BACKENDS = ("local", "s3")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "local":
        return local(tmp_path)
    return s3(tmp_path, request.getfixturevalue("bucket"))


@pytest.fixture
def storage(backend: Backend) -> Storage:
    return backend.storage
