"""What the screenshots of one evidence report said, as entries the shopper can take: a form
field (through the field's own reader), a timeline event of a refund page, the seller's words
from a chat, a note (the order's status, the parcel's carrier and number).

Only what fits: a field the category's form has, a value its reader takes, a date in order
with the others. A value equal to the stored one is no news and is left out."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from dialogs import date_order, forms
from dialogs.context import Ctx
from dialogs.snapshot import Case
from dialogs.validators import Invalid

# What the OCR reads -> the form's field.
FIELD_SLOTS = {"order_no": "order_no", "amount": "amount", "shop": "shop", "item": "item",
               "created_at": "order_created_on", "paid_at": "paid_on",
               "shipped_at": "shipped_on", "received_at": "received_on",
               "success_at": "success_on", "refund_requested_at": "refund_requested_on"}
# A refund page's status -> the event it records when it was decided (FACTS.md §7.1).
REFUND_EVENTS = {"refused": "seller_refused", "success": "seller_agreed"}
USABLE_PAGES = ("order", "refund", "chat")


def usable(reading: Any) -> bool:
    return isinstance(reading, dict) and reading.get("problem") is None \
        and reading.get("kind") in USABLE_PAGES


def entries(ctx: Ctx, case: Case, readings: list[tuple[int, dict[str, Any]]]) -> list[dict]:
    """The entries of the readings (item id, reading), first screenshot first; a field read
    twice is offered once."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item, reading in readings:
        fields = {k: v.get("value") for k, v in (reading.get("fields") or {}).items()
                  if isinstance(v, dict) and v.get("value")}
        for entry in _fields(ctx, case, reading, fields):
            if entry["slot"] not in seen:
                seen.add(entry["slot"])
                out.append({**entry, "item": item})
        out += [{**e, "item": item} for e in _events(ctx, case, fields)]
        out += [{"what": "said", "kind": s["kind"], "key": s["key"], "text": s["text"][:120],
                 "date": s.get("date"), "item": item}
                for s in reading.get("said") or [] if isinstance(s, dict) and s.get("key")]
        note = _note(fields)
        if note:
            out.append({"what": "note", "fields": note, "item": item})
    return out


def _fields(ctx: Ctx, case: Case, reading: dict[str, Any],
            fields: dict[str, str]) -> list[dict[str, Any]]:
    order = forms.slots_for(ctx.kb, case.category or "")
    found: list[dict[str, Any]] = []
    wanted = dict(fields)
    if reading.get("platform") in forms.choices_for(ctx.kb, case.category or "", "platform"):
        wanted["platform"] = reading["platform"]
    for name, raw in wanted.items():
        slot = FIELD_SLOTS.get(name, name if name == "platform" else None)
        if slot is None or slot not in order:
            continue
        value = _value(ctx, slot, str(raw))
        if value is None or case.fields.get(slot) == value:
            continue
        if forms.SLOTS[slot].kind == "date" and date_order.conflict(slot, value, {
                k: v for k, v in case.fields.items() if k != slot}):
            continue
        found.append({"what": "field", "slot": slot, "value": value})
    return sorted(found, key=lambda e: order.index(e["slot"]))


def _value(ctx: Ctx, slot: str, raw: str) -> str | None:
    spec = forms.SLOTS[slot]
    if spec.kind == "choice":
        return raw if raw in spec.choices else None
    if spec.kind == "date":
        raw = raw[:16]  # the form keeps minutes
    result = spec.validate(raw, ctx.today, ctx.kb) if spec.validate else None
    return None if result is None or isinstance(result, Invalid) else result.value


def _events(ctx: Ctx, case: Case, fields: dict[str, str]) -> list[dict[str, Any]]:
    """A refund page's decision (refused, refunded) at the time it shows."""
    kind = REFUND_EVENTS.get(fields.get("refund_status", ""))
    at = fields.get("refund_decided_at")
    if kind is None or not at or len(at) < 16:
        return []
    stamp = f"{at[:10]}T{at[11:16]}:00"
    zone = ZoneInfo(ctx.snap.tz)
    from datetime import datetime

    moment = datetime.fromisoformat(stamp).replace(tzinfo=zone)
    if moment > ctx.now or any(e.kind == kind and e.at[:16] == moment.isoformat()[:16]
                               for e in case.events):
        return []
    return [{"what": "event", "kind": kind, "at": moment.isoformat(timespec="seconds")}]


def _note(fields: dict[str, str]) -> dict[str, str]:
    return {k: fields[k] for k in ("status", "carrier", "tracking_no", "refund_status",
                                   "refund_amount", "refund_reason") if fields.get(k)}
