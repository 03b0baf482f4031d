"""What every evidence storage promises: files kept under their sha256, whole or not at all,
read back only when their bytes still hash to their name, listed, removed."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.evidence.checks import CheckFailure
from bot.evidence.storage import Corrupt, Missing, Storage
from tests.storage_contract.conftest import Backend

LIMIT = 1 << 20


def keep(storage: Storage, data: bytes) -> str:
    temp = storage.receive(data, LIMIT)
    try:
        storage.upload(temp)
        storage.install(temp)
        storage.upload(temp)
    finally:
        storage.discard(temp)
    return temp.sha256


def scratch_is_empty(storage: Storage) -> bool:
    return list(storage.scratch.iterdir()) == []


def test_a_kept_file_is_addressed_by_its_sha256_and_reads_back(storage: Storage) -> None:
    data = b"%PDF-1.4 receipt " * 100
    sha = keep(storage, data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert storage.exists(sha)
    with storage.local_file(sha) as path:
        assert path.read_bytes() == data
    assert sha in storage.locator(sha)
    assert [e.name for e in storage.stored()] == [sha]
    assert scratch_is_empty(storage)  # temp copies and received files are gone


def test_the_same_bytes_twice_are_one_file(storage: Storage) -> None:
    assert keep(storage, b"one photo") == keep(storage, b"one photo")
    assert len(list(storage.stored())) == 1


def test_receiving_refuses_an_empty_or_too_big_file_and_keeps_nothing(storage: Storage) -> None:
    with pytest.raises(CheckFailure) as empty:
        storage.receive(b"", LIMIT)
    with pytest.raises(CheckFailure) as big:
        storage.receive(b"x" * 101, 100)
    assert (empty.value.code, big.value.code) == ("empty", "too_big")
    assert scratch_is_empty(storage) and list(storage.stored()) == []


def test_a_missing_file_is_missing(storage: Storage, tmp_path: object) -> None:
    sha = hashlib.sha256(b"never kept").hexdigest()
    assert not storage.exists(sha)
    with pytest.raises(Missing), storage.local_file(sha):
        pass
    assert scratch_is_empty(storage)


def test_a_damaged_file_is_detected_on_read(backend: Backend) -> None:
    storage = backend.storage
    sha = keep(storage, b"the original screenshot bytes")
    backend.tamper(sha, b"the original screenshot bytez")
    with pytest.raises(Corrupt) as caught, storage.local_file(sha):
        pass
    assert caught.value.sha256 == sha and caught.value.actual != sha
    assert scratch_is_empty(storage)  # the bad temp copy is not left behind


def test_copy_to_gives_the_raw_bytes_even_when_damaged(backend: Backend, tmp_path: object) -> None:
    from pathlib import Path

    storage = backend.storage
    sha = keep(storage, b"original")
    backend.tamper(sha, b"damaged!")
    dest = Path(str(tmp_path)) / "copy"
    assert storage.copy_to(sha, dest) and dest.read_bytes() == b"damaged!"
    assert not storage.copy_to(hashlib.sha256(b"none").hexdigest(), dest)


def test_remove_and_remove_again(storage: Storage) -> None:
    sha = keep(storage, b"to be forgotten")
    storage.remove(sha)
    assert not storage.exists(sha) and list(storage.stored()) == []
    storage.remove(sha)  # already gone: no error
    with pytest.raises(Missing), storage.local_file(sha):
        pass


def test_a_stray_name_is_listed_as_an_orphan_and_can_be_removed(backend: Backend) -> None:
    storage = backend.storage
    sha = keep(storage, b"kept")
    backend.stray("not-a-hash.txt", b"junk")
    entries = {e.name: e for e in storage.stored()}
    assert sha in entries and any(name.startswith("?") for name in entries)
    stray = next(e for name, e in entries.items() if name.startswith("?"))
    assert stray.age >= 0
    storage.remove_entry(stray)
    assert [e.name for e in storage.stored()] == [sha]


def test_a_name_that_is_not_a_sha256_is_refused(storage: Storage) -> None:
    with pytest.raises(ValueError):
        storage.exists("../../etc/passwd")


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=1, max_size=4096))
def test_any_bytes_round_trip(storage: Storage, data: bytes) -> None:
    sha = keep(storage, data)
    with storage.local_file(sha) as path:
        assert path.read_bytes() == data
    storage.remove(sha)
