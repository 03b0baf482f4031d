"""SQLite's WAL checkpoints off the hot path.

Left to itself, SQLite checkpoints inside the commit that grows the WAL past 1000 pages: that
one event's commit then copies the whole WAL into the database and pays its fsyncs (measured
here: p99 of a commit 23 ms instead of about 2 ms). The store's connection turns automatic
checkpoints off and this thread, with its own connection, checkpoints PASSIVE (never waiting
for or blocking a writer) every `interval` seconds; when commits never pause, a short RESTART
after it keeps the WAL from growing without end.

Durability is unchanged by this: with journal_mode=WAL and synchronous=NORMAL a committed
event survives a crash of the process (it is in the WAL file), not a power loss or an OS crash
before the next checkpoint's fsync.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)
HOLD_AT_MOST = 1.0  # seconds a writer waits for a rewind before it goes ahead anyway
REWIND_AT = 1000  # WAL frames (about 4 MB) past which a tick rewinds the WAL (SQLite's own mark)


class Checkpointer:
    def __init__(self, path: Path | str, interval: float = 1.0) -> None:
        self.path, self.interval = str(path), interval
        self.done = 0  # checkpoints run, for tests
        self.rewound = 0  # of which the WAL was rewound while commits went on
        self._stop = threading.Event()
        self._clear = threading.Event()  # cleared while a rewind holds this process's writers
        self._clear.set()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=0.1, check_same_thread=False)
        try:
            while not self._stop.wait(self.interval):
                self.checkpoint(conn)
        finally:
            conn.close()

    def checkpoint(self, conn: sqlite3.Connection) -> None:
        try:
            # Once a pass has copied every frame, the next commit starts the WAL file over.
            _, frames, _ = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            self.done += 1
            if frames >= REWIND_AT:
                self._rewind(conn)
        except sqlite3.OperationalError as exc:  # busy or locked: the next tick tries again
            log.debug("checkpoint skipped: %s", exc)

    def hold(self) -> None:
        """Called before each write transaction of this process: waits while a rewind is
        under way (SQLite's busy handler alone would let a writer that never pauses starve it)."""
        if not self._clear.is_set():
            self._clear.wait(timeout=HOLD_AT_MOST)

    def _rewind(self, conn: sqlite3.Connection) -> None:
        """Under steady writes a PASSIVE pass never catches up (commits land while it copies),
        so the WAL would grow without end and every page read would search all of it. RESTART
        copies what the pass left (a few frames) once the commit in flight is done, holding
        this process's next one meanwhile; the next commit then starts the WAL over."""
        self._clear.clear()
        try:
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
            self.rewound += 0 if busy else 1
        finally:
            self._clear.set()
