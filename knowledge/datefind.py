"""The first date (and time of day) named inside a question: 20 November (in Chinese or
English), 2026-11-20, "yesterday at 8 in the evening", Nov 20.

Pure: the caller's `now` places dates written without a year (the most recent such day, never in
the future) and relative ones (yesterday, 3 days ago, last Friday, in either language). Text is expected through
knowledge.textnorm.basic (lower case, Simplified, numerals as digits). The Chinese forms are data
(knowledge/data/date_words.yaml `questions`), handed in as `words` (`kb.date_words.questions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from knowledge.typed_words import MONTHS, QuestionDates

WEEKDAYS_EN = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
TIME_WINDOW = 14  # characters after the date in which a time of day belongs to it
EVENING_FROM = 12  # an hour said of an evening below this is after noon (昨晚8点 is 20:00)
TIME_WINDOW_LATIN = 24  # the same for English words ("at 8 in the evening")


@dataclass(frozen=True)
class Found:
    day: date
    at: time | None  # None: only the day was given
    start: int
    end: int
    kind: str = ""  # which pattern of date_words.yaml found it
    tail: int = -1  # where the date ends with its time of day (written after or before it)

    @property
    def span(self) -> tuple[int, int]:
        """The date and its time of day in the text: what an event word is measured from."""
        return min(self.start, self.tail if self.tail >= 0 else self.start), max(self.end, self.tail)


def find_dates(text: str, now: datetime | None, words: QuestionDates, ahead: bool = False,
               nearest: bool = False) -> list[Found]:
    """Every date named in `text`, in order; dates that need a `now` not given are left out, and
    so are coming days (tomorrow) unless `ahead`: a question may count from one, a form's date not.
    A month and day without a year is the most recent such day, or with `nearest` the one nearest
    to today (whether 8 December is a working day, asked on 18 November, is this year's)."""
    if not words.may_name_a_day(text):
        return []
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in words.day_patterns:  # earlier patterns are the more specific ones
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            if kind == "ahead" and not ahead:
                continue
            try:
                day = _resolve(kind, match, now.date() if now is not None else None, words, nearest)
            except ValueError:
                continue
            if day is not None:
                # "Saturday" alone: the most recent one, or the next (a name of its own, not the
                # loop's `kind`: the pattern's next match, 周五 after 周一, is still a week_zh)
                label = BARE_WEEKDAY if kind in WEEKDAY_KINDS and match.group(1) is None else kind
                item = _with_time(text, day, match.start(), match.end(), label, words)
                if kind == "rel" and match.group(0) in words.evening_days:
                    item = _evening(_bare_hour(text, item, words))
                found.append(item)
    return _qualifiers_dropped(_times_owned(sorted(found, key=lambda f: f.start)), text, words)


def _bare_hour(text: str, item: Found, words: QuestionDates) -> Found:
    """"last night at 11": after a day said with its part, a bare "at 11" is its hour."""
    if item.at is not None or words.time_en_bare is None:
        return item
    found = words.time_en_bare.match(text, item.end)
    if found is None or int(found.group(1)) > 23 or int(found.group(2) or 0) > 59:
        return item
    return replace(item, at=time(int(found.group(1)), int(found.group(2) or 0)), tail=found.end())


def _evening(item: Found) -> Found:
    """Last night at 10 (zuowan 8 dian): an hour said of an evening is after noon."""
    if item.at is None or item.at.hour >= EVENING_FROM:
        return item
    return replace(item, at=item.at.replace(hour=item.at.hour + 12))


def _times_owned(found: list[Found]) -> list[Found]:
    """A time of day written after one date and before the next belongs to the first."""
    out: list[Found] = []
    for item in found:
        if out and item.tail < item.start and out[-1].span[1] > item.tail:
            item = Found(item.day, None, item.start, item.end, item.kind, item.end)
        out.append(item)
    return out


def _with_time(text: str, day: date, start: int, end: int, kind: str, words: QuestionDates) -> Found:
    """The date with the time of day written right after it, else right before it
    ("at 10pm on Nov 20", and the same in Chinese)."""
    after = _time_after(text, end, words)
    if after is not None:
        return Found(day, after[0], start, end, kind, after[1])
    before = _time_before(text, start, words)
    if before is not None:
        return Found(day, before[0], start, end, kind, before[1])
    return Found(day, None, start, end, kind, end)


FESTIVAL_MARKS = re.compile(r"[\W_]+")  # 双 11, singles' day: the festivals' keys have none
BARE_WEEKDAY = "weekday"  # the kind of a weekday named without this or last week
WEEKDAY_KINDS = frozenset({"week_zh", "week_en", BARE_WEEKDAY})
DATED_KINDS = frozenset({"ymd", "mdy", "md", "mon_d", "d_mon", "mon_d_y", "d_mon_y"})  # a weekday before one of these qualifies it
QUALIFIER_GAP = re.compile(r"[\s(（\[,，、]*")  # what may stand between a date and its weekday


def _qualifiers_dropped(found: list[Found], text: str, words: QuestionDates) -> list[Found]:
    """A weekday written right after a dated day ("8 May (Friday)"), or right before it with
    perhaps its time of day ("Saturday 8 pm, 12 Dec"), names that day's weekday; "today is" before
    a date names that date: neither is a second date. The date keeps the time of day written
    beside the weekday."""
    kept: list[Found] = []
    for item in found:
        previous = kept[-1] if kept else None
        if (previous is not None and item.kind in WEEKDAY_KINDS and previous.kind not in WEEKDAY_KINDS
                and QUALIFIER_GAP.fullmatch(text[previous.end:item.start])):
            at, tail = (previous.at, previous.tail) if previous.at else (item.at, item.tail)
            kept[-1] = Found(previous.day, at, previous.start, item.end, previous.kind, max(tail, item.end))
            continue
        if (previous is not None and item.kind in DATED_KINDS and (
                (previous.kind in WEEKDAY_KINDS and QUALIFIER_GAP.fullmatch(text[previous.span[1]:item.start]))
                or (previous.kind == "rel" and words.is_gap.fullmatch(text[previous.span[1]:item.start])))):
            at = item.at or previous.at
            kept[-1] = Found(item.day, at, previous.start, item.end, item.kind,
                             item.tail if item.at else previous.span[1])
            continue
        kept.append(item)
    return kept


def _resolve(kind: str, m: re.Match[str], today: date | None, words: QuestionDates,
             nearest: bool = False) -> date | None:
    """The day a pattern's match names (a month and day without a year: see find_dates)."""
    placed = _nearest if nearest else _recent
    if kind == "ymd":
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if kind == "mdy":
        month, day = int(m.group(1)), int(m.group(2))
        if month > 12 >= day:
            month, day = day, month  # 20/11/2026: day first, as written outside China
        return date(int(m.group(3)), month, day)
    if kind == "mon_d_y":
        return date(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2)))
    if kind == "d_mon_y":
        return date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
    if today is None:
        return None  # without the caller's clock a date without a year cannot be placed
    if kind == "md":
        month, day = int(m.group(1)), int(m.group(2))
        if month > 12 >= day and words.month_mark not in m.group(0):
            month, day = day, month  # 20/11 or 20.11: day first, as written outside China
        return placed(month, day, today)
    if kind == "mon_d":
        return placed(MONTHS[m.group(1)], int(m.group(2)), today)
    if kind == "d_mon":
        return placed(MONTHS[m.group(2)], int(m.group(1)), today)
    if kind == "ago":
        return today - timedelta(days=int(m.group(1) or m.group(2)))
    if kind == "rel":
        return today - timedelta(days=words.relative[m.group(0)])
    if kind == "weeks_ago":
        return today - timedelta(weeks=_count(m.group(1) or m.group(2), words))
    if kind == "months_ago":
        said = m.group(1) or m.group(2)
        if said in words.half_month:
            return today - timedelta(days=HALF_MONTH)
        return months_back(today, _count(said, words), today.day)
    if kind == "month_zh":
        return _in_month(today, words.months_back[m.group(1)], int(m.group(2)))
    if kind == "month_en":  # the 15th of last month | last month on the 15th
        which, day = (m.group(2), m.group(1)) if m.group(1) else (m.group(3), m.group(4))
        return _in_month(today, words.months_back[which], int(day))
    if kind == "ahead":
        return today + timedelta(days=words.ahead[" ".join(m.group(0).split()).removeprefix("the ")])
    if kind == "festival":
        return placed(*words.festivals[FESTIVAL_MARKS.sub("", m.group(0))], today)
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


