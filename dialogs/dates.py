"""Dates as people type them: today, yesterday, 3 days ago, last Friday, 10 November (in
Chinese or English), 11.10, 2026-11-10, and the shopping festivals Double 11, Double 12 and 618
(the most recent one). The Chinese forms are in the patterns below."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from knowledge.textnorm import typed

WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
WEEKDAYS_EN = {name: i for i, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
WEEKDAYS_EN.update({name[:3]: i for name, i in list(WEEKDAYS_EN.items())})
MONTHS_EN = {name: i + 1 for i, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
MONTHS_EN.update({name[:3]: i for name, i in list(MONTHS_EN.items())})
RELATIVE = {"今天": 0, "今日": 0, "today": 0, "昨天": 1, "昨日": 1, "yesterday": 1,
            "前天": 2, "大前天": 3}
FUTURE_WORDS = frozenset({"明天", "明日", "后天", "大后天", "tomorrow"})
MAX_YEARS_BACK = 5
# Shopping festivals named by their day; a bare name means the most recent one.
FESTIVALS = {"双十一": (11, 11), "双11": (11, 11), "双十二": (12, 12), "双12": (12, 12),
             "618": (6, 18), "六一八": (6, 18), "双十一当天": (11, 11),
             "singles day": (11, 11), "singles' day": (11, 11), "double 11": (11, 11),
             "double eleven": (11, 11), "double 12": (12, 12), "double twelve": (12, 12)}

_TIME = re.compile(r"\s*(?:(上午|早上|下午|晚上|中午)\s*)?(\d{1,2})(?:[:：点时](\d{1,2})?分?)\s*$")


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


def parse_date(text: str, today: date) -> ParsedDate:
    raw = typed(text).lower()
    raw = re.sub(r"\s+", " ", raw)
    body, at = _split_time(raw)
    day = _parse_day(body.strip(" ,，。"), today)
    if day > today:
        raise DateError("future")
    if day < date(today.year - MAX_YEARS_BACK, today.month, min(today.day, 28)):
        raise DateError("too_old")
    return ParsedDate(day, at)


def _split_time(raw: str) -> tuple[str, time | None]:
    match = _TIME.search(raw)
    if not match or match.start() == 0:
        return raw, None
    before = raw[: match.start()]
    if not re.search(r"[日号天]$|\d$|^\S+$", before.strip()) or not re.search(r"[:：点时]", match.group(0)):
        return raw, None
    hour, minute = int(match.group(2)), int(match.group(3) or 0)
    if match.group(1) in ("下午", "晚上") and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        raise DateError("unreadable")
    return before, time(hour, minute)


def _parse_day(s: str, today: date) -> date:
    if s in FUTURE_WORDS:
        raise DateError("future")
    if s in RELATIVE:
        return today - timedelta(days=RELATIVE[s])
    for parser in (_festival, _days_ago, _weekday, _full_date, _month_day, _english):
        found = parser(s, today)
        if found is not None:
            return found
    raise DateError("unreadable")


def _festival(s: str, today: date) -> date | None:
    m = re.fullmatch(r"(今年|去年|前年|this year'?s? |last year'?s? )?(.+?)(?:那天|当天|期间|的时候)?", s)
    if not m or m.group(2) not in FESTIVALS:
        return None
    month, day = FESTIVALS[m.group(2)]
    prefix = (m.group(1) or "").strip()
    if prefix in ("今年", "this year's", "this years", "this year"):
        return _make(today.year, month, day)
    back = {"去年": 1, "前年": 2}.get(prefix, 1 if prefix.startswith("last") else 0)
    if back:
        return _make(today.year - back, month, day)
    return _recent(month, day, today)


def _days_ago(s: str, today: date) -> date | None:
    m = re.fullmatch(r"(\d{1,4})\s*(?:天|日)(?:以?前|之前)|(\d{1,4}) days? ago", s)
    if not m:
        return None
    return today - timedelta(days=int(m.group(1) or m.group(2)))


def _weekday(s: str, today: date) -> date | None:
    m = re.fullmatch(r"(上上|上|这|本)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天])", s)
    m_en = re.fullmatch(r"(last|this)? ?([a-z]+)", s)
    if m:
        prefix, target = m.group(1), WEEKDAYS_ZH[m.group(2)]
        weeks_back = {"上上": 2, "上": 1}.get(prefix or "", 0)
    elif m_en and m_en.group(2) in WEEKDAYS_EN:
        prefix, target = m_en.group(1), WEEKDAYS_EN[m_en.group(2)]
        weeks_back = 1 if prefix == "last" else 0
    else:
        return None
    monday = today - timedelta(days=today.weekday())
    if prefix is None:  # a bare weekday: its most recent occurrence, today included
        return today - timedelta(days=(today.weekday() - target) % 7)
    return monday - timedelta(weeks=weeks_back) + timedelta(days=target)


def _full_date(s: str, today: date) -> date | None:
    m = re.fullmatch(r"(\d{4})\s*(?:[-./年])\s*(\d{1,2})\s*(?:[-./月])\s*(\d{1,2})\s*[日号]?", s)
    if not m:
        return None
    return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _month_day(s: str, today: date) -> date | None:
    m = re.fullmatch(r"(\d{1,2})\s*(?:月|[-./])\s*(\d{1,2})\s*[日号]?", s)
    if not m:
        return None
    return _recent(int(m.group(1)), int(m.group(2)), today)


def _english(s: str, today: date) -> date | None:
    m = re.fullmatch(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?", s) or None
    m2 = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?(?:,? (\d{4}))?", s) or None
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
