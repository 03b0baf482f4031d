"""Liveness in SQLite: was the service running when a reminder was due?

The delivery loop beats (`heartbeat`); at start-up a beat older than the gap allowed means the
service was down since then (`record_start` keeps that gap); a reminder sent late apologises
only when its due time fell in such a gap (`was_down_at`). A mixin of the SQLite store.
"""

from __future__ import annotations

from sqlite_utils import Database


class LivenessRows:
    db: Database

    def heartbeat(self, now: str) -> None:
        self.db.execute("INSERT INTO liveness (id, seen_at) VALUES (1, ?) ON CONFLICT(id) DO "
                        "UPDATE SET seen_at = excluded.seen_at WHERE excluded.seen_at > seen_at",
                        [now])

    def record_start(self, now: str, gap_after: str) -> None:
        """At start-up: when the service was last seen before `gap_after`, the time since
        then was a downtime."""
        row = self.db.execute("SELECT seen_at FROM liveness WHERE id = 1").fetchone()
        if row is not None and row[0] < gap_after:
            self.db.execute("INSERT INTO downtimes (from_at, to_at) VALUES (?, ?)", [row[0], now])
        self.heartbeat(now)

    def was_down_at(self, at: str) -> bool:
        row = self.db.execute("SELECT 1 FROM downtimes WHERE from_at <= ? AND ? < to_at LIMIT 1",
                              [at, at]).fetchone()
        return row is not None
