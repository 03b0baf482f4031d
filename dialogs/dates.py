"""Dates as people type them: today, yesterday, 3 days ago, last Friday, 10 November (in
Chinese or English), 11.10, 2026-11-10, and the shopping festivals Double 11, Double 12 and 618
(the most recent one). The Chinese forms are data (knowledge/data/date_words.yaml `form`),
handed in as `words` (the knowledge base's `date_words.form`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from knowledge.textnorm import typed
from knowledge.typed_words import FormDates

WEEKDAYS_EN = {name: i for i, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
WEEKDAYS_EN.update({name[:3]: i for name, i in list(WEEKDAYS_EN.items())})
MONTHS_EN = {name: i + 1 for i, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
MONTHS_EN.update({name[:3]: i for name, i in list(MONTHS_EN.items())})
MAX_YEARS_BACK = 5
_BLANKS = re.compile(r"\s+")
_WEEKDAY_EN = re.compile(r"(last|this)? ?([a-z]+)")
_MONTH_DAY_EN = re.compile(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?")
_DAY_MONTH_EN = re.compile(r"(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?(?:,? (\d{4}))?")


@dataclass(frozen=True)
class ParsedDate:
    day: date
    at: time | None = None  # when the user also gave a time of day

    def iso(self) -> str:
        if self.at is None:
            return self.day.isoformat()
        return datetime.combine(self.day, self.at).isoformat(timespec="minutes")


class DateError(ValueError):
    """`code` names the friendly message: unreadable, future, too_old, bad_day."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def minute_text(moment: datetime) -> str:
    """"2026-11-10 14:30", as strftime("%Y-%m-%d %H:%M") writes it (without the import of the
    time module that strftime makes on every call); `day_text`: "2026-11-10"."""
    return moment.isoformat(" ", "minutes")[:16]


def day_text(moment: date) -> str:
    return moment.isoformat()[:10]


def parse_date(text: str, today: date, words: FormDates) -> ParsedDate:
    raw = typed(text).lower()
    raw = _BLANKS.sub(" ", raw)
    body, at = _split_time(raw, words)
    day = _parse_day(body.strip(" ,，。"), today, words)
    if day > today:
        raise DateError("future")
    if day < date(today.year - MAX_YEARS_BACK, today.month, min(today.day, 28)):
        raise DateError("too_old")
    return ParsedDate(day, at)


def _split_time(raw: str, words: FormDates) -> tuple[str, time | None]:
    match = words.time.search(raw)
    if not match or match.start() == 0:
        return raw, None
    before = raw[: match.start()]
    if not words.before_time.search(before.strip()) or not words.time_mark.search(match.group(0)):
        return raw, None
    hour, minute = int(match.group(2)), int(match.group(3) or 0)
    if match.group(1) in words.afternoon and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        raise DateError("unreadable")
    return before, time(hour, minute)


def _parse_day(s: str, today: date, words: FormDates) -> date:
    if s in words.future:
        raise DateError("future")
    if s in words.relative:
        return today - timedelta(days=words.relative[s])
    for parser in (_festival, _days_ago, _weekday, _full_date, _month_day, _english):
        found = parser(s, today, words)
        if found is not None:
            return found
    raise DateError("unreadable")


def _festival(s: str, today: date, words: FormDates) -> date | None:
    m = words.festival.fullmatch(s)
    if not m or m.group(2) not in words.festivals:
        return None
    month, day = words.festivals[m.group(2)]
    prefix = (m.group(1) or "").strip()
    if prefix in words.this_year:
        return _make(today.year, month, day)
    back = words.years_back.get(prefix, 1 if prefix.startswith("last") else 0)
    if back:
        return _make(today.year - back, month, day)
    return _recent(month, day, today)


def _days_ago(s: str, today: date, words: FormDates) -> date | None:
    m = words.days_ago.fullmatch(s)
    if not m:
        return None
    return today - timedelta(days=int(m.group(1) or m.group(2)))


def _weekday(s: str, today: date, words: FormDates) -> date | None:
    m = words.weekday.fullmatch(s)
    m_en = _WEEKDAY_EN.fullmatch(s)
    if m:
        prefix, target = m.group(1), words.weekdays[m.group(2)]
        weeks_back = words.weeks_back.get(prefix or "", 0)
    elif m_en and m_en.group(2) in WEEKDAYS_EN:
        prefix, target = m_en.group(1), WEEKDAYS_EN[m_en.group(2)]
        weeks_back = 1 if prefix == "last" else 0
    else:
        return None
    monday = today - timedelta(days=today.weekday())
    if prefix is None:  # a bare weekday: its most recent occurrence, today included
        return today - timedelta(days=(today.weekday() - target) % 7)
    return monday - timedelta(weeks=weeks_back) + timedelta(days=target)


def _full_date(s: str, today: date, words: FormDates) -> date | None:
    m = words.full_date.fullmatch(s)
    if not m:
        return None
    return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _month_day(s: str, today: date, words: FormDates) -> date | None:
    m = words.month_day.fullmatch(s)
    if not m:
        return None
    return _recent(int(m.group(1)), int(m.group(2)), today)


def _english(s: str, today: date, words: FormDates) -> date | None:
    m, m2 = _MONTH_DAY_EN.fullmatch(s), _DAY_MONTH_EN.fullmatch(s)
    if m and m.group(1) in MONTHS_EN:
        month, day, year = MONTHS_EN[m.group(1)], int(m.group(2)), m.group(3)
    elif m2 and m2.group(2) in MONTHS_EN:
        month, day, year = MONTHS_EN[m2.group(2)], int(m2.group(1)), m2.group(3)
    else:
        return None
    if year:
        return _make(int(year), month, day)
    return _recent(month, day, today)


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateError("bad_day") from exc


def _recent(month: int, day: int, today: date) -> date:
    """A month and day without a year: the most recent such day, this year or last."""
    candidate = _make(today.year, month, day) if not (month == 2 and day == 29) else None
    if candidate is None:
        for year in range(today.year, today.year - 8, -1):
            try:
                candidate = date(year, 2, 29)
            except ValueError:
                continue
            if candidate <= today:
                return candidate
        raise DateError("bad_day")
    return candidate if candidate <= today else candidate.replace(year=today.year - 1)
