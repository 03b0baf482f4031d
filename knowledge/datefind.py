"""The first date (and time of day) named inside a question: 20 November (in Chinese or
English), 2026-11-20, "yesterday at 8 in the evening", Nov 20.

Pure: the caller's `now` places dates written without a year (the most recent such day, never in
the future) and relative ones (yesterday, 3 days ago, last Friday, in either language). Text is expected through
knowledge.textnorm.basic (lower case, Simplified, numerals as digits). The Chinese forms are data
(knowledge/data/date_words.yaml `questions`), handed in as `words` (`kb.date_words.questions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from knowledge.typed_words import MONTHS, QuestionDates

WEEKDAYS_EN = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
TIME_WINDOW = 14  # characters after the date in which a time of day belongs to it


@dataclass(frozen=True)
class Found:
    day: date
    at: time | None  # None: only the day was given
    start: int
    end: int
    kind: str = ""  # which pattern of date_words.yaml found it


def find_dates(text: str, now: datetime | None, words: QuestionDates) -> list[Found]:
    """Every date named in `text`, in order; dates that need a `now` not given are left out."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in words.day_patterns:  # earlier patterns are the more specific ones
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            try:
                day = _resolve(kind, match, now.date() if now is not None else None, words)
            except ValueError:
                continue
            if day is not None:
                found.append(Found(day, _time_after(text, match.end(), words), match.start(), match.end(), kind))
    return _qualifiers_dropped(sorted(found, key=lambda f: f.start), text)


WEEKDAY_KINDS = frozenset({"week_zh", "week_en"})
QUALIFIER_GAP = re.compile(r"[\s(（\[,，、]*")  # what may stand between a date and its weekday


def _qualifiers_dropped(found: list[Found], text: str) -> list[Found]:
    """A weekday written right after a dated day ("8 May (Friday)") names that day's weekday; it
    is not a second date. The date keeps the time of day written after the weekday."""
    kept: list[Found] = []
    for item in found:
        previous = kept[-1] if kept else None
        if (previous is not None and item.kind in WEEKDAY_KINDS and previous.kind not in WEEKDAY_KINDS
                and QUALIFIER_GAP.fullmatch(text[previous.end:item.start])):
            kept[-1] = Found(previous.day, previous.at or item.at, previous.start, item.end, previous.kind)
            continue
        kept.append(item)
    return kept


def _resolve(kind: str, m: re.Match[str], today: date | None, words: QuestionDates) -> date | None:
    if kind == "ymd":
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if today is None:
        return None  # without the caller's clock a date without a year cannot be placed
    if kind == "md":
        month, day = int(m.group(1)), int(m.group(2))
        if month > 12 >= day and words.month_mark not in m.group(0):
            month, day = day, month  # 20/11 or 20.11: day first, as written outside China
        return _recent(month, day, today)
    if kind == "mon_d":
        return _recent(MONTHS[m.group(1)], int(m.group(2)), today)
    if kind == "d_mon":
        return _recent(MONTHS[m.group(2)], int(m.group(1)), today)
    if kind == "ago":
        return today - timedelta(days=int(m.group(1) or m.group(2)))
    if kind == "rel":
        return today - timedelta(days=words.relative[m.group(0)])
    if kind in ("day", "day_en"):
        day = int(m.group(1))
        month_start = today.replace(day=1)
        candidate = _safe(today.year, today.month, day)
        if candidate is None or candidate > today:
            last = month_start - timedelta(days=1)
            candidate = _safe(last.year, last.month, day)
        return candidate
    if kind == "week_zh":
        back = words.weeks_back.get(m.group(1) or "", 0)
        return _weekday(today, words.weekdays[m.group(2)], back, bare=m.group(1) is None)
    back = 1 if m.group(1) == "last" else 0
    return _weekday(today, WEEKDAYS_EN[m.group(2)], back, bare=m.group(1) is None)


def _weekday(today: date, target: int, weeks_back: int, bare: bool) -> date:
    if bare:  # a bare weekday: its most recent occurrence, today included
        return today - timedelta(days=(today.weekday() - target) % 7)
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=weeks_back) + timedelta(days=target)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _recent(month: int, day: int, today: date) -> date | None:
    """A month and day without a year: the most recent such day, this year or the year before."""
    for year in (today.year, today.year - 1):
        candidate = _safe(year, month, day)
        if candidate is not None and candidate <= today:
            return candidate
    return None


def _time_after(text: str, end: int, words: QuestionDates) -> time | None:
    window = text[end:end + TIME_WINDOW]
    m = words.time.match(window.lstrip(words.before_time))
    if m and (m.group(1) or words.time_mark.search(m.group(0))):
        hour = int(m.group(2))
        minute = 30 if m.group(3) == words.half else int(m.group(3) or 0)
        if m.group(1) in words.afternoon and hour < 12:
            hour += 12
        if m.group(1) in words.noon and hour < 6:
            hour += 12
        return time(hour, minute) if hour < 24 and minute < 60 else None
    e = words.time_en.search(window)
    if e:
        if e.group(4):
            hour, minute = int(e.group(4)), int(e.group(5))
        else:
            hour, minute = int(e.group(1)), int(e.group(2) or 0)
            if e.group(3).startswith("p") and hour < 12:
                hour += 12
            if e.group(3).startswith("a") and hour == 12:
                hour = 0
        return time(hour, minute) if hour < 24 and minute < 60 else None
    return None