HALF_MONTH = 15  # days: 半个月前, half a month ago


def _count(said: str, words: QuestionDates) -> int:
    """How many weeks or months: digits, or a numeral or English word left as written."""
    return int(said) if said.isdigit() else words.counts[said]


def months_back(today: date, months: int, day: int) -> date:
    """That day of the month `months` before today's (the month's last day when it is shorter:
    a month before 31 March is 28 February); ValueError for a day no month has."""
    if not 1 <= day <= 31:
        raise ValueError(day)
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    first_of_next = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return date(year, month + 1, min(day, (first_of_next - timedelta(days=1)).day))


def _weekday(today: date, target: int, weeks_back: int, bare: bool) -> date:
    if bare:  # a bare weekday: its most recent occurrence, today included
        return today - timedelta(days=(today.weekday() - target) % 7)
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=weeks_back) + timedelta(days=target)


def _in_month(today: date, back: int, day: int) -> date:
    """Day `day` of the month `back` months before today's (ValueError when it has none)."""
    first = today.replace(day=1)
    for _ in range(back):
        first = (first - timedelta(days=1)).replace(day=1)
    return date(first.year, first.month, day)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest(month: int, day: int, today: date) -> date | None:
    """A month and day without a year: the such day nearest to today (the past one at a tie)."""
    days = [d for year in (today.year - 1, today.year, today.year + 1) if (d := _safe(year, month, day))]
    return min(days, key=lambda d: (abs((d - today).days), d > today), default=None)


