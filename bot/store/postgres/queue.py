"""The hot path's statements where PostgreSQL's dialect differs from SQLite's: processed
updates (the "applied once" arbiter), the outbox queue, liveness and deferred updates.

Each class extends its SQLite counterpart and overrides only what differs: JSON looked into
with `::jsonb`, ids returned by `RETURNING`, upserts named `ON CONFLICT`, and the order of
processed updates kept in `seq` (SQLite's rowid).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.store.outbox import REMINDED, LivenessRows, OutboxQueue, payload_text
from bot.store.postgres.sql import Sql
from bot.store.records import Row
from bot.store.updates import DeferredRows, ProcessedUpdates

UPDATE_LOCKS = 0x7570  # pg_advisory_xact_lock(class, key) class of processed-update keys
NO_MESSAGE = "COALESCE(payload::jsonb -> 'message', 'null'::jsonb) = 'null'::jsonb"


class PgUpdates(ProcessedUpdates):
    db: Sql  # type: ignore[assignment]

    def last_processed_at(self) -> datetime | None:
        row = self.db.execute("SELECT processed_at FROM processed_updates "
                              "ORDER BY seq DESC LIMIT 1").fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def _lock_update(self, source: str, update_id: int) -> None:
        """Inside a transaction, a second process asking about the same update waits for the
        first one's commit and then sees it (SQLite's single writer gives that for free)."""
        if self.db.in_transaction:
            self.db.execute("SELECT pg_advisory_xact_lock(?, hashtext(? || ':' || ?))",
                            [UPDATE_LOCKS, source, str(update_id)])

    def is_processed(self, source: str, update_id: int) -> bool:
        self._lock_update(source, update_id)
        return super().is_processed(source, update_id)

    def mark_processed(self, source: str, update_id: int, user_id: int, at: str) -> None:
        self._lock_update(source, update_id)
        self.db.execute("INSERT INTO processed_updates (source, update_id, user_id, "
                        "processed_at) VALUES (?, ?, ?, ?)", [source, update_id, user_id, at])

    def claim_update(self, source: str, update_id: int, user_id: int, at: str) -> bool:
        self._lock_update(source, update_id)
        return super().claim_update(source, update_id, user_id, at)

    def lock_user(self, user_id: int) -> None:
        """Until the transaction ends, another process's transaction for the same user waits
        here: one user's updates are applied in order; other users go on in parallel."""
        self.db.execute("SELECT pg_advisory_xact_lock(?::bigint)", [user_id])  # the 64-bit
        # key space: apart from the (class, key) pairs of the other locks


class PgOutbox(OutboxQueue):
    db: Sql  # type: ignore[assignment]

    def enqueue(self, user_id: int, chat_id: int, kind: str, payload: Any,
                due_at: str, at: str, case_id: int | None = None) -> int:
        row = self.db.execute(
            "INSERT INTO outbox (user_id, chat_id, case_id, kind, payload, due_at, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [user_id, chat_id, case_id, kind, payload_text(payload), due_at, at]).fetchone()
        assert row is not None
        return int(row[0])

    def _reminded(self, case_id: int) -> list[tuple[str, str, str]]:
        return self.db.execute(
            "SELECT key, payload::jsonb ->> 'rule', due_at FROM outbox WHERE case_id=? "
            "AND kind='reminder' AND status = ANY(?)", [case_id, list(REMINDED)]).fetchall()

    def later_reminder_due(self, case_id: int, rule: str, due_at: str, now: str,
                           row_id: int = 0) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM outbox WHERE case_id=? AND kind='reminder' AND status='pending' "
            "AND (due_at > ? OR (due_at = ? AND id > ?)) AND due_at <= ? "
            "AND payload::jsonb ->> 'rule' = ? LIMIT 1",
            [case_id, due_at, due_at, row_id, now, rule]).fetchone()
        return row is not None

    def due_reminders(self, now: str, limit: int = 100) -> list[Row]:
        rows = self.db.execute(
            f"SELECT id, user_id, chat_id, case_id, payload, due_at FROM outbox "
            f"WHERE kind='reminder' AND status='pending' AND due_at <= ? AND {NO_MESSAGE} "
            f"ORDER BY due_at, id LIMIT ?", [now, limit]).fetchall()
        keys = ("id", "user_id", "chat_id", "case_id", "payload", "due_at")
        return [{**dict(zip(keys, r, strict=True)), "payload": json.loads(r[4])} for r in rows]

    def word_reminder(self, row_id: int, message: dict[str, Any]) -> None:
        self._set(row_id, "message", message, "AND kind='reminder' AND status='pending'")

    def unword_reminders(self) -> int:
        cur = self.db.execute(
            f"UPDATE outbox SET payload=(payload::jsonb - 'message')::text WHERE "
            f"kind='reminder' AND status='pending' AND NOT {NO_MESSAGE}")
        return int(cur.rowcount or 0)

    def keep_report(self, row_id: int, report: dict[str, Any]) -> None:
        self._set(row_id, "report", report)

    def _set(self, row_id: int, name: str, value: dict[str, Any], where: str = "") -> None:
        """json_set(payload, '$.name', value), keeping the other keys as they were written."""
        row = self.db.execute(f"SELECT payload FROM outbox WHERE id=? {where} FOR UPDATE",
                              [row_id]).fetchone()
        if row is None:
            return
        payload = {**json.loads(row[0]), name: value}
        self.db.execute("UPDATE outbox SET payload=? WHERE id=?",
                        [json.dumps(payload, ensure_ascii=False), row_id])

    def reports_waiting(self, limit: int = 100) -> list[Row]:
        rows = self.db.execute(
            "SELECT id, user_id, chat_id, payload::jsonb -> 'report' FROM outbox "
            "WHERE status='sending' AND kind='download_file' "
            "AND COALESCE(payload::jsonb -> 'report', 'null'::jsonb) != 'null'::jsonb "
            "ORDER BY id LIMIT ?", [limit]).fetchall()
        return [{"id": r[0], "user_id": r[1], "chat_id": r[2], "report": r[3]} for r in rows]


class PgLiveness(LivenessRows):
    db: Sql  # type: ignore[assignment]

    def heartbeat(self, now: str) -> None:
        self.db.execute("INSERT INTO liveness (id, seen_at) VALUES (1, ?) ON CONFLICT (id) DO "
                        "UPDATE SET seen_at = excluded.seen_at "
                        "WHERE excluded.seen_at > liveness.seen_at", [now])


class PgDeferredRows(DeferredRows):
    db: Sql  # type: ignore[assignment]

    def keep(self, source: str, update_id: int, user_id: int | None, body: str, error: str,
             at: str) -> None:
        """Kept (again) under the first update id of the batch; the newest error wins and the
        count of attempts starts over (SQLite's INSERT OR REPLACE)."""
        self.db.execute(
            "INSERT INTO deferred_updates (source, update_id, user_id, body, error, "
            "deferred_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source, update_id) DO UPDATE "
            "SET user_id=excluded.user_id, body=excluded.body, error=excluded.error, "
            "deferred_at=excluded.deferred_at, attempts=0",
            [source, update_id, user_id, body, error[:500], at])
