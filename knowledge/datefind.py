"""The first date (and time of day) named inside a question: 20 November (in Chinese or
English), 2026-11-20, "yesterday at 8 in the evening", Nov 20.

Pure: the caller's `now` places dates written without a year (the most recent such day, never in
the future) and relative ones (yesterday, 3 days ago, last Friday, in either language). Text is expected through
knowledge.textnorm.basic (lower case, Simplified, numerals as digits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
               "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
WEEKDAYS_EN = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
RELATIVE = {"今天": 0, "今日": 0, "today": 0, "昨天": 1, "昨日": 1, "yesterday": 1, "前天": 2, "大前天": 3}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

_DAY_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("ymd", re.compile(r"(?<!\d)(20\d\d)\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*[日号]?")),
    ("md", re.compile(r"(?<![\d.])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")),
    ("md", re.compile(r"(?<![\d.])(\d{1,2})\s*月\s*(\d{1,2})(?!\d)")),
    ("md", re.compile(r"(?<![\d.¥])(\d{1,2})[./](\d{1,2})(?![\d.]|\s*[元块%])")),
    ("mon_d", re.compile(rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b")),
    ("d_mon", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\b")),
    ("ago", re.compile(r"(?<!\d)(\d{1,3})\s*(?:天|日)(?:以?前|之前)|\b(\d{1,3}) days? ago\b")),
    ("week_zh", re.compile(r"(上上|上|这|本)?个?(?:周|星期|礼拜)([一二三四五六日天1-7])")),
    ("week_en", re.compile(r"\b(last|this)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")),
    ("rel", re.compile(r"大前天|前天|昨天|昨日|今天|今日|\byesterday\b|\btoday\b")),
    ("day", re.compile(r"(?<![\d月.])(\d{1,2})\s*[号日](?!\s*[前内后])")),
    ("day_en", re.compile(r"\bon the (\d{1,2})(?:st|nd|rd|th)\b")),
]
_TIME_ZH = re.compile(r"(凌晨|早上|上午|中午|下午|傍晚|晚上|夜里)?\s*(\d{1,2})\s*(?:点|时|[:：])\s*(半|\d{1,2})?\s*分?")
_TIME_EN = re.compile(r"\b(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|\bat\s+(\d{1,2}):(\d{2})\b")
TIME_WINDOW = 14  # characters after the date in which a time of day belongs to it


@dataclass(frozen=True)
class Found:
    day: date
    at: time | None  # None: only the day was given
    start: int
    end: int


def find_dates(text: str, now: datetime | None) -> list[Found]:
    """Every date named in `text`, in order; dates that need a `now` not given are left out."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DAY_PATTERNS:  # earlier patterns are the more specific ones
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            try:
                day = _resolve(kind, match, now.date() if now is not None else None)
            except ValueError:
                continue
            if day is not None:
                found.append(Found(day, _time_after(text, match.end()), match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def _resolve(kind: str, m: re.Match[str], today: date | None) -> date | None:
    if kind == "ymd":
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if today is None:
        return None  # without the caller's clock a date without a year cannot be placed
    if kind == "md":
        month, day = int(m.group(1)), int(m.group(2))
        if month > 12 >= day and "月" not in m.group(0):
            month, day = day, month  # 20/11 or 20.11: day first, as written outside China
        return _recent(month, day, today)
    if kind == "mon_d":
        return _recent(MONTHS[m.group(1)], int(m.group(2)), today)
    if kind == "d_mon":
        return _recent(MONTHS[m.group(2)], int(m.group(1)), today)
    if kind == "ago":
        return today - timedelta(days=int(m.group(1) or m.group(2)))
    if kind == "rel":
        return today - timedelta(days=RELATIVE[m.group(0)])
    if kind in ("day", "day_en"):
        day = int(m.group(1))
        month_start = today.replace(day=1)
        candidate = _safe(today.year, today.month, day)
        if candidate is None or candidate > today:
            last = month_start - timedelta(days=1)
            candidate = _safe(last.year, last.month, day)
        return candidate
    if kind == "week_zh":
        back = {"上上": 2, "上": 1}.get(m.group(1) or "", 0)
        return _weekday(today, WEEKDAYS_ZH[m.group(2)], back, bare=m.group(1) is None)
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


def _time_after(text: str, end: int) -> time | None:
    window = text[end:end + TIME_WINDOW]
    m = _TIME_ZH.match(window.lstrip(" ,，的"))
    if m and (m.group(1) or re.search(r"[点时:：]", m.group(0))):
        hour = int(m.group(2))
        minute = 30 if m.group(3) == "半" else int(m.group(3) or 0)
        if m.group(1) in ("下午", "傍晚", "晚上", "夜里") and hour < 12:
            hour += 12
        if m.group(1) == "中午" and hour < 6:
            hour += 12
        return time(hour, minute) if hour < 24 and minute < 60 else None
    e = _TIME_EN.search(window)
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
