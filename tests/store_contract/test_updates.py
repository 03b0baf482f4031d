"""Processed update ids (applied once) and deferred updates (kept, replayed, released)."""

from __future__ import annotations

import pytest

from bot.store.contract import Store
from tests.store_contract.given import AT


def test_an_update_is_processed_once_per_source(store: Store) -> None:
    assert not store.is_processed("telegram", 7)
    with store.transaction():
        store.mark_processed("telegram", 7, 1, AT)
    assert store.is_processed("telegram", 7)
    assert not store.is_processed("console", 7)
    assert not store.is_processed("telegram", 8)


def test_marking_an_update_twice_is_refused(store: Store) -> None:
    with store.transaction():
        store.mark_processed("telegram", 7, 1, AT)
    with pytest.raises(store.errors), store.transaction():
        store.mark_processed("telegram", 7, 1, AT)
    assert store.is_processed("telegram", 7)


def test_claiming_an_update_records_it_once(store: Store) -> None:
    with store.transaction():
        assert store.claim_update("telegram", 7, 1, AT)
        assert not store.claim_update("telegram", 7, 1, AT)  # again in the same transaction
    assert store.is_processed("telegram", 7)
    with store.transaction():
        assert not store.claim_update("telegram", 7, 2, AT)  # a redelivery
        assert store.claim_update("console", 7, 2, AT)
    with store.transaction():
        store.mark_processed("telegram", 8, 1, AT)
        assert not store.claim_update("telegram", 8, 1, AT)
    assert store.last_processed_at() is not None


def test_a_rolled_back_claim_leaves_the_update_to_claim_again(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        assert store.claim_update("telegram", 7, 1, AT)
        raise RuntimeError("the step failed")
    assert not store.is_processed("telegram", 7)
    with store.transaction():
        assert store.claim_update("telegram", 7, 1, AT)


def test_a_rolled_back_update_is_not_processed(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.mark_processed("telegram", 7, 1, AT)
        raise RuntimeError("the step failed")
    assert not store.is_processed("telegram", 7)


@pytest.mark.parametrize(("marks", "last"), [
    ([], None),
    ([(1, "2026-05-01T10:00:00+08:00")], "2026-05-01T10:00:00+08:00"),
    # the newest written, not the largest id nor the latest time
    ([(9, "2026-05-02T10:00:00+08:00"), (3, "2026-05-01T10:00:00+08:00")],
     "2026-05-01T10:00:00+08:00"),
])
def test_last_processed_at_is_the_newest_written(store: Store, marks: list[tuple[int, str]],
                                                 last: str | None) -> None:
    with store.transaction():
        for update_id, at in marks:
            store.mark_processed("telegram", update_id, 1, at)
    got = store.last_processed_at()
    assert (got.isoformat() if got else None) == last


def test_deferred_updates_round_trip_in_order(store: Store) -> None:
    d = store.deferred
    d.keep("telegram", 20, 1, '[{"update_id": 20}]', "locked", "2026-05-01T10:00:02+08:00")
    d.keep("telegram", 10, None, '[{"update_id": 10}]', "locked", "2026-05-01T10:00:01+08:00")
    d.keep("telegram", 15, 2, '[{"update_id": 15}]', "locked", "2026-05-01T10:00:01+08:00")
    d.keep("console", 5, 2, "[]", "locked", "2026-05-01T10:00:00+08:00")
    assert [(u.update_id, u.body) for u in d.pending("telegram")] == [
        (10, '[{"update_id": 10}]'), (15, '[{"update_id": 15}]'), (20, '[{"update_id": 20}]')]
    assert [u.update_id for u in d.pending("telegram", limit=1)] == [10]
    assert [u.update_id for u in d.pending("console")] == [5]


def test_a_deferred_update_kept_again_is_one_row_with_the_new_body(store: Store) -> None:
    store.deferred.keep("telegram", 10, 1, "old", "e1", AT)
    store.deferred.keep("telegram", 10, 1, "new", "e2" * 400, AT)  # a long error is cut
    assert [u.body for u in store.deferred.pending("telegram")] == ["new"]


def test_released_and_failing_deferred_updates(store: Store) -> None:
    for update_id in (1, 2, 3):
        store.deferred.keep("telegram", update_id, 1, "[]", "locked", AT)
    store.deferred.release("telegram", [1, 3])
    store.deferred.failed_again("telegram", 2, "still locked")
    store.deferred.release("console", [2])  # another source's ids are not these
    assert [u.update_id for u in store.deferred.pending("telegram")] == [2]
