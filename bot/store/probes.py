"""Read-only questions to the SQLite file from other threads (/healthz, /metrics): each on a
connection of its own, opened read-only, so a scrape never takes a lock a writer needs and a
stuck event loop does not stop it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.store.records import Gauges


class SqliteProbes:
    def __init__(self, path: Path | str) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=2.0)

    def ping(self) -> str | None:
        """None when the database answers a query, else why not."""
        try:
            conn = self._connect()
            try:
                conn.execute("SELECT count(*) FROM liveness").fetchone()
            finally:
                conn.close()
        except sqlite3.Error as exc:
            return str(exc)
        return None

    def gauges(self, watched: tuple[str, ...]) -> Gauges:
        """Outbox rows in the watched states by kind, reminders sent, hand-overs waiting."""
        conn = self._connect()
        try:
            marks = ",".join("?" * len(watched))
            rows = [(str(s), str(k), int(n)) for s, k, n in conn.execute(
                f"SELECT status, kind, count(*) FROM outbox WHERE status IN ({marks}) "
                "GROUP BY status, kind", watched)]
            (sent,) = conn.execute("SELECT count(*) FROM outbox WHERE kind='reminder' AND "
                                   "status='sent'").fetchone()
            (waiting,) = conn.execute("SELECT count(*) FROM handovers WHERE state='waiting'"
                                      ).fetchone()
        finally:
            conn.close()
        return Gauges(rows, int(sent), int(waiting))
