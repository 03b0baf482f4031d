"""Outbox leases and shared send rates on PostgreSQL (the SQLite classes: bot/store/
outbox_leases.py, outbox_rows.py, pace.py).

Claims are serialised by a transaction-level advisory lock, as SQLite's one writer serialises
them: the claim's UPDATE then reads every claim committed before it. `FOR UPDATE SKIP LOCKED`
alone would let a claim skip a chat's first row (locked for a moment by an event's
transaction) and take its second: a chat's messages out of order. Row-level locking still
applies (the UPDATE waits for an event's transaction that holds a row, and re-checks
`status = 'pending'` on the row it then sees). Send slots are reserved under a lock of their
own for the same reason: two reservations must not read the same free slot.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager

from bot.store.outbox_leases import CLAIMED, JOBS_CLAIM_SQL, _kinds, _names
from bot.store.outbox_rows import OutboxRows
from bot.store.pace import SendPace
from bot.store.postgres.sql import Sql
from bot.store.records import Row

CLAIM_LOCK = 0x636C  # pg_advisory_xact_lock(class, 0) classes: claims
PACE_LOCK = 0x7061  # ... and send-slot reservations
CLAIM_SQL = """
UPDATE outbox SET claimed_by = :owner, lease_until = :until
WHERE status = 'pending' AND id IN (
  SELECT id FROM (
    SELECT id, due_at, ROW_NUMBER() OVER (PARTITION BY chat_id ORDER BY due_at, id) AS n
    FROM outbox
    WHERE status = 'pending' AND due_at <= :now {kinds}
      AND (claimed_by IS NULL OR (claimed_by <> :owner AND lease_until <= :now))
      AND NOT (kind = 'reminder'
               AND COALESCE(payload::jsonb -> 'message', 'null'::jsonb) = 'null'::jsonb)
      AND chat_id NOT IN (SELECT chat_id FROM outbox WHERE status = 'pending'
                          AND retry_at > :now {kinds})
      AND chat_id NOT IN (SELECT chat_id FROM outbox WHERE status IN ('pending', 'sending')
                          AND claimed_by IS NOT NULL AND claimed_by <> :owner
                          AND lease_until > :now {kinds})
  ) AS ranked WHERE n <= :per_chat ORDER BY due_at, id LIMIT :limit)
RETURNING """ + ", ".join(CLAIMED)


class PgOutboxRows(OutboxRows):
    db: Sql  # type: ignore[assignment]

    def _tx(self) -> AbstractContextManager[None]:
        return self.db.joined()

    def claim(self, owner: str, now: str, until: str, limit: int = 200, per_chat: int = 20,
              apart: frozenset[str] = frozenset()) -> list[Row]:
        with self._tx():
            self.db.execute("SELECT pg_advisory_xact_lock(?, 0)", [CLAIM_LOCK])
            self._take_over(owner, now)
            got = self.db.execute(CLAIM_SQL.format(kinds=_kinds(apart)),
                                  {"owner": owner, "now": now, "until": until,
                                   "per_chat": per_chat, "limit": limit}).fetchall()
        rows = [{**dict(zip(CLAIMED, r, strict=True)), "payload": json.loads(r[5])} for r in got]
        return sorted(rows, key=lambda r: (r["due_at"], r["id"]))

    def claim_jobs(self, owner: str, now: str, until: str, kinds: frozenset[str],
                   limit: int = 50) -> list[Row]:
        with self._tx():
            self.db.execute("SELECT pg_advisory_xact_lock(?, 0)", [CLAIM_LOCK])
            self._take_over(owner, now)
            got = self.db.execute(JOBS_CLAIM_SQL.format(kinds=_names(kinds)),
                                  {"owner": owner, "now": now, "until": until,
                                   "limit": limit}).fetchall()
        rows = [{**dict(zip(CLAIMED, r, strict=True)), "payload": json.loads(r[5])} for r in got]
        return sorted(rows, key=lambda r: r["id"])


class PgSendPace(SendPace):
    db: Sql  # type: ignore[assignment]

    def reserve(self, chat: str | None, chat_interval: float, burst: int,
                overall_interval: float, now: float) -> float:
        with self._tx():
            self.db.execute("SELECT pg_advisory_xact_lock(?, 0)", [PACE_LOCK])
            return super().reserve(chat, chat_interval, burst, overall_interval, now)

    def _tx(self) -> AbstractContextManager[None]:
        return self.db.joined()
