"""WAL checkpoints run in their own thread, not inside an event's commit (bot/store/checkpoints.py)."""

from __future__ import annotations

import time
from pathlib import Path

from bot.store.checkpoints import REWIND_AT
from bot.store.sqlite import Store


def wait_for(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met"
        time.sleep(0.02)


def test_commits_leave_checkpoints_to_the_background_thread(tmp_path: Path) -> None:
    db = tmp_path / "weiquan.db"
    store = Store(db)
    store.checkpoint_in_background(interval=0.05)
    try:
        assert store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
        before = db.stat().st_size
        for i in range(300):  # well past SQLite's own 1000-page threshold
            with store.transaction():
                store.enqueue(1, 1, "text", {"text": "x" * 8000, "i": i}, "2026", "2026")
        assert store.checkpoints is not None
        seen = store.checkpoints.done
        wait_for(lambda: store.checkpoints is not None and store.checkpoints.done >= seen + 2)
        assert db.stat().st_size > before + 300 * 8000  # the rows reached the database file
        with store.transaction():  # the first commit after a full checkpoint rewinds the WAL
            store.enqueue(1, 1, "text", {"text": "y"}, "2026", "2026")
        frames = store.db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]
        assert 0 < frames < 20  # the WAL holds the last commit only, not all 300
    finally:
        store.close()
    assert store.checkpoints is not None and not store.checkpoints._thread.is_alive()


def test_the_wal_is_rewound_while_commits_never_pause(tmp_path: Path) -> None:
    """A PASSIVE pass never catches up with a writer that never pauses (the bench, a busy
    bot): without the RESTART after it the WAL would keep every frame ever written."""
    store = Store(tmp_path / "weiquan.db")
    store.checkpoint_in_background(interval=0.05)
    try:
        checkpoints = store.checkpoints
        assert checkpoints is not None
        written, seen, after_rewinds = 0, 0, []
        deadline = time.monotonic() + 120
        while len(after_rewinds) < 3:
            assert time.monotonic() < deadline, "the WAL was never rewound"
            with store.transaction():
                store.enqueue(1, 1, "text", {"text": "x" * 8000, "i": written}, "2026", "2026")
            written += 1
            if checkpoints.rewound > seen:  # the commit above started the WAL over
                seen = checkpoints.rewound
                after_rewinds.append(store.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
                                     .fetchone()[1])
        assert 3 * written > REWIND_AT  # (3+ frames a commit) a WAL that was never left to idle
        assert all(0 <= frames < 100 for frames in after_rewinds), after_rewinds
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == written
    finally:
        store.close()
