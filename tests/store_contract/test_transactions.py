"""One write transaction at a time; all of it or nothing; what two connections see."""

from __future__ import annotations

import threading

import pytest

from bot.store.contract import Store
from tests.store_contract.given import AT, case, key, reply


def test_everything_in_a_failed_transaction_is_rolled_back(store: Store) -> None:
    case_id = case(store, 1)
    before = store.load(1, 1, "zh", "Asia/Shanghai")
    with pytest.raises(RuntimeError), store.transaction():
        after = before.clone()
        after.cases[case_id].status = "resolved"
        after.session.state = "reviewing"
        store.save(before, after, AT, "你好")
        store.enqueue(1, 1, "send_text", {"text": "x"}, key(0), AT, case_id)
        store.mark_processed("telegram", 1, 1, AT)
        raise RuntimeError("the commit never happens")
    again = store.load(1, 1, "zh", "Asia/Shanghai")
    assert again.cases[case_id].status == "draft" and again.session.state == before.session.state
    assert store.due(key(59)) == [] and not store.is_processed("telegram", 1)
    assert store.handovers.recent(1) == []
    assert store.in_transaction is False


def test_in_transaction_says_whether_one_is_open(store: Store) -> None:
    assert not store.in_transaction
    with store.transaction():
        assert store.in_transaction
    assert not store.in_transaction


@pytest.mark.parametrize("own", ["recover", "block"])
def test_methods_with_their_own_transaction_join_the_callers(store: Store, own: str) -> None:
    row_id = reply(store, 1, key(0))
    with store.transaction():
        store.rows.sending(row_id, AT)
        if own == "recover":
            store.rows.recover()
        else:
            store.rows.block(1, AT, "403")
        assert store.in_transaction  # still the caller's
    assert store.in_transaction is False


def test_a_commit_is_seen_by_another_connection_only_once_committed(store: Store,
                                                                     second: Store) -> None:
    with store.transaction():
        row_id = store.enqueue(1, 1, "send_text", {"text": "好"}, key(0), AT)
        assert second.due(key(59)) == []
    assert [r["id"] for r in second.due(key(59))] == [row_id]


def test_two_connections_write_one_after_the_other(store: Store, second: Store) -> None:
    """A writer on another connection waits for the open write transaction and then sees its
    commit: the same update offered to both is applied by exactly one."""
    entered, release = threading.Event(), threading.Event()
    outcome: list[str] = []

    def first() -> None:
        with store.transaction():
            store.mark_processed("telegram", 42, 1, AT)
            entered.set()
            release.wait(10)

    worker = threading.Thread(target=first)
    worker.start()
    assert entered.wait(10)

    def other() -> None:
        with second.transaction():
            if second.is_processed("telegram", 42):
                outcome.append("skipped")
            else:
                second.mark_processed("telegram", 42, 1, AT)
                outcome.append("applied")

    waiting = threading.Thread(target=other)
    waiting.start()  # it waits for the first writer's lock, or finds its commit
    release.set()
    worker.join(10)
    waiting.join(10)
    assert outcome == ["skipped"]


def test_a_concurrent_store_runs_transactions_in_threads_at_once(store: Store) -> None:
    """What `concurrent` promises the service (which then runs each event's transaction in a
    worker thread): two threads' transactions on one store open at the same time, each its
    own (the other thread is not inside it), each committed."""
    assert isinstance(store.concurrent, bool)
    if not store.concurrent:
        return  # one connection: the service keeps its transactions on the event loop
    both_in = threading.Barrier(2, timeout=10)
    seen: list[bool] = []

    def one(n: int) -> None:
        with store.transaction():
            store.mark_processed("telegram", n, n, AT)
            both_in.wait()  # the other thread's transaction is open too
            seen.append(store.in_transaction)
            both_in.wait()
    threads = [threading.Thread(target=one, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == [True, True] and not store.in_transaction
    assert store.is_processed("telegram", 1) and store.is_processed("telegram", 2)


def test_two_transactions_taking_the_next_case_id_both_get_a_case(store: Store,
                                                                  second: Store) -> None:
    """Both load the same next case id; the one that loses the race raises one of
    `store.conflicts` (nothing of it written) and, run again, takes the id after."""
    loaded = threading.Event()
    made: dict[int, int] = {}
    tries: list[int] = []

    def file_case(s: Store, user: int, first: bool) -> None:
        while True:
            tries.append(user)
            try:
                made[user] = case(s, user) if not first else _slow_case(s, user, loaded)
                return
            except s.conflicts:
                continue

    a = threading.Thread(target=file_case, args=(store, 1, True))
    a.start()
    assert loaded.wait(10)
    b = threading.Thread(target=file_case, args=(second, 2, False))
    b.start()
    a.join(20)
    b.join(20)
    assert sorted(made.values()) == [1, 2]
    assert sorted(c.id for u in (1, 2) for c in store.user_cases(u)) == [1, 2]
    assert len(tries) <= 3  # at most the loser ran twice


def _slow_case(s: Store, user: int, loaded: threading.Event) -> int:
    """A case filed by a transaction that holds its next id for a moment before the commit."""
    from dialogs.snapshot import Case

    with s.transaction():
        before = s.load(user, user, "zh", "Asia/Shanghai")
        loaded.set()
        threading.Event().wait(0.3)  # the other transaction loads meanwhile (or waits: SQLite)
        after = before.clone()
        after.cases[before.next_case_id] = Case(id=before.next_case_id, user_id=user,
                                                status="draft", category="quality", fields={},
                                                created_at=AT, updated_at=AT)
        s.save(before, after, AT)
    return before.next_case_id
