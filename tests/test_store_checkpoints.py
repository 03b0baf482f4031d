"""WAL checkpoints run in their own thread, not inside an event's commit (bot/store/checkpoints.py)."""

from __future__ import annotations

import time
from pathlib import Path

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
