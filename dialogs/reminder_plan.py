"""When to remind: before a window closes, and when the other side's window has run out.

No reminder at night: one due between 22:00 and 08:00 local moves to 08:00, and a reminder
before a deadline never moves past that deadline (it moves to the evening before instead).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dialogs.snapshot import Case
from dialogs.timeline import OpenDeadline, open_deadlines
from knowledge.deadline_rules import DeadlineRule

QUIET_START, QUIET_END, EVENING = time(22, 0), time(8, 0), time(21, 0)
MORNING = time(8, 0)
# Windows FACTS.md marks as our own convention get one reminder, not three.
LIGHT_RULES = frozenset({"quality_15d", "repair_30d"})


@dataclass(frozen=True)
class Planned:
    key: str  # stable for the same rule, kind and deadline: a sent key is never sent again
    rule: str
    kind: str  # before_2d | before_1d | last_day | expired | opens | snooze
    due_at: datetime
    deadline: datetime


def plan(case: Case, now: datetime, tz: str,
         rules: Mapping[str, DeadlineRule]) -> list[Planned]:
    zone = ZoneInfo(tz)
    planned: list[Planned] = []
    acked = set(case.meta.get("acked", []))
    for d in open_deadlines(case, rules):
        if d.rule in acked:
            continue
        planned += [p for p in _for_deadline(d, zone) if p.due_at > now]
        snooze = case.meta.get("snooze", {}).get(d.rule)
        if snooze and datetime.fromisoformat(snooze) > now:
            due = quiet(datetime.fromisoformat(snooze), d.at, zone, before=True)
            # Quiet hours may move a snooze onto a planned slot of the same window: one goes.
            if all(_minute(p.due_at) != _minute(due) for p in planned if p.rule == d.rule):
                planned.append(Planned(f"{d.rule}:snooze:{snooze}", d.rule, "snooze", due,
                                       d.at))
    return sorted(planned, key=lambda p: p.due_at)


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _for_deadline(d: OpenDeadline, zone: ZoneInfo) -> list[Planned]:
    stamp = d.at.isoformat(timespec="minutes")
    if d.result == "buyer_deadline":
        last_day = datetime.combine(d.at.astimezone(zone).date(), MORNING, tzinfo=zone)
        slots = [("before_1d", d.at - timedelta(days=1))] if d.rule in LIGHT_RULES else [
            ("before_2d", d.at - timedelta(days=2)), ("before_1d", d.at - timedelta(days=1)),
            ("last_day", last_day)]
        planned: dict[datetime, Planned] = {}  # two slots moved to the same morning are one
        for kind, due in slots:
            if due < d.at:
                moved = quiet(due, d.at, zone, before=True)
                planned[moved] = Planned(f"{d.rule}:{kind}:{stamp}", d.rule, kind, moved, d.at)
        return list(planned.values())
    kind = "opens" if d.result == "opens_at" else "expired"
    return [Planned(f"{d.rule}:{kind}:{stamp}", d.rule, kind, quiet(d.at, d.at, zone), d.at)]


def quiet(due: datetime, deadline: datetime, zone: ZoneInfo, before: bool = False) -> datetime:
    """Move a reminder out of the night; one before a deadline must stay before it."""
    local = due.astimezone(zone)
    if QUIET_END <= local.time() < QUIET_START:
        return local
    morning_day = local.date() if local.time() < QUIET_END else local.date() + timedelta(days=1)
    morning = datetime.combine(morning_day, MORNING, tzinfo=zone)
    if not before or morning <= deadline:
        return morning
    evening_day = morning_day - timedelta(days=1)
    return datetime.combine(evening_day, EVENING, tzinfo=zone)
