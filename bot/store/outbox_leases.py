"""Outbox rows claimed with a lease, so several senders on one database never send a row twice.

A sender (one per process, named by `bot.delivery.lease.owner_id`) claims a batch of due rows:
the claim writes `claimed_by` and `lease_until` on each row it takes, and only on rows that are
`pending`, unclaimed or claimed by someone whose lease has run out, in chats nobody else holds a
live lease in (one chat is served by one sender at a time: per-chat order). The claim is one
UPDATE ... RETURNING inside a write transaction: SQLite has one writer, so two claims never
interleave; PostgreSQL gets the same promise with `FOR UPDATE SKIP LOCKED` (and a per-chat lock).

A sender renews its leases while it holds rows, releases the rows it will not send (a retry, a
stop), and settles only rows it holds (`owner=` on sending / sent / retry / end). What a dead
sender held is resolved by the next claim after its lease ends, as a restart did before: a
reminder found `sending` ends `unknown` (at most once), a reply found `sending` is queued again.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager

from sqlite_utils import Database

from bot.store.records import Row

CLAIMED = ("id", "user_id", "chat_id", "case_id", "kind", "payload", "due_at", "attempts",
           "uncertain", "tried_at")
# "may or may not have it": the phrase tests/test_failover.py counts rows re-sent after a crash by
TAKEN_OVER = "its sender stopped during the send (lease ran out); Telegram may or may not have it"
# Rows a claim may take: due, pending, not claimed by a live lease, worded if a reminder, in a
# chat that no other sender holds and that waits out no retry. Per chat in (due_at, id) order,
# at most :per_chat of them; {kinds} leaves out the kinds a worker of their own carries out.
CLAIM_SQL = """
UPDATE outbox SET claimed_by = :owner, lease_until = :until
WHERE id IN (
  SELECT id FROM (
    SELECT id, due_at, ROW_NUMBER() OVER (PARTITION BY chat_id ORDER BY due_at, id) AS n
    FROM outbox
    WHERE status = 'pending' AND due_at <= :now {kinds}
      AND (claimed_by IS NULL OR (claimed_by <> :owner AND lease_until <= :now))
      AND NOT (kind = 'reminder' AND json_extract(payload, '$.message') IS NULL)
      AND chat_id NOT IN (SELECT chat_id FROM outbox WHERE status = 'pending'
                          AND retry_at > :now {kinds})
      AND chat_id NOT IN (SELECT chat_id FROM outbox WHERE status IN ('pending', 'sending')
                          AND claimed_by IS NOT NULL AND claimed_by <> :owner
                          AND lease_until > :now {kinds})
  ) WHERE n <= :per_chat ORDER BY due_at, id LIMIT :limit)
RETURNING """ + ", ".join(CLAIMED)


# Jobs (rows a worker of their own carries out): the chat's first due job, once the replies its
# chat was given before it went out, in chats where no job is claimed by a live lease (one job
# per chat at a time, whoever runs it).
JOBS_CLAIM_SQL = """
UPDATE outbox SET claimed_by = :owner, lease_until = :until
WHERE status = 'pending' AND id IN (
  SELECT id FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY chat_id ORDER BY id) AS n FROM outbox AS j
    WHERE status = 'pending' AND kind IN ({kinds}) AND due_at <= :now
      AND (retry_at IS NULL OR retry_at <= :now)
      AND (claimed_by IS NULL OR (claimed_by <> :owner AND lease_until <= :now))
      AND NOT EXISTS (SELECT 1 FROM outbox AS r WHERE r.chat_id = j.chat_id AND r.id < j.id
                      AND r.status IN ('pending', 'sending')
                      AND r.kind NOT IN ('reminder', {kinds}) AND r.due_at <= :now)
      AND chat_id NOT IN (SELECT chat_id FROM outbox WHERE kind IN ({kinds})
                          AND status IN ('pending', 'sending') AND claimed_by IS NOT NULL
                          AND lease_until > :now)
  ) AS firsts WHERE n = 1 ORDER BY id LIMIT :limit)
