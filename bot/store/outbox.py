"""The outbox queue in SQLite: rows written with the change that caused them, read when due;
and the service's liveness, which decides whether a reminder sent late says sorry.

Mixins of the SQLite store (`store.enqueue`, `store.due`, ..., `store.heartbeat`); the rows'
delivery states after that are bot/store/outbox_rows.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from sqlite_utils import Database

from bot.store.jsontext import dumps
from bot.store.outbox_rows import OutboxRows
from bot.store.records import STATUSES, Queued, Row

# The delivery loop's question. The partial index outbox_due answers it without a table scan.
# A chat waiting out a retry (retry_at in the future) holds all its rows: per-chat order.
# Rows of `apart` kinds (jobs done by their own worker) are neither sent nor hold a chat back.
DUE_APART = ("SELECT id, user_id, chat_id, case_id, kind, payload, due_at, attempts, uncertain, "
             "tried_at FROM outbox WHERE status = 'pending' AND due_at <= :now {kinds} "
             "AND chat_id NOT IN (SELECT chat_id FROM outbox WHERE status = 'pending' "
             "AND retry_at > :now {kinds}) ORDER BY due_at, id LIMIT :limit")
DUE_SQL = DUE_APART.format(kinds="")
DUE_KEYS = ("id", "user_id", "chat_id", "case_id", "kind", "payload", "due_at", "attempts",
            "uncertain", "tried_at")
# Due jobs whose chat has no earlier reply still to go (reminders and other jobs aside).
JOBS_SQL = (
    "SELECT id, user_id, chat_id, case_id, kind, payload, due_at, attempts FROM outbox AS j "
    "WHERE status = 'pending' AND kind IN ({kinds}) AND due_at <= :now "
    "AND (retry_at IS NULL OR retry_at <= :now) AND NOT EXISTS ("
    "SELECT 1 FROM outbox AS r WHERE r.chat_id = j.chat_id AND r.id < j.id "
    "AND r.status IN ('pending', 'sending') AND r.kind NOT IN ('reminder', {kinds}) "
    "AND r.due_at <= :now) ORDER BY id LIMIT :limit")
JOBS_KEYS = ("id", "user_id", "chat_id", "case_id", "kind", "payload", "due_at", "attempts")
LISTED = ("id", "chat", "user", "case", "kind", "status", "due_at", "retry_at", "attempts",
          "error", "sent_at", "held_by", "held_until")  # held: the lease of the sender on it
# The rows of a user or case that go when they are forgotten or purged: those that will not be
# sent, and their reminders and download jobs even while pending.
GOING = "(status != 'pending' OR kind IN ('reminder', 'download_file'))"
# Outbox ids are MAX(id) + 1 (no AUTOINCREMENT, bot/store/migrations.py m015): the newest row is
# never deleted, or its id would be handed out again (a sender still holding the old row could
# then settle the new one). Before a delete of `scope`'s rows, the newest, if it is one of them,
# becomes a tombstone: no user, chat, case or text, and nothing left to send.
TOMBSTONE_NEWEST = (
    "UPDATE outbox SET user_id=0, chat_id=0, case_id=NULL, payload='{{}}', key=NULL, "
    "claimed_by=NULL, lease_until=NULL, retry_at=NULL, status=CASE WHEN status IN "
    "('pending', 'sending', 'suspended') THEN 'cancelled' ELSE status END "
    "WHERE id = (SELECT MAX(id) FROM outbox) AND {scope} AND " + GOING)
# A tombstone that holds an id as the newest (`weiquan db copy`: ids the source handed out).
TOMBSTONE_AT = ("INSERT INTO outbox (id, user_id, chat_id, kind, payload, due_at, status, "
                "created_at) SELECT ?, 0, 0, 'send_text', '{}', '', 'cancelled', '' "
                "WHERE ? > (SELECT COALESCE(MAX(id), 0) FROM outbox)")
# Reminders that went out, or may have: a window's slot holding one of these is taken.
REMINDED = ("sent", "skipped", "sending", "unknown")


# JSON text of a value (bot/store/jsontext.py: what json.dumps(value, ensure_ascii=False) says,
# compact and faster)
to_json = dumps


# The chat blocked us, or its user is banned: their reminders wait (`suspended`). Through the
# users_chat index (migration m016), not a scan of every user, in every reschedule.
BLOCKED_SQL = ("SELECT 1 FROM users WHERE chat_id=? AND blocked_at IS NOT NULL "
               "UNION ALL SELECT 1 FROM bans WHERE user_id=?")


def payload_text(payload: Any) -> str:
    return payload if isinstance(payload, str) else to_json(payload)


# An outbox row's payload as enqueue binds it: "CAST(? AS TEXT)" takes JSON text or its UTF-8
# bytes alike (a store's `json_param`: bytes in SQLite, text in PostgreSQL)
PAYLOAD = "CAST(? AS TEXT)"


def _names(kinds: frozenset[str]) -> str:
    assert all(k.isidentifier() for k in kinds)  # they go into the SQL text
    return ",".join(f"'{k}'" for k in sorted(kinds))


class OutboxQueue:
    db: Database
    rows: OutboxRows
    json_param: Callable[[Any], str | bytes | bytearray]  # the store's JSON as it binds it

    def enqueue(self, user_id: int, chat_id: int, kind: str, payload: Any,
                due_at: str, at: str, case_id: int | None = None) -> int:
        """`payload`: a dict or an action (a dataclass), or its JSON text already."""
        cur = self.db.execute(
            "INSERT INTO outbox (user_id, chat_id, case_id, kind, payload, due_at, created_at) "
            f"VALUES (?, ?, ?, ?, {PAYLOAD}, ?, ?)",
            [user_id, chat_id, case_id, kind, self._payload(payload), due_at, at])
        return int(cur.lastrowid or 0)

    def _payload(self, payload: Any) -> str | bytes | bytearray:
        return payload if isinstance(payload, str) else self.json_param(payload)

    def enqueue_all(self, rows: Sequence[Queued]) -> None:
        """Rows of one event in one statement (ids ascending in the order given): an event's
        replies, usually one, often two or three."""
        if len(rows) == 1:
            self.enqueue(*rows[0])
        elif rows:
            self.db.execute(
                "INSERT INTO outbox (user_id, chat_id, case_id, kind, payload, due_at, created_at) "
                "VALUES " + ", ".join([f"(?, ?, ?, ?, {PAYLOAD}, ?, ?)"] * len(rows)),
                [value for user_id, chat_id, kind, payload, due_at, at, case_id in rows
                 for value in (user_id, chat_id, case_id, kind, self._payload(payload), due_at,
                               at)])

    def due(self, now: str, limit: int = 100, apart: frozenset[str] = frozenset()) -> list[Row]:
        sql = DUE_APART.format(kinds=f"AND kind NOT IN ({_names(apart)})") if apart else DUE_SQL
        rows = self.db.execute(sql, {"now": now, "limit": limit}).fetchall()
        return [{**dict(zip(DUE_KEYS, r, strict=True)), "payload": json.loads(r[5])}
                for r in rows]

    def jobs_due(self, now: str, kinds: frozenset[str], limit: int = 200) -> list[Row]:
        """Due rows of these kinds (jobs with a worker of their own) whose chat has no earlier
        reply still to go, in row order."""
        sql = JOBS_SQL.format(kinds=_names(kinds))
        rows = self.db.execute(sql, {"now": now, "limit": limit}).fetchall()
        return [{**dict(zip(JOBS_KEYS, r, strict=True)), "payload": json.loads(r[5])}
                for r in rows]

    def mark_sent(self, row_id: int, at: str, owner: str | None = None) -> bool:
        return self.rows.sent(row_id, at, owner)

    def mark_skipped(self, row_id: int, at: str) -> None:
        self.db.execute("UPDATE outbox SET status='skipped', sent_at=? WHERE id=? AND "
                        "status='pending'", [at, row_id])

    def reschedule(self, case_id: int, user_id: int, chat_id: int,
                   reminders: list[tuple[str, dict[str, Any]]], at: str) -> None:
        """Cancel the case's waiting reminders and queue these (due_key, payload), except keys
        already sent and windows whose slot already had one: dedupe on the window (case,
        rule, minute), not on the row, so a snooze and a planned reminder never both go."""
        self.db.execute("UPDATE outbox SET status='cancelled' WHERE case_id=? AND "
                        "kind='reminder' AND status IN ('pending', 'suspended')", [case_id])
        gone = self._reminded(case_id)
        keys = {r[0] for r in gone}
        slots = {(r[1], r[2][:16]) for r in gone}
        blocked = self.db.execute(BLOCKED_SQL, [chat_id, user_id]).fetchone()
        status = "suspended" if blocked else "pending"
        for due_key, payload in reminders:
            slot = (payload["rule"], due_key[:16])
            if payload["key"] in keys or slot in slots:
                continue
            slots.add(slot)
            self.db.execute(
                "INSERT INTO outbox (user_id, chat_id, case_id, kind, payload, due_at, "
                "created_at, key, status) VALUES (?, ?, ?, 'reminder', ?, ?, ?, ?, ?)",
                [user_id, chat_id, case_id, json.dumps(payload, ensure_ascii=False), due_key,
                 at, payload["key"], status])

    def _reminded(self, case_id: int) -> list[tuple[str, str, str]]:
        """(key, rule, due_at) of the case's reminders already sent or settled."""
        marks = ",".join("?" * len(REMINDED))
        return self.db.execute(
            f"SELECT key, json_extract(payload, '$.rule'), due_at FROM outbox WHERE case_id=? "
            f"AND kind='reminder' AND status IN ({marks})", [case_id, *REMINDED]).fetchall()

    def later_reminder_due(self, case_id: int, rule: str, due_at: str, now: str,
                           row_id: int = 0) -> bool:
        """Another reminder of the same window due by now and at or after this one (same
        minute: the newer row): only that one goes out."""
        row = self.db.execute(
            "SELECT 1 FROM outbox WHERE case_id=? AND kind='reminder' AND status='pending' "
            "AND (due_at > ? OR (due_at = ? AND id > ?)) AND due_at <= ? "
            "AND json_extract(payload, '$.rule') = ? LIMIT 1",
            [case_id, due_at, due_at, row_id, now, rule]).fetchone()
        return row is not None

    def due_reminders(self, now: str, limit: int = 100) -> list[Row]:
        """Reminder rows due by `now` and not worded yet (bot/scheduler.py words them through
        the engine; the sender sends only worded ones)."""
        rows = self.db.execute(
            "SELECT id, user_id, chat_id, case_id, payload, due_at FROM outbox "
            "WHERE kind='reminder' AND status='pending' AND due_at <= ? "
            "AND json_extract(payload, '$.message') IS NULL ORDER BY due_at, id LIMIT ?",
            [now, limit]).fetchall()
        keys = ("id", "user_id", "chat_id", "case_id", "payload", "due_at")
        return [{**dict(zip(keys, r, strict=True)), "payload": json.loads(r[4])} for r in rows]

    def word_reminder(self, row_id: int, message: dict[str, Any]) -> None:
        """The words a due reminder goes out with; the row stays pending (the sender sends it)."""
        self.db.execute("UPDATE outbox SET payload=json_set(payload, '$.message', json(?)) "
                        "WHERE id=? AND kind='reminder' AND status='pending'",
                        [json.dumps(message, ensure_ascii=False), row_id])

    def unword_reminders(self) -> int:
        """At start-up: reminders worded but not sent before the process stopped lose their
        words, so they are worded again from the snapshot of now (late ones say so)."""
        cur = self.db.execute(
            "UPDATE outbox SET payload=json_remove(payload, '$.message') WHERE kind='reminder' "
            "AND status='pending' AND json_extract(payload, '$.message') IS NOT NULL")
        return int(cur.rowcount or 0)

    def keep_report(self, row_id: int, report: dict[str, Any]) -> None:
        """What a download job kept, on its row (still `sending`), until handed to the engine."""
        self.db.execute("UPDATE outbox SET payload=json_set(payload, '$.report', json(?)) "
                        "WHERE id=?", [json.dumps(report, ensure_ascii=False), row_id])

    def reports_waiting(self, limit: int = 100) -> list[Row]:
        """Download jobs done whose report the engine has not had yet (the commit of the report
        marks the row sent), in row order."""
        rows = self.db.execute(
            "SELECT id, user_id, chat_id, json_extract(payload, '$.report') FROM outbox "
            "WHERE status='sending' AND kind='download_file' "
            "AND json_extract(payload, '$.report') IS NOT NULL ORDER BY id LIMIT ?",
            [limit]).fetchall()
        return [{"id": r[0], "user_id": r[1], "chat_id": r[2], "report": json.loads(r[3])}
                for r in rows]

    def network_back(self, now: str) -> None:
        """The Bot API answers again: rows waiting out network trouble are due now instead of
        at their backoff time."""
        self.db.execute("UPDATE outbox SET retry_at=? WHERE status='pending' AND "
                        "retry_at > ? AND last_error LIKE 'network:%'", [now, now])

    def last_keyboard(self, chat_id: int) -> tuple[int, dict[str, Any]] | None:
        """(row id, payload) of the last text the chat was sent, for its buttons."""
        row = self.db.execute(
            "SELECT id, payload FROM outbox WHERE chat_id=? AND kind='send_text' "
            "AND status='sent' ORDER BY id DESC LIMIT 1", [chat_id]).fetchone()
        return None if row is None else (int(row[0]), json.loads(row[1]))

    def outbox_listing(self, statuses: tuple[str, ...],
                       limit: int) -> tuple[dict[str, int], list[Row]]:
        """(rows in each state, the newest `limit` rows in these states) for `weiquan outbox`."""
        counts = {s: 0 for s in STATUSES}
        counts.update(dict(self.db.execute(
            "SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall()))
        marks = ",".join("?" * len(statuses))
        rows = self.db.execute(
            f"SELECT id, chat_id, user_id, case_id, kind, status, due_at, retry_at, attempts, "
            f"last_error, sent_at, claimed_by, lease_until FROM outbox "
            f"WHERE status IN ({marks}) ORDER BY id DESC "
            f"LIMIT ?", [*statuses, limit]).fetchall()
        return counts, [dict(zip(LISTED, r, strict=True)) for r in rows]


class LivenessRows:
    """Was the service running when a reminder was due? The delivery loop beats (`heartbeat`);
    at start-up a beat older than the gap allowed means the service was down since then
    (`record_start` keeps that gap); a reminder sent late apologises only when its due time
    fell in such a gap (`was_down_at`)."""

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
