"""Cases in SQLite as the CLI and the dossier read them (`store.cases`); bot/store/cases.py
shapes them into the JSON of CONTRACT.md."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from bot.store.records import CaseRecord, Row


class CaseRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def listing(self, user_id: int | None) -> list[Row]:
        """Newest first; one user's, or everyone's."""
        sql = "SELECT id, user_id, category, status, created_at FROM cases"
        params: list[Any] = []
        if user_id is not None:
            sql += " WHERE user_id = ?"
            params.append(user_id)
        rows = self.db.execute(sql + " ORDER BY created_at DESC, id DESC", params).fetchall()
        return [{"id": r[0], "user": r[1], "category": r[2], "status": r[3], "created_at": r[4]}
                for r in rows]

    def record(self, case_id: int) -> CaseRecord | None:
        row = self.db.execute("SELECT id, user_id, category, status, fields, created_at, "
                              "updated_at FROM cases WHERE id = ?", [case_id]).fetchone()
        if row is None:
            return None
        return CaseRecord(row[0], row[1], row[2], row[3], json.loads(row[4]), row[5], row[6])

    def events(self, case_id: int) -> list[Row]:
        return [{"kind": e[0], "at": e[1]} for e in self.db.execute(
            "SELECT kind, at FROM case_events WHERE case_id = ? ORDER BY at, id", [case_id])]

    def reminders(self, case_id: int) -> list[Row]:
        """Reminders waiting or sent (due_at in UTC), by due time."""
        return [{"due_at": r[0], "sent_at": r[1], "kind": r[2], "rule": r[3], "status": r[4]}
                for r in self.db.execute(
                    "SELECT due_at, sent_at, json_extract(payload, '$.kind'), "
                    "json_extract(payload, '$.rule'), status FROM outbox WHERE case_id = ? "
                    "AND kind = 'reminder' AND status IN ('pending', 'sent') ORDER BY due_at",
                    [case_id])]

    def evidence(self, case_id: int) -> list[Row]:
        return [{"id": e[0], "sha256": e[1], "label": e[2], "size": e[3], "mime": e[4],
                 "kind": e[5], "received_at": e[6], "captured_at": e[7]}
                for e in self.db.execute(
                    "SELECT id, sha256, label, size, mime, kind, received_at, captured_at "
                    "FROM evidence WHERE case_id = ? ORDER BY id", [case_id])]

    def latest_handover(self, case_id: int) -> Row | None:
        """The case's latest hand-over to an adviser, if there ever was one."""
        row = self.db.execute("SELECT state, adviser_id, requested_at, taken_at, closed_at "
                              "FROM handovers WHERE case_id = ? ORDER BY id DESC LIMIT 1",
                              [case_id]).fetchone()
        if row is None:
            return None
        return {"state": row[0], "adviser": row[1], "requested_at": row[2], "taken_at": row[3],
                "closed_at": row[4]}