def _recent(month: int, day: int, today: date) -> date | None:
    """A month and day without a year: the most recent such day, this year or the year before."""
    for year in (today.year, today.year - 1):
        candidate = _safe(year, month, day)
        if candidate is not None and candidate <= today:
            return candidate
    return None


def _time_after(text: str, end: int, words: QuestionDates) -> tuple[time, int] | None:
    """The time of day written right after a date, and where it ends."""
    window = text[end:end + TIME_WINDOW]
    skipped = len(window) - len(window.lstrip(words.before_time))
    m = words.time.match(window, skipped)
    if m:
        at = _clock(m, words)
        return None if at is None else (at, end + m.end())
    for found in _english_times(text[end:end + TIME_WINDOW_LATIN], words):
        return found[0], end + found[1][1]
    return None


def _english_times(window: str, words: QuestionDates) -> list[tuple[time, tuple[int, int]]]:
    """English times of day in a window, in order, with where each is: 10pm, at 21:30, at 8 in
    the evening, at noon."""
    if not window:
        return []
    found = []
    for e in words.time_en.finditer(window):
        at = _clock_en(e)
        if at is not None:
            found.append((at, e.span()))
    for e in words.time_en_part.finditer(window):
        hour, minute = int(e.group(1)), int(e.group(2) or 0)
        hour += 12 if e.group(3) in words.time_en_later and hour < 12 else 0
        if hour < 24 and minute < 60:
            found.append((time(hour, minute), e.span()))
    if words.time_en_part_first is not None:
        for e in words.time_en_part_first.finditer(window):
            hour, minute = int(e.group(2)), int(e.group(3) or 0)
            hour += 12 if e.group(1) in words.time_en_later and hour < 12 else 0
            if hour < 24 and minute < 60:
                found.append((time(hour, minute), e.span()))
    for pattern, clock in words.named_times:
        for e in pattern.finditer(window):
            found.append((time.fromisoformat(clock), e.span()))
    return sorted(found, key=lambda item: item[1][0])


def _time_before(text: str, start: int, words: QuestionDates) -> tuple[time, int] | None:
    """The time of day written right before a date, and where it starts: only blanks and commas
    (or "on") between them."""
    begin = max(0, start - TIME_WINDOW)
    window = text[begin:start]
    latin_begin = max(0, start - TIME_WINDOW_LATIN)
    for m in words.time.finditer(window):
        if words.time_gap.fullmatch(window[m.end():]):
            at = _clock(m, words)
            return None if at is None else (at, begin + m.start())
    latin = text[latin_begin:start]
    for at, (first, last) in _english_times(latin, words):
        if words.time_gap.fullmatch(latin[last:]):
            return at, latin_begin + first
    return None


def _number(written: str, words: QuestionDates) -> int:
    """An hour or minute as digits or in Chinese numerals (two, ten, twelve, twenty-three, "zero five": data `digits`, `ten`)."""
    if written.isdigit():
        return int(written)
    tens, ten, ones = written.partition(words.ten)
    if not ten:
        return int("".join(str(words.digits[c]) for c in written))
    return (words.digits[tens] if tens else 1) * 10 + (words.digits[ones] if ones else 0)


def _clock(m: re.Match[str], words: QuestionDates) -> time | None:
    """A Chinese time of day (8 in the evening, two in the afternoon, half past 9, 21:30). A
    numeral written out is an hour only with a part of the day or when above one ("one dian" alone
    is "a bit")."""
    period, hour_text, minute_text = m.group(1), m.group(2), m.group(3)
    if not (period or words.time_mark.search(m.group(0))):
        return None
    if not hour_text.isdigit() and not period and _number(hour_text, words) < 2:
        return None
    hour = _number(hour_text, words)
    minute = 30 if minute_text == words.half else _number(minute_text, words) if minute_text else 0
    if period in words.afternoon and hour < 12:
        hour += 12
    if period in words.noon and hour < 6:
        hour += 12
    suffix = words.time_ampm.match(m.string, m.end()) if words.time_ampm is not None and not period else None
    if suffix is not None and suffix.group(1) == "p" and hour < 12:
        hour += 12  # 8:30pm
    elif suffix is not None and suffix.group(1) == "a" and hour == 12:
        hour = 0  # 12:15am
    return time(hour, minute) if hour < 24 and minute < 60 else None


def _clock_en(e: re.Match[str]) -> time | None:
    if e.group(4):
        hour, minute = int(e.group(4)), int(e.group(5))
    else:
        hour, minute = int(e.group(1)), int(e.group(2) or 0)
        if e.group(3).startswith("p") and hour < 12:
            hour += 12
        if e.group(3).startswith("a") and hour == 12:
            hour = 0
    return time(hour, minute) if hour < 24 and minute < 60 else None