RETURNING """ + ", ".join(CLAIMED)


def _names(kinds: frozenset[str]) -> str:
    assert kinds and all(k.isidentifier() for k in kinds)  # they go into the SQL text
    return ",".join(repr(k) for k in sorted(kinds))


def _kinds(apart: frozenset[str]) -> str:
    assert all(k.isidentifier() for k in apart)  # they go into the SQL text
    return f"AND kind NOT IN ({','.join(repr(k) for k in sorted(apart))})" if apart else ""


class OutboxLeases:
    db: Database

    def _tx(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def claim(self, owner: str, now: str, until: str, limit: int = 200, per_chat: int = 20,
              apart: frozenset[str] = frozenset()) -> list[Row]:
        """Own transaction. Resolves what senders whose lease ran out left `sending`, then
        claims up to `limit` due rows (at most `per_chat` a chat) for `owner` until `until`;
        returns them in (due_at, id) order. Never a row another live lease holds, never a row
        of a chat another live lease holds."""
        with self._tx():
            self._take_over(owner, now)
            sql = CLAIM_SQL.format(kinds=_kinds(apart))
            got = self.db.execute(sql, {"owner": owner, "now": now, "until": until,
                                        "per_chat": per_chat, "limit": limit}).fetchall()
        rows = [{**dict(zip(CLAIMED, r, strict=True)), "payload": json.loads(r[5])} for r in got]
        return sorted(rows, key=lambda r: (r["due_at"], r["id"]))

    def claim_jobs(self, owner: str, now: str, until: str, kinds: frozenset[str],
                   limit: int = 50) -> list[Row]:
        """Own transaction. As `claim`, for jobs of these kinds: each chat's first due job
        whose chat has no earlier reply still to go and no job claimed by a live lease (its
        own included: one job per chat at a time); in id order."""
        with self._tx():
            self._take_over(owner, now)
            got = self.db.execute(JOBS_CLAIM_SQL.format(kinds=_names(kinds)),
                                  {"owner": owner, "now": now, "until": until,
                                   "limit": limit}).fetchall()
        rows = [{**dict(zip(CLAIMED, r, strict=True)), "payload": json.loads(r[5])} for r in got]
        return sorted(rows, key=lambda r: r["id"])

    def _take_over(self, owner: str, now: str) -> None:
        """Rows left `sending` by another sender whose lease ran out: settled as after a crash."""
        # the IN repeats the partial index outbox_claimed's condition so that SQLite uses it:
        # without it each claim scanned the whole outbox (200 ms at 1M rows, under the write lock)
        expired = "status IN ('pending', 'sending') AND status='sending' " \
                  "AND claimed_by IS NOT NULL AND claimed_by <> ? AND lease_until <= ?"
        self.db.execute(f"UPDATE outbox SET status='unknown', last_error=? WHERE {expired} "
                        f"AND kind='reminder'", [TAKEN_OVER, owner, now])
        self.db.execute(f"UPDATE outbox SET status='pending', uncertain=uncertain+1, "
                        f"last_error=?, claimed_by=NULL, lease_until=NULL WHERE {expired}",
                        [TAKEN_OVER, owner, now])

    def renew(self, owner: str, until: str) -> int:
        """Every row `owner` holds (pending or sending) is held until `until`; how many."""
        cur = self.db.execute("UPDATE outbox SET lease_until=? WHERE claimed_by=? AND "
                              "status IN ('pending', 'sending')", [until, owner])
        return int(cur.rowcount or 0)

    def release(self, owner: str, row_ids: list[int] | None = None) -> int:
        """Pending rows `owner` holds and will not send (all of them with None): free for any
        claim again. A row already `sending` is not released: its send is in doubt."""
        where = "claimed_by=? AND status='pending'"
        args: list[object] = [owner]
        if row_ids is not None:
            if not row_ids:
                return 0
            where += f" AND id IN ({','.join('?' * len(row_ids))})"
            args += row_ids
        cur = self.db.execute(f"UPDATE outbox SET claimed_by=NULL, lease_until=NULL "
                              f"WHERE {where}", args)
        return int(cur.rowcount or 0)

    def claimants(self) -> list[str]:
        """Who holds pending or sending rows now (live leases or not), for the start-up check
        of which of them are dead."""
        rows = self.db.execute("SELECT DISTINCT claimed_by FROM outbox WHERE claimed_by IS "
                               "NOT NULL AND status IN ('pending', 'sending') ORDER BY 1")
        return [r[0] for r in rows.fetchall()]
