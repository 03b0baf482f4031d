"""China's working days and Beijing time (FACTS.md §7.2, Appendix A).

A working day is Monday–Friday that is not a statutory holiday, plus the official
make-up workdays, as published by the State Council and packaged in
`chinesecalendar`. For years the package has no data for, Monday–Friday is used
and the answer is marked as an estimate.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import chinese_calendar

# FACTS §7.2 defines Beijing time as +08:00 without DST. A fixed offset keeps every
# output at +08:00 (the tz database has LMT and the 1986–1991 DST for Asia/Shanghai)
# and makes wall-clock arithmetic equal to elapsed time.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
END_OF_DAY = time(23, 59, 59)


def to_shanghai(moment: datetime) -> datetime:
    """The same instant in Beijing time; a naive datetime is taken as Beijing time."""
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        return moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(SHANGHAI)


def end_of(day: date) -> datetime:
    """23:59:59 Beijing time on `day` — "the end of the day" of FACTS §7.2."""
    return datetime.combine(day, END_OF_DAY, tzinfo=SHANGHAI)


def workday_status(day: date) -> tuple[bool, bool]:
    """(is it a working day, is that an estimate because the calendar has no data)."""
    try:
        return chinese_calendar.is_workday(day), False
    except NotImplementedError:  # the package only knows a range of years
        return day.weekday() < 5, True


def is_workday(day: date) -> bool:
    """Whether `day` is a working day in China (Mon–Fri estimate outside the calendar)."""
    return workday_status(day)[0]


def is_statutory_holiday(day: date) -> bool:
    """A Monday–Friday on which nobody works (known years only)."""
    working, estimated = workday_status(day)
    return not estimated and day.weekday() < 5 and not working


def is_makeup_workday(day: date) -> bool:
    """A Saturday or Sunday that is an official make-up workday (known years only)."""
    working, estimated = workday_status(day)
    return not estimated and day.weekday() >= 5 and working


def add_working_days(day: date, count: int) -> tuple[date, bool]:
    """The `count`-th working day after `day` (`day` itself never counts).

    Returns (that day, whether any day counted on the way was an estimate).
    """
    if count < 1:
        raise ValueError(f"working-day count must be at least 1, got {count}")
    estimated = False
    current = day
    found = 0
    while found < count:
        current += timedelta(days=1)
        working, guess = workday_status(current)
        estimated = estimated or guess
        if working:
            found += 1
    return current, estimated


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]: how many working days from `start` to reach `end`.

    Negative when `end` is before `start`, counting the days in (end, start].
    """
    if end < start:
        return -working_days_between(end, start)
    return sum(is_workday(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


def day_kind(day: date) -> tuple[str, str | None, bool]:
    """What kind of day `day` is for working-day counts: "workday", "makeup" (a weekend day that
    is an official make-up workday), "holiday" (a statutory holiday) or "weekend"; the holiday's
    English name from the calendar when it has one; whether it is a Monday–Friday estimate."""
    working, estimated = workday_status(day)
    if estimated:
        return ("workday" if working else "weekend"), None, True
    name = chinese_calendar.get_holiday_detail(day)[1]
    if working:
        return ("makeup" if day.weekday() >= 5 else "workday"), name, False
    return ("weekend" if day.weekday() >= 5 and name is None else "holiday"), name, False
