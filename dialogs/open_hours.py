"""Opening hours, always against the engine's `now` (never the system clock): is 12315 staffed
now and when next (from the hours the knowledge base holds, a `next_open` deadline rule), and
when the advisers' day next starts (from the configured hours)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dialogs.context import Ctx
from knowledge import hours_now


def notes_for(ctx: Ctx, entry_id: str | None) -> str:
    """The open-now lines for an answer's entry, or "" (knowledge/hours_now.py)."""
    return hours_now.notes_for(ctx.kb, entry_id, ctx.now, ctx.lang)


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
