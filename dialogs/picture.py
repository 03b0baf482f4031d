"""The case as a picture: what its timeline image shows, as plain data a renderer draws.

Built from the very windows the text view lists (dialogs/timeline.open_deadlines, worded as in
dialogs/deadline_view), so the picture can never show a window the text does not. Every string
the image carries is here, in the shopper's language; the renderer (bot/) only places them.
Pure: the moment called "today" is given, nothing is read from a clock or a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dialogs.context import Ctx
from dialogs.deadline_view import marks, rule_name
from dialogs.events import Incoming, Kind
from dialogs.ladder import next_step_text
from dialogs.snapshot import Case, Session, Snapshot
from dialogs.timeline import OpenDeadline, open_deadlines

# What a window's date means (knowledge/data/deadline_rules.yaml `result`) -> whose it is and
# whether the date closes something or opens it. The shopper's own windows are "buyer".
SIDE = {"buyer_deadline": "buyer", "opens_at": "buyer", "seller_deadline": "seller",
        "platform_sla": "platform"}
EDGE = {"opens_at": "opens"}  # every other result is a date by which something must be done
TICK_DAYS = (1, 2, 3, 7, 14, 30, 61, 91, 182, 365)
MAX_TICKS = 6
NEXT_LINES = 2  # lines of the next-step text the picture carries (the text view has it all)


@dataclass(frozen=True)
class EventMark:
    number: int
    at: datetime
    label: str  # "付款"
    when: str  # "11-20 10:00", or "11-20" for a bare date


@dataclass(frozen=True)
class WindowBar:
    rule: str
    label: str  # the rule's name
    side: str  # buyer | seller | platform
    edge: str  # closes | opens
    start: datetime
    end: datetime
    end_label: str  # "截止 12-08 18:00*" / "12-08 18:00 起可以"
    passed: bool
    next: bool  # the shopper's next window: drawn highlighted


@dataclass(frozen=True)
class Tick:
    at: datetime
    label: str


@dataclass(frozen=True)
class Picture:
    lang: str
    case_id: int
    title: str
    status: str
    start: datetime  # the time axis, local time
    end: datetime
    now: datetime
    now_label: str
    ticks: tuple[Tick, ...]
    events: tuple[EventMark, ...]
    windows: tuple[WindowBar, ...]
    next_title: str
    next_step: tuple[str, ...]
    legend: tuple[tuple[str, str], ...]  # (style, words): buyer.closes, buyer.opens, seller, ...
    notes: tuple[str, ...]
    empty: str  # said when no window runs ("" when some do)

    def labels(self) -> list[str]:
        """Every string the picture carries, in drawing order (tests read them back)."""
        out = [self.title, self.status, self.now_label, *(t.label for t in self.ticks)]
        for e in self.events:
            out += [str(e.number), f"{e.when} {e.label}"]
        for w in self.windows:
            out += [w.label, w.end_label]
        if self.empty:
            out.append(self.empty)
        out += [self.next_title, *self.next_step, *(words for _, words in self.legend),
                *self.notes]
        return out


def layout(case: Case, lang: str, now: datetime, tz: str, kb: object) -> Picture:
    """The picture of `case` as seen at `now` (`tz`: the shopper's zone)."""
    ctx = _ctx(case, lang, now, tz, kb)
    zone = ZoneInfo(tz)
    found = open_deadlines(case, ctx.kb.rules)
    upcoming = [d for d in found if SIDE.get(d.result) == "buyer" and d.at > now]
    chosen = min(upcoming, key=lambda d: d.at).rule if upcoming else None
    windows = tuple(_bar(ctx, d, zone, chosen) for d in found)
    events = tuple(EventMark(n, datetime.fromisoformat(e.at).astimezone(zone),
                             ctx.t(f"event.{e.kind}"), _short(datetime.fromisoformat(e.at)
                                                              .astimezone(zone), e.note))
                   for n, e in enumerate(sorted(case.events, key=lambda e: e.at), 1))
    start, end = _axis([e.at for e in events] + [w.start for w in windows],
                       [w.end for w in windows], now.astimezone(zone))
    styles = sorted({_style(w) for w in windows}, key=STYLE_ORDER.index)
    return Picture(
        lang=lang, case_id=case.id,
        title=ctx.t("picture.title", id=case.id, category=ctx.category_name(case.category)),
        status=ctx.t("status.status", status=ctx.t(f"status.label.{case.status}")),
        start=start, end=end, now=now.astimezone(zone),
        now_label=ctx.t("picture.today", at=_short(now.astimezone(zone), "")),
        ticks=_ticks(start, end), events=events, windows=windows,
        next_title=ctx.t("picture.next"), next_step=_next_lines(ctx, case),
        legend=tuple((s, ctx.t(f"picture.legend.{s}")) for s in styles),
        notes=_notes(ctx, found),
        empty="" if windows else ctx.t("picture.no_windows"))


STYLE_ORDER = ["buyer.closes", "buyer.opens", "seller.closes", "platform.closes"]


def _style(w: WindowBar) -> str:
    return f"{w.side}.{w.edge}"


def _ctx(case: Case, lang: str, now: datetime, tz: str, kb: object) -> Ctx:
    session = Session(user_id=case.user_id, chat_id=case.user_id, lang=lang,
                      current_case_id=case.id)
    snap = Snapshot(session=session, cases={case.id: case}, tz=tz)
    return Ctx(snap=snap, ev=Incoming(user_id=case.user_id, chat_id=case.user_id,
                                      kind=Kind.OTHER, at=now), kb=kb, now=now)


def _bar(ctx: Ctx, d: OpenDeadline, zone: ZoneInfo, chosen: str | None) -> WindowBar:
    side, edge = SIDE.get(d.result, "platform"), EDGE.get(d.result, "closes")
    at = _short(d.at.astimezone(zone), "") + marks(ctx, d)
    return WindowBar(rule=d.rule, label=rule_name(ctx, d.rule), side=side, edge=edge,
                     start=d.start.astimezone(zone), end=d.at.astimezone(zone),
                     end_label=ctx.t(f"picture.end.{side}.{edge}", at=at),
                     passed=d.at <= ctx.now, next=d.rule == chosen)


def _short(moment: datetime, note: str) -> str:
    return moment.strftime("%m-%d") if note == "date_only" else moment.strftime("%m-%d %H:%M")


def _axis(starts: list[datetime], ends: list[datetime],
          now: datetime) -> tuple[datetime, datetime]:
    """From the earliest thing shown to the latest, today included, with a little room."""
    first, last = min([*starts, now]), max([*ends, *starts, now])
    span = max(last - first, timedelta(days=2))
    room = span / 12
    return first - room, last + room


def _ticks(start: datetime, end: datetime) -> tuple[Tick, ...]:
    """Midnights at a round step in days, at most MAX_TICKS of them."""
    days = (end - start).total_seconds() / 86400
    step = next((s for s in TICK_DAYS if days / s <= MAX_TICKS), TICK_DAYS[-1])
    day = start.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    out = []
    while day < end:
        out.append(Tick(day, day.strftime("%m-%d") if days < 300 else day.strftime("%Y-%m")))
        day += timedelta(days=step)
    return tuple(out)


def _notes(ctx: Ctx, found: list[OpenDeadline]) -> tuple[str, ...]:
    """The marks the end labels carry, explained once each (the text view says more)."""
    shown = "".join(marks(ctx, d) for d in found)
    return tuple(ctx.t(key) for mark, key in (("*", "picture.estimated"),
                                              ("†", "picture.convention")) if mark in shown)


def _next_lines(ctx: Ctx, case: Case) -> tuple[str, ...]:
    lines = [line.strip() for line in next_step_text(ctx, case).splitlines() if line.strip()]
    return tuple(lines[:NEXT_LINES])
