"""Taking one entry of a screenshot offer (dialogs/screen_offer.py) onto the case.

A field: the old answer is kept as a note, the value is the shopper's now (they chose it). On a
filed case a date also moves its timeline event (the deadlines follow), and the change is noted
("screenshot") so the case shows what changed and from which screenshot. A refund page's
decision is recorded as an event; the seller's words are kept on the case (meta "said") for
the letters and the dossier; the status and the parcel become a note."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dialogs import forms, notes, understood
from dialogs.context import Ctx
from dialogs.snapshot import Case, CaseEvent
from dialogs.timeline import record

SAID = "said"  # case.meta key: the seller's words read from chat screenshots


def apply_entry(ctx: Ctx, case: Case, e: dict[str, Any]) -> None:
    case.updated_at = ctx.stamp()
    if e["what"] == "field":
        _field(ctx, case, e["slot"], e["value"], e["item"])
    elif e["what"] == "event":
        if case.is_draft:
            case.events.append(CaseEvent(kind=e["kind"], at=e["at"], note="screenshot"))
        else:
            record(case, e["kind"], datetime.fromisoformat(e["at"]), ctx.stamp())
    elif e["what"] == "said":
        kept = case.meta.setdefault(SAID, [])
        entry = {k: e.get(k) for k in ("kind", "key", "text", "date", "item")}
        if entry not in kept:
            kept.append(entry)
    elif e["what"] == "note":
        text = "; ".join(f"{k}: {v}" for k, v in e["fields"].items())
        notes.add(ctx, case, f"#{e['item']} {text}", "screenshot")


def _field(ctx: Ctx, case: Case, slot: str, value: str, item: int) -> None:
    old = case.fields.get(slot)
    notes.replaced(ctx, case, slot, value)
    case.fields[slot] = value
    understood.confirm(case, slot)
    if case.is_draft:
        return
    notes.add(ctx, case, f"#{item} {old or '-'} -> {value}", "screenshot", slot)
    event = forms.SLOTS[slot].event
    if event:
        from dialogs.flows.review import _event

        if old:  # the event the old date made leaves the timeline (compared as instants)
            stale = datetime.fromisoformat(_event(ctx, event, old).at)
            case.events[:] = [x for x in case.events if not (
                x.kind == event and datetime.fromisoformat(x.at) == stale)]
        case.events.append(_event(ctx, event, value))
