"""The evidence store (bot/evidence/repository.py) on every storage backend: what a shopper's
add, delete and /forget leave in the store, and what the start-up check finds."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.evidence import offloop, recovery
from bot.evidence.repository import Duplicate, EvidenceStore, Rejected, Stored
from bot.evidence.storage import Storage
from bot.store.sqlite import Store
from tests.storage_contract.conftest import Backend
from tests.test_evidence_make import NOW, jpeg, pdf, sha


@pytest.fixture
def ev(tmp_path: Path, storage: Storage) -> EvidenceStore:
    store = Store(tmp_path / "weiquan.db")
    for user, case in ((1, 10), (1, 11), (2, 20)):
        store.db.execute("INSERT OR IGNORE INTO users (id, chat_id, lang, created_at, updated_at)"
                         " VALUES (?, ?, 'zh', 'x', 'x')", [user, user])
        store.db.execute("INSERT INTO cases (id, user_id, status, created_at, updated_at) "
                         "VALUES (?, ?, 'draft', 'x', 'x')", [case, user])
    return EvidenceStore(store, tmp_path / "data", storage=storage)


def names(storage: Storage) -> set[str]:
    return {e.name for e in storage.stored()}


def add(ev: EvidenceStore, user: int, case: int, data: bytes) -> Stored:
    result = ev.add(user_id=user, case_id=case, source=data, kind="document",
                    received_at=NOW, file_name="a.jpg" if data[:2] == b"\xff\xd8" else "a.pdf")
    assert isinstance(result, Stored), result
    return result


def test_add_keeps_the_file_under_its_hash_and_the_row(ev: EvidenceStore) -> None:
    data = jpeg(seed=1)
    item = add(ev, 1, 10, data).item
    assert item.sha256 == sha(data) and item.mime == "image/jpeg" and item.size == len(data)
    assert names(ev.storage) == {sha(data)}
    with ev.storage.local_file(item.sha256) as path:
        assert path.read_bytes() == data
    again = ev.add(user_id=1, case_id=10, source=data, kind="photo", received_at=NOW)
    assert isinstance(again, Duplicate) and again.item.id == item.id
    assert list(ev.storage.scratch.iterdir()) == []


def test_a_refused_file_leaves_nothing(ev: EvidenceStore) -> None:
    result = ev.add(user_id=1, case_id=20, source=jpeg(seed=2), kind="photo", received_at=NOW)
    assert isinstance(result, Rejected) and result.code == "unknown_case"  # not user 1's case
    assert names(ev.storage) == set() and list(ev.storage.scratch.iterdir()) == []


def test_shared_bytes_stay_until_their_last_row_goes(ev: EvidenceStore) -> None:
    data = pdf("shared")
    mine, theirs = add(ev, 1, 10, data).item, add(ev, 2, 20, data).item
    assert ev.delete(1, mine.id) and names(ev.storage) == {sha(data)}
    assert ev.forget_user(2) == 1 and names(ev.storage) == set()
    assert ev.get(2, theirs.id) is None


def test_the_async_steps_do_the_same(ev: EvidenceStore) -> None:
    async def scenario() -> None:
        staged = ev.stage(user_id=1, case_id=10, source=jpeg(seed=3), kind="photo",
                          received_at=NOW)
        assert not isinstance(staged, Rejected)
        kept = await offloop.keep(ev, staged)
        assert isinstance(kept, Stored) and names(ev.storage) == {kept.item.sha256}
        async with offloop.as_local(ev.storage, kept.item.sha256) as path:
            assert path.read_bytes() == jpeg(seed=3)
        assert await offloop.remove(ev, 1, case_id=10) == 1
        assert names(ev.storage) == set()

    asyncio.run(scenario())
    assert list(ev.storage.scratch.iterdir()) == []


def test_recovery_removes_orphans_and_lists_rows_without_a_file(
        ev: EvidenceStore, backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = add(ev, 1, 10, pdf("gone")).item
    kept = add(ev, 1, 11, jpeg(seed=4)).item
    ev.storage.remove(gone.sha256)  # lost behind the store's back
    backend.stray("leftover.part", b"half a file")
    temp = ev.storage.receive(b"a download that died", 1000)
    assert temp.path.exists()
    report = ev.recover()
    assert report.temp_files_removed == 1
    if ev.storage.remote:  # a young object may be another replica's add: kept at first
        assert report.orphan_files_removed == 0 and len(names(ev.storage)) == 2
        monkeypatch.setattr(recovery, "ORPHAN_GRACE", 0.0)
        report = ev.recover()
    assert report.orphan_files_removed == 1
    assert report.rows_without_file == [gone.id]
    assert names(ev.storage) == {kept.sha256}
    assert list(ev.storage.scratch.iterdir()) == []


def test_a_delete_racing_an_add_of_the_same_bytes_loses_nothing(
        ev: EvidenceStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shopper 2 forgets the last copy of some bytes while shopper 1's add of the same bytes is
    between its upload and its commit: shopper 1's row must still have its file."""
    data = jpeg(seed=5)
    add(ev, 2, 20, data)
    keep_row = EvidenceStore.keep_row

    def forget_first(self: EvidenceStore, staged: object) -> object:
        assert self.forget_user(2) == 1  # the object goes: no committed row uses it now
        return keep_row(self, staged)  # type: ignore[arg-type]

    monkeypatch.setattr(EvidenceStore, "keep_row", forget_first)
    mine = add(ev, 1, 10, data).item
    monkeypatch.undo()
    assert names(ev.storage) == {sha(data)}
    with ev.storage.local_file(mine.sha256) as path:
        assert path.read_bytes() == data
    assert ev.recover().rows_without_file == []
