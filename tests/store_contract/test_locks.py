"""The locks a store holds until the transaction ends, so that two processes never interleave
what must stay in order: a user's updates (`lock_user`) and an evidence content's file
(`evidence.lock_content`). SQLite's write transaction is already such a lock; PostgreSQL takes
advisory locks (tests/test_pg_store.py: other users do not wait)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from bot.store.contract import Store
from tests.store_contract.given import AT, said

NOT_BEFORE = 0.3  # seconds the second transaction is watched for NOT getting through early


def _second_waits_for_first(store: Store, second: Store, lock: Callable[[Store], None],
                            write: Callable[[Store, int], None]) -> list[str]:
    """The first transaction takes the lock and holds it; a second one on another connection
    takes it too: it gets through only once the first has committed."""
    holding, release, through = threading.Event(), threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        with store.transaction():
            lock(store)
            write(store, 1)
            holding.set()
            release.wait(10)
            order.append("first")

    def other() -> None:
        with second.transaction():
            lock(second)
            order.append("second")
            write(second, 2)
        through.set()

    a = threading.Thread(target=first)
    a.start()
    assert holding.wait(10)
    b = threading.Thread(target=other)
    b.start()
    assert not through.wait(NOT_BEFORE)  # still waiting for the first transaction
    release.set()
    a.join(10)
    b.join(10)
    assert through.is_set()
    return order


def test_one_users_transactions_follow_each_other(store: Store, second: Store) -> None:
    order = _second_waits_for_first(
        store, second, lambda s: s.lock_user(7),
        lambda s, n: s.mark_processed("telegram", n, 7, AT))
    assert order == ["first", "second"]
    assert store.is_processed("telegram", 1) and store.is_processed("telegram", 2)


def test_an_evidence_content_is_locked_until_the_commit(store: Store, second: Store) -> None:
    order = _second_waits_for_first(
        store, second, lambda s: s.evidence.lock_content("b" * 64),
        lambda s, n: said(s, 7, f"第{n}条"))
    assert order == ["first", "second"]
    assert store.handovers.recent(7) == ["第1条", "第2条"]


@pytest.mark.parametrize("take", ["user", "content"])
def test_a_lock_ends_with_a_rolled_back_transaction(store: Store, second: Store,
                                                    take: str) -> None:
    def lock(s: Store) -> None:
        s.lock_user(7) if take == "user" else s.evidence.lock_content("c" * 64)

    with pytest.raises(RuntimeError), store.transaction():
        lock(store)
        raise RuntimeError("rolled back")
    with second.transaction():
        lock(second)  # not held any more: it does not wait
        said(second, 7, "好")
    assert second.handovers.recent(7) == ["好"]
