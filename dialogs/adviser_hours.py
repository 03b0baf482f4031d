"""When the advisers will next be at work, told to a shopper who asks outside their hours."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dialogs.context import Ctx


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


def next_opening(ctx: Ctx) -> str:
    """"今天 09:00" / "明天 09:00" in the user's language, or the hours when they are unreadable."""
    found = parse(ctx.snap.desk.hours)
    if found is None:
        return ctx.snap.desk.hours
    now = ctx.now.astimezone(ZoneInfo(ctx.snap.tz))
    start = next_start(now, found[0])
    day = "today" if start.date() == now.date() else "tomorrow"
    return ctx.t(f"handover.when.{day}", at=start.strftime("%H:%M"))
