"""One user's events in order across processes: while one transaction holds a user's lock, another
transaction that locks the same user waits until the first ends (commit or rollback)."""

from __future__ import annotations

import threading

import pytest

from bot.store.contract import Store
from tests.store_contract.given import AT

HELD = 0.3  # how long the first holder keeps the lock while the second must still wait


def test_a_users_lock_holds_a_second_transaction_until_the_first_ends(store: Store,
                                                                      second: Store) -> None:
    taken, done = threading.Event(), threading.Event()

    def other() -> None:
        with second.transaction():
            second.lock_user(7)
            taken.set()
            second.mark_processed("telegram", 2, 7, AT)
        done.set()

    with store.transaction():
        store.lock_user(7)
        store.mark_processed("telegram", 1, 7, AT)
        waiter = threading.Thread(target=other)
        waiter.start()
        assert not taken.wait(HELD)  # it waits for us
    assert done.wait(10)  # and goes on once we committed
    waiter.join(10)
    assert store.is_processed("telegram", 1) and store.is_processed("telegram", 2)


def test_a_rolled_back_transaction_lets_go_of_the_lock(store: Store, second: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.lock_user(7)
        raise RuntimeError("the step failed")
    with second.transaction():
        second.lock_user(7)  # at once: nobody holds it
        second.lock_user(7)  # and again in the same transaction, as a desk event may
        second.lock_user(8)
        second.mark_processed("telegram", 3, 7, AT)
    assert store.is_processed("telegram", 3)
