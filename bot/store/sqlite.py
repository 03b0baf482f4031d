"""SQLite store (sqlite-utils): sessions, cases, the timeline, processed updates and the outbox.

One event is one transaction: `with store.transaction():` around load, step and save.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.store.atomic import immediate
from bot.store.checkpoints import Checkpointer
from bot.store.migrations import migrations
from bot.store.outbox_rows import OutboxRows
from bot.store.tally import Tally
from dialogs.snapshot import Case, CaseEvent, CaseNote, EvidenceNote, Session, Snapshot

SESSION_FIELDS = tuple(f.name for f in fields(Session))  # flat: no dataclass inside, no asdict
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
# Reminders that went out, or may have: a window's slot holding one of these is taken.
REMINDED = ("sent", "skipped", "sending", "unknown")


def private(path: Path | str) -> None:
    """The database and its WAL files readable by their owner only (0600)."""
    if str(path) == ":memory:":
        return
    for suffix in ("", "-wal", "-shm"):
        file = Path(f"{path}{suffix}")
        if file.exists():
            file.chmod(0o600)


class Store:
    def __init__(self, path: Path | str, busy_timeout: float = 30.0) -> None:
        self.path = path
        if str(path) != ":memory:":
            Path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                               timeout=busy_timeout)
        self.db = Database(conn)
        self.db.execute("PRAGMA journal_mode=WAL")
        # With WAL, NORMAL survives a crash of the process (the commit is in the WAL file) and
        # never corrupts; a power loss or OS crash may lose the commits since the last fsync.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        migrations.apply(self.db)
        private(path)  # after the first write: the WAL files exist now
        self.rows = OutboxRows(self.db)
        self.tally = Tally(self.db)  # shops' tallies of collective complaints (issue 18)
        self.checkpoints: Checkpointer | None = None

    def checkpoint_in_background(self, interval: float = 1.0) -> None:
        """Long-running owners (the bot, the bench): WAL checkpoints in a thread of their own
        instead of inside whichever commit crosses SQLite's threshold (bot/store/checkpoints.py)."""
        if self.checkpoints is None and str(self.path) != ":memory:":
            self.db.execute("PRAGMA wal_autocheckpoint=0")
            self.db.execute(f"PRAGMA journal_size_limit={64 << 20}")  # a rewound WAL file shrinks
            self.checkpoints = Checkpointer(self.path, interval)
            self.checkpoints.start()

    def close(self) -> None:
        if self.checkpoints is not None:
            self.checkpoints.stop()
        self.db.close()

    def transaction(self) -> AbstractContextManager[None]:
        """BEGIN IMMEDIATE: we read then write, so take the write lock up front."""
        return immediate(self.db.conn)

    # ---- updates -------------------------------------------------------------------------

    def last_processed_at(self) -> datetime | None:
        """When the newest recorded update was applied (by the clock of its time)."""
        row = self.db.execute("SELECT processed_at FROM processed_updates "
                              "ORDER BY rowid DESC LIMIT 1").fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def is_processed(self, source: str, update_id: int) -> bool:
        row = self.db.execute("SELECT 1 FROM processed_updates WHERE source=? AND update_id=?",
                              [source, update_id]).fetchone()
        return row is not None

    def mark_processed(self, source: str, update_id: int, user_id: int, at: str) -> None:
        self.db.execute("INSERT INTO processed_updates VALUES (?, ?, ?, ?)",
                        [source, update_id, user_id, at])

    # ---- snapshot ------------------------------------------------------------------------

    def load(self, user_id: int, chat_id: int, lang: str, tz: str) -> Snapshot:
        row = self.db.execute("SELECT data FROM sessions WHERE user_id=?", [user_id]).fetchone()
        session = Session(**json.loads(row[0])) if row else Session(user_id, chat_id, lang=lang)
        cases = {c.id: c for c in self.user_cases(user_id)}
        (next_id,) = self.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM cases").fetchone()
        return Snapshot(session=session, cases=cases, next_case_id=next_id, tz=tz,
                        evidence=self.evidence_notes(user_id))

    def evidence_notes(self, user_id: int) -> list[EvidenceNote]:
        rows = self.db.execute("SELECT id, case_id, label, kind, size, sha256, mime, received_at, "
                               "caption, captured_at FROM evidence WHERE user_id=? ORDER BY id",
                               [user_id])
        return [EvidenceNote(*r) for r in rows.fetchall()]

    def relabel(self, user_id: int, item_ids: tuple[int, ...], label: str) -> None:
        marks = ",".join("?" * len(item_ids))
        self.db.execute(f"UPDATE evidence SET label=? WHERE user_id=? AND id IN ({marks})",
                        [label, user_id, *item_ids])

    def user_cases(self, user_id: int) -> list[Case]:
        rows = self.db.execute("SELECT id, user_id, status, category, fields, created_at, "
                               "updated_at, meta FROM cases WHERE user_id=? ORDER BY id",
                               [user_id]).fetchall()
        cases = [Case(id=r[0], user_id=r[1], status=r[2], category=r[3],
                      fields=json.loads(r[4]), created_at=r[5], updated_at=r[6],
                      meta=json.loads(r[7])) for r in rows]
        if cases:
            by_id = {c.id: c for c in cases}
            marks = ",".join("?" * len(cases))
            for e in self.db.execute(f"SELECT id, case_id, kind, at, note FROM case_events "
                                     f"WHERE case_id IN ({marks}) ORDER BY at, id",
                                     list(by_id)).fetchall():
                by_id[e[1]].events.append(CaseEvent(id=e[0], kind=e[2], at=e[3], note=e[4]))
            for n in self.db.execute(f"SELECT id, case_id, kind, field, text, at FROM case_notes "
                                     f"WHERE case_id IN ({marks}) ORDER BY id",
                                     list(by_id)).fetchall():
                by_id[n[1]].notes.append(CaseNote(id=n[0], kind=n[2], field=n[3], text=n[4],
                                                  at=n[5]))
        return cases

    def save(self, before: Snapshot, after: Snapshot, at: str) -> None:
        s = after.session
        self.db.execute(
            "INSERT INTO users (id, chat_id, lang, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "chat_id=excluded.chat_id, lang=excluded.lang, updated_at=excluded.updated_at",
            [s.user_id, s.chat_id, s.lang, at, at])
        self.db.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET "
            "state=excluded.state, data=excluded.data, updated_at=excluded.updated_at",
            [s.user_id, s.state, json.dumps({n: getattr(s, n) for n in SESSION_FIELDS},
                                            ensure_ascii=False), at])
        for case in after.cases.values():
            self._save_case(before.cases.get(case.id), case, at)

    def _save_case(self, old: Case | None, case: Case, at: str) -> None:
        fields = json.dumps(case.fields, ensure_ascii=False)
        meta = json.dumps(case.meta, ensure_ascii=False)
        if old is None:
            self.db.execute("INSERT INTO cases (id, user_id, category, status, fields, "
                            "created_at, updated_at, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [case.id, case.user_id, case.category, case.status, fields,
                             case.created_at, case.updated_at, meta])
        elif (old.status, old.category, old.fields, old.updated_at, old.meta) != \
                (case.status, case.category, case.fields, case.updated_at, case.meta):
            self.db.execute("UPDATE cases SET status=?, category=?, fields=?, updated_at=?, "
                            "meta=? WHERE id=?", [case.status, case.category, fields,
                                                  case.updated_at, meta, case.id])
            if old.status != case.status:
                self.tally.case_moved(case.id, case.status, at)
        for event in case.events:
            if event.id is None:
                self.db.execute("INSERT INTO case_events (case_id, kind, at, note, recorded_at) "
                                "VALUES (?, ?, ?, ?, ?)",
                                [case.id, event.kind, event.at, event.note, at])
        for note in case.notes:
            if note.id is None:
                self.db.execute("INSERT INTO case_notes (case_id, kind, field, text, at) "
                                "VALUES (?, ?, ?, ?, ?)",
                                [case.id, note.kind, note.field, note.text, note.at])

    # ---- outbox --------------------------------------------------------------------------

    def enqueue(self, user_id: int, chat_id: int, kind: str, payload: dict[str, Any],
                due_at: str, at: str, case_id: int | None = None) -> int:
        cur = self.db.execute(
            "INSERT INTO outbox (user_id, chat_id, case_id, kind, payload, due_at, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [user_id, chat_id, case_id, kind, json.dumps(payload, ensure_ascii=False),
             due_at, at])
        return int(cur.lastrowid or 0)

    def due(self, now: str, limit: int = 100,
            apart: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
        sql = DUE_SQL
        if apart:
            assert all(k.isidentifier() for k in apart)
            names = ",".join(f"'{k}'" for k in sorted(apart))
            sql = DUE_APART.format(kinds=f"AND kind NOT IN ({names})")
        rows = self.db.execute(sql, {"now": now, "limit": limit}).fetchall()
        return [{**dict(zip(DUE_KEYS, r, strict=True)), "payload": json.loads(r[5])}
                for r in rows]

    def mark_sent(self, row_id: int, at: str) -> None:
        self.rows.sent(row_id, at)

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
        marks = ",".join("?" * len(REMINDED))
        gone = self.db.execute(
            f"SELECT key, json_extract(payload, '$.rule'), due_at FROM outbox WHERE case_id=? "
            f"AND kind='reminder' AND status IN ({marks})", [case_id, *REMINDED]).fetchall()
        keys = {r[0] for r in gone}
        slots = {(r[1], r[2][:16]) for r in gone}
        blocked = self.db.execute("SELECT 1 FROM users WHERE chat_id=? AND blocked_at IS NOT "
                                  "NULL", [chat_id]).fetchone()
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

    # ---- liveness: was the service running when a reminder was due? ------------------------

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
