"""Opening hours, always against the engine's `now` (never the system clock): is 12315 staffed
now and when next (from the hours the knowledge base holds, a `next_open` deadline rule), and
when the advisers' day next starts (from the configured hours)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dialogs.context import Ctx
from knowledge.deadline_rules import DeadlineRule
from knowledge.deadlines import compute
from knowledge.schema import Entry
from knowledge.workdays import to_shanghai


def hours_rules(entry: Entry, rules: Mapping[str, DeadlineRule]) -> list[str]:
    """The opening-hours rules an answer's entry names (entry.rules in the FAQ data)."""
    return [r for r in getattr(entry, "rules", []) if r in rules and
            rules[r].method == "next_open"]


def note(ctx: Ctx, rule_id: str) -> str:
    """"Open now until 17:30" or "closed now; next opens Monday 2026-11-30 08:30"."""
    rule = ctx.kb.rules[rule_id]
    now = to_shanghai(ctx.now)
    found = compute(rule_id, now, rules=ctx.kb.rules)
    stamp = ctx.t("hours.stamp", weekday=ctx.t(f"weekday.{now.isoweekday()}"),
                  at=now.strftime("%H:%M"))
    if found.at == now:
        closes = next(c for o, c in rule.open_hours if o <= now.time() < c)
        text = ctx.t("hours.open_now", now=stamp, closes=closes.strftime("%H:%M"))
    else:
        text = ctx.t("hours.next", now=stamp, at=_when(ctx, now, found.at))
    if found.holiday_caveat:
        text += ctx.t("hours.holiday_caveat")
    return text


def _when(ctx: Ctx, now: datetime, at: datetime) -> str:
    days = (at.date() - now.date()).days
    day = ctx.t("hours.today") if days == 0 else ctx.t("hours.tomorrow") if days == 1 else \
        ctx.t(f"weekday.{at.isoweekday()}")
    return ctx.t("hours.when", day=day, date=at.strftime("%Y-%m-%d"), at=at.strftime("%H:%M"))


def notes_for(ctx: Ctx, entry_id: str | None) -> str:
    """The open-now lines for an answer's entry, or ""."""
    if not entry_id:
        return ""
    try:
        entry = ctx.kb.entry(entry_id)
    except KeyError:
        return ""
    return "\n".join(note(ctx, r) for r in hours_rules(entry, ctx.kb.rules))


# ---- the advisers' hours ------------------------------------------------------------------

def parse(hours: str) -> tuple[time, time] | None:
    """"09:00–21:00" (as Desk.hours shows it) -> (09:00, 21:00); None when unreadable."""
    start, _, end = hours.replace("–", "-").partition("-")
    try:
        return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
    except ValueError:
        return None


def next_start(now: datetime, opens: time) -> datetime:
    """The next moment the advisers' day starts, at or after `now` (same time zone as `now`)."""
    start = datetime.combine(now.date(), opens, tzinfo=now.tzinfo)
    return start if start >= now else start + timedelta(days=1)


def advisers_next(ctx: Ctx) -> str:
    """"today 09:00" / "tomorrow 09:00" in the user's language, or the hours when they are
    unreadable."""
    found = parse(ctx.snap.desk.hours)
    if found is None:
        return ctx.snap.desk.hours
    now = ctx.now.astimezone(ZoneInfo(ctx.snap.tz))
    start = next_start(now, found[0])
    day = "today" if start.date() == now.date() else "tomorrow"
    return ctx.t(f"handover.when.{day}", at=start.strftime("%H:%M"))
