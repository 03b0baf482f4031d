"""Cases as the CLI shows them: the JSON shapes of CONTRACT.md, over any store (its queries:
`store.cases`, in SQLite bot/store/case_rows.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.store.contract import Store
from dialogs import forms, understood
from dialogs.timeline import open_deadlines
from knowledge.base import KnowledgeBase
from knowledge.deadlines import load_rules
from knowledge.loader import load_kb

DOUBTFUL = frozenset(r.id for r in load_rules().values() if r.doubt is not None)


def list_cases(store: Store, user: int | None) -> list[dict[str, Any]]:
    return store.cases.listing(user)


def show_case(store: Store, case_id: int, tz: str = "Asia/Shanghai",
              kb: KnowledgeBase | None = None) -> dict[str, Any] | None:
    """The case as CONTRACT.md shows it; its fields in the order of its category's form (`kb`:
    the knowledge base, the default one when not given)."""
    record = store.cases.record(case_id)
    if record is None:
        return None
    stored = record.fields
    kb = kb or load_kb()
    names = [*forms.slots_for(kb, record.category or ""), *(k for k in stored if k not in forms.SLOTS)]
    fields = {name: (stored.get(name) or None) for name in dict.fromkeys(names)}
    zone = ZoneInfo(tz)
    reminders = [{**r, "due_at": _local(r["due_at"], zone)} for r in store.cases.reminders(case_id)]
    case = next(c for c in store.user_cases(record.user_id) if c.id == case_id)
    deadlines = [{"rule": d.rule, "deadline": d.at.astimezone(zone).isoformat(timespec="seconds"),
                  "result": d.result, "estimated": d.estimated,
                  "doubtful": d.rule in DOUBTFUL} for d in open_deadlines(case, load_rules())]
    notes = [{"kind": n.kind, "field": n.field or None, "text": n.text, "at": n.at}
             for n in case.notes]
    return {"id": record.id, "user": record.user_id, "category": record.category,
            "status": record.status, "created_at": record.created_at,
            "updated_at": record.updated_at, "fields": fields,
            "events": store.cases.events(case_id), "deadlines": deadlines,
            "reminders": reminders, "evidence": store.cases.evidence(case_id),
            "handover": store.cases.latest_handover(case_id), "notes": notes,
            "understood": understood.marks(case),  # fields filled from the shopper's words
            "said": list(case.meta.get("said", []))}  # the seller's words from chat screenshots


def _local(utc_text: str, zone: ZoneInfo) -> str:
    return datetime.fromisoformat(utc_text).astimezone(zone).isoformat(timespec="seconds")
