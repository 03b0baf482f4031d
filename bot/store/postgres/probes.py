"""Read-only questions to PostgreSQL from other threads (/healthz, /metrics): each on a short
connection of its own, in a read-only transaction, so a scrape never waits on the store's pool
and a stuck event loop does not stop it."""

from __future__ import annotations

from typing import Any

import psycopg

from bot.store.records import Gauges

CONNECT_TIMEOUT = 2  # seconds


class PgProbes:
    def __init__(self, url: str) -> None:
        self.path = url

    def _connect(self) -> psycopg.Connection[Any]:
        conn = psycopg.connect(self.path, connect_timeout=CONNECT_TIMEOUT,
                               options="-c default_transaction_read_only=on "
                                       "-c statement_timeout=2000")
        return conn

    def ping(self) -> str | None:
        """None when the database answers a query, else why not."""
        try:
            with self._connect() as conn:
                conn.execute("SELECT count(*) FROM liveness").fetchone()
        except psycopg.Error as exc:
            return str(exc).strip() or type(exc).__name__
        return None

    def gauges(self, watched: tuple[str, ...]) -> Gauges:
        """Outbox rows in the watched states by kind, reminders sent, hand-overs waiting."""
        with self._connect() as conn:
            rows = [(str(s), str(k), int(n)) for s, k, n in conn.execute(
                "SELECT status, kind, count(*) FROM outbox WHERE status = ANY(%s) "
                "GROUP BY status, kind", [list(watched)])]
            sent = conn.execute("SELECT count(*) FROM outbox WHERE kind='reminder' AND "
                                "status='sent'").fetchone()
            waiting = conn.execute("SELECT count(*) FROM handovers WHERE state='waiting'"
                                   ).fetchone()
        return Gauges(rows, int(sent[0] if sent else 0), int(waiting[0] if waiting else 0))
