"""Cases as the CLI shows them: the JSON shapes of CONTRACT.md, read straight from the store."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.store.sqlite import Store
from dialogs import forms, understood
from dialogs.timeline import open_deadlines
from knowledge.deadlines import load_rules

DOUBTFUL = frozenset(r.id for r in load_rules().values() if r.doubt is not None)

REMINDER_KINDS = ("reminder",)


def list_cases(store: Store, user: int | None) -> list[dict[str, Any]]:
    sql = "SELECT id, user_id, category, status, created_at FROM cases"
    params: list[Any] = []
    if user is not None:
        sql += " WHERE user_id = ?"
        params.append(user)
    rows = store.db.execute(sql + " ORDER BY created_at DESC, id DESC", params).fetchall()
    return [{"id": r[0], "user": r[1], "category": r[2], "status": r[3], "created_at": r[4]}
            for r in rows]


def show_case(store: Store, case_id: int, tz: str = "Asia/Shanghai") -> dict[str, Any] | None:
    row = store.db.execute("SELECT id, user_id, category, status, fields, created_at, updated_at "
                           "FROM cases WHERE id = ?", [case_id]).fetchone()
    if row is None:
        return None
    stored: dict[str, str] = json.loads(row[4])
    names = [*forms.slots_for(row[2] or ""), *(k for k in stored if k not in forms.SLOTS)]
    fields = {name: (stored.get(name) or None) for name in dict.fromkeys(names)}
    events = [{"kind": e[0], "at": e[1]} for e in store.db.execute(
        "SELECT kind, at FROM case_events WHERE case_id = ? ORDER BY at, id", [case_id])]
    zone = ZoneInfo(tz)
    reminders = [{"due_at": _local(r[0], zone), "sent_at": r[1], "kind": r[2], "rule": r[3],
                  "status": r[4]}
                 for r in store.db.execute(
                     "SELECT due_at, sent_at, json_extract(payload, '$.kind'), "
                     "json_extract(payload, '$.rule'), status FROM outbox WHERE case_id = ? "
                     "AND kind = 'reminder' AND status IN ('pending', 'sent') ORDER BY due_at",
                     [case_id])]
    case = next(c for c in store.user_cases(row[1]) if c.id == case_id)
    deadlines = [{"rule": d.rule, "deadline": d.at.astimezone(zone).isoformat(timespec="seconds"),
                  "result": d.result, "estimated": d.estimated,
                  "doubtful": d.rule in DOUBTFUL} for d in open_deadlines(case)]
    evidence = [{"id": e[0], "sha256": e[1], "label": e[2], "size": e[3], "mime": e[4],
                 "kind": e[5], "received_at": e[6], "captured_at": e[7]}
                for e in store.db.execute(
                    "SELECT id, sha256, label, size, mime, kind, received_at, captured_at "
                    "FROM evidence WHERE case_id = ? ORDER BY id", [case_id])]
    notes = [{"kind": n.kind, "field": n.field or None, "text": n.text, "at": n.at}
             for n in case.notes]
    return {"id": row[0], "user": row[1], "category": row[2], "status": row[3],
            "created_at": row[5], "updated_at": row[6], "fields": fields, "events": events,
            "deadlines": deadlines, "reminders": reminders, "evidence": evidence,
            "handover": _handover(store, case_id), "notes": notes,
            "understood": understood.marks(case)}  # fields filled from the shopper's words


def _handover(store: Store, case_id: int) -> dict[str, Any] | None:
    """The case's latest hand-over to an adviser, if there ever was one."""
    row = store.db.execute("SELECT state, adviser_id, requested_at, taken_at, closed_at "
                           "FROM handovers WHERE case_id = ? ORDER BY id DESC LIMIT 1",
                           [case_id]).fetchone()
    if row is None:
        return None
    return {"state": row[0], "adviser": row[1], "requested_at": row[2], "taken_at": row[3],
            "closed_at": row[4]}


def _local(utc_text: str, zone: ZoneInfo) -> str:
    return datetime.fromisoformat(utc_text).astimezone(zone).isoformat(timespec="seconds")
