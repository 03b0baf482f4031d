"""The outbox marks of chats served at one moment share a commit (bot/delivery/marks.py), and
each keeps its own promise: committed before its caller goes on, failing alone, never written
for a caller that gave up (nothing is sent for it)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.delivery.marks import GroupCommit
from bot.store.sqlite import Store


def statuses(store: Store) -> dict[int, str]:
    return dict(store.db.execute("SELECT id, status FROM outbox").fetchall())


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store(tmp_path / "w.db")
    yield opened  # type: ignore[misc]
    opened.close()


def rows(store: Store, n: int) -> list[int]:
    return [store.enqueue(i, i, "send_text", {}, "2026-01-01", "2026-01-01") for i in range(n)]


async def test_marks_asked_at_one_moment_are_one_commit_and_each_is_committed(
        store: Store) -> None:
    ids = rows(store, 5)
    begun: list[str] = []
    store.db.conn.set_trace_callback(lambda sql: begun.append(sql) if sql.startswith("BEGIN")
                                     else None)
    marks = GroupCommit(store)
    marked = await asyncio.gather(*(marks(lambda i=i: store.rows.sending(i, "2026-01-01"))
                                    for i in ids))
    store.db.conn.set_trace_callback(None)
    assert marked == [True] * 5
    assert len(begun) == 1  # one transaction for the five
    assert set(statuses(store).values()) == {"sending"}
    # another connection (a process after a crash) sees them: they were committed
    other = Store(store.path)
    assert {s for _, s in other.db.execute("SELECT id, status FROM outbox")} == {"sending"}
    other.close()


async def test_each_caller_gets_its_own_answer(store: Store) -> None:
    first, second = rows(store, 2)
    store.rows.sent(second, "2026-01-01")  # settled already: not `sending` again
    marks = GroupCommit(store)
    answers = await asyncio.gather(marks(lambda: store.rows.sending(first, "2026-01-01")),
                                   marks(lambda: store.rows.sending(second, "2026-01-01")))
    assert answers == [True, False]
    assert statuses(store) == {first: "sending", second: "sent"}


async def test_a_mark_that_fails_fails_alone(store: Store) -> None:
    ids = rows(store, 3)
    marks = GroupCommit(store)

    def broken() -> bool:
        store.rows.sending(ids[1], "2026-01-01")
        raise OSError("disk full")

    answers = await asyncio.gather(marks(lambda: store.rows.sending(ids[0], "2026-01-01")),
                                   marks(broken),
                                   marks(lambda: store.rows.sending(ids[2], "2026-01-01")),
                                   return_exceptions=True)
    assert answers[0] is True and answers[2] is True
    assert isinstance(answers[1], OSError)
    assert statuses(store)[ids[0]] == "sending" and statuses(store)[ids[2]] == "sending"
    assert not store.in_transaction


async def test_a_caller_that_gave_up_before_the_commit_is_not_marked(store: Store) -> None:
    kept, dropped = rows(store, 2)
    marks = GroupCommit(store)
    keep = asyncio.ensure_future(marks(lambda: store.rows.sending(kept, "2026-01-01")))
    drop = asyncio.ensure_future(marks(lambda: store.rows.sending(dropped, "2026-01-01")))
    await asyncio.sleep(0)  # both queued, not yet written
    drop.cancel()
    assert await keep is True
    with pytest.raises(asyncio.CancelledError):
        await drop
    assert statuses(store) == {kept: "sending", dropped: "pending"}


async def test_a_locked_store_fails_every_mark_at_once_and_marks_nothing(tmp_path: Path) -> None:
    """Locked past the busy timeout: each caller gets the store's error after one wait, not
    one wait each (the event loop would stand still that much longer), and no row moved."""
    import sqlite3
    import time

    store = Store(tmp_path / "w.db", busy_timeout=0.5)
    ids = rows(store, 3)
    other = sqlite3.connect(str(tmp_path / "w.db"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    marks = GroupCommit(store)
    began = time.monotonic()
    answers = await asyncio.gather(*(marks(lambda i=i: store.rows.sending(i, "2026-01-01"))
                                     for i in ids), return_exceptions=True)
    waited = time.monotonic() - began
    other.execute("ROLLBACK")
    other.close()
    assert all(isinstance(a, sqlite3.OperationalError) for a in answers), answers
    assert waited < 1.5  # one busy timeout (0.5 s), not four
    assert set(statuses(store).values()) == {"pending"}
    assert not store.in_transaction
    store.close()
