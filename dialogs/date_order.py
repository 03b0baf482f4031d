"""Dates of one order happen in order: ordered, paid, shipped, received, transaction success.

A date typed for one step cannot be earlier than a step it depends on (received before paid), nor
later than a step that depends on it. A refund or after-sales request comes after payment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dialogs.forms import SLOTS

# Each slot and the slots that must come no later than it.
AFTER: dict[str, tuple[str, ...]] = {
    "paid_on": ("order_created_on",),
    "shipped_on": ("order_created_on", "paid_on"),
    "received_on": ("order_created_on", "paid_on", "shipped_on"),
    "success_on": ("order_created_on", "paid_on", "shipped_on", "received_on"),
    "refund_requested_on": ("order_created_on", "paid_on"),
}


# The timeline event each date question records (FACTS.md §7.1), and back.
SLOT_OF_EVENT = {spec.event: name for name, spec in SLOTS.items() if spec.event}


@dataclass(frozen=True)
class Conflict:
    other: str  # the slot the new date disagrees with
    other_day: date
    earlier: bool  # True: the new date is before `other`, which must come first


def day_of(value: str) -> date | None:
    """The day of a stored date answer (`2026-11-10` or `2026-11-10T15:00`); None if empty."""
    if not value[:4].isdigit():  # empty, or no date at all (a shop's name): no exception raised
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def conflict(slot: str, value: str, fields: dict[str, str]) -> Conflict | None:
    """The first stored date the new `value` for `slot` contradicts, or None."""
    new = day_of(value)
    if new is None:
        return None
    for before in AFTER.get(slot, ()):
        other = day_of(fields.get(before, ""))
        if other is not None and new < other:
            return Conflict(before, other, earlier=True)
    for later, needs in AFTER.items():
        other = day_of(fields.get(later, ""))
        if slot in needs and other is not None and new > other:
            return Conflict(later, other, earlier=False)
    return None


def known_dates(fields: dict[str, str], events: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The case's dates by question: the answers, overridden by events recorded since."""
    known = {k: v for k, v in fields.items() if k in AFTER or any(k in n for n in AFTER.values())}
    for kind, at in sorted(events, key=lambda e: e[1]):
        slot = SLOT_OF_EVENT.get(kind)
        if slot is not None:
            known[slot] = at
    return known


def event_conflict(kind: str, day: date, fields: dict[str, str],
                   events: Iterable[tuple[str, str]]) -> tuple[str, Conflict] | None:
    """For progress recorded later: (the event's question, the clash) or None."""
    slot = SLOT_OF_EVENT.get(kind)
    if slot is None:
        return None
    known = known_dates(fields, [e for e in events if e[0] != kind])
    known.pop(slot, None)
    clash = conflict(slot, day.isoformat(), known)
    return (slot, clash) if clash is not None else None
