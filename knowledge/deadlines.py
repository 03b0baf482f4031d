"""Applying the deadline rules (FACTS.md §7.2–§7.4) to event times.

Pure functions: an event time in, a Beijing-time instant out. Inputs are converted
to Asia/Shanghai first; naive inputs are Beijing time. Rules come from
knowledge/data/deadline_rules.yaml (see knowledge.deadline_rules).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from knowledge.deadline_rules import (
    DEFAULT_PATH,
    DeadlineRule,
    RuleFileError,
    load_rules,
)
from knowledge.workdays import (
    SHANGHAI,
    add_working_days,
    end_of,
    is_makeup_workday,
    is_statutory_holiday,
    is_workday,
    to_shanghai,
    working_days_between,
)

__all__ = [
    "DEFAULT_PATH",
    "Deadline",
    "DeadlineRule",
    "RuleFileError",
    "UnknownRuleError",
    "compute",
    "deadline",
    "is_workday",
    "load_rules",
    "next_open",
    "seller_reply_deadline",
    "working_days_between",
]

# FACTS §7.4: the last 24 hours of the window, and how far an edit in them pushes it.
EDIT_TAIL = timedelta(hours=24)


class UnknownRuleError(ValueError):
    """A rule id that is not in FACTS.md §7.3."""


@dataclass(frozen=True)
class Deadline:
    """One applied rule. Every instant is in Beijing time (+08:00)."""

    rule: str
    start: datetime
    at: datetime
    # Working days counted beyond the official holiday calendar (Mon–Fri guess).
    estimated: bool = False
    # Where the rule gives a range (1–3 days, 3–5 working days): the lower bound.
    earliest: datetime | None = None
    # 12315 only: the answer lands on a public holiday or skips a make-up workday,
    # on which the seeds do not say whether anyone answers.
    holiday_caveat: bool = False


def _same_date_years_later(day: date, years: int) -> date:
    year = day.year + years
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def _window(method: str, length: int, start: datetime) -> tuple[datetime, bool]:
    """(end of a window of `length` units from `start`, whether it is a calendar estimate)."""
    if method == "hours":
        return start + timedelta(hours=length), False
    if method == "days":
        return start + timedelta(days=length), False
    if method == "calendar_days":
        return end_of(start.date() + timedelta(days=length)), False
    if method == "working_days":
        day, estimated = add_working_days(start.date(), length)
        return end_of(day), estimated
    if method == "years":
        return end_of(_same_date_years_later(start.date(), length)), False
    raise ValueError(f"method {method} has no fixed length")


def seller_reply_deadline(
    start: datetime, edits: Sequence[datetime] = (), hours: int = 72
) -> datetime:
    """The seller's 72 hours with the buyer's amount edits (FACTS.md §7.4)."""
    due = to_shanghai(start) + timedelta(hours=hours)
    for edit in sorted(to_shanghai(e) for e in edits):
        if edit >= due:
            break
        if edit >= due - EDIT_TAIL:
            due = edit + EDIT_TAIL
    return due


def next_open(moment: datetime, rule: DeadlineRule) -> tuple[datetime, bool]:
    """(`moment` if the service is open then, else the next opening; the holiday caveat)."""
    now = to_shanghai(moment)
    day = now.date()
    while True:
        if day.isoweekday() in rule.open_weekdays:
            for opens, closes in rule.open_hours:
                if now < datetime.combine(day, closes, tzinfo=SHANGHAI):
                    found = max(now, datetime.combine(day, opens, tzinfo=SHANGHAI))
                    return found, _hotline_caveat(now, found, rule)
        day += timedelta(days=1)


def _hotline_caveat(now: datetime, found: datetime, rule: DeadlineRule) -> bool:
    if is_statutory_holiday(found.date()):
        return True
    last_close = rule.open_hours[-1][1]
    day = now.date()
    while day < found.date():
        if is_makeup_workday(day) and (day > now.date() or now.time() < last_close):
            return True
        day += timedelta(days=1)
    return False


def compute(
    rule_id: str,
    start: datetime,
    edits: Sequence[datetime] = (),
    *,
    rules: Mapping[str, DeadlineRule] | None = None,
) -> Deadline:
    """Apply rule `rule_id` to an event at `start` (and amount edits, for the 72-hour rule).

    Raises UnknownRuleError for an id not in the table, ValueError for unusable times.
    """
    table = load_rules() if rules is None else rules
    rule = table.get(rule_id)
    if rule is None:
        raise UnknownRuleError(
            f"unknown deadline rule {rule_id!r}; known: {', '.join(sorted(table))}"
        )
    try:
        return _apply(rule, start, edits)
    except OverflowError as exc:
        raise ValueError(f"{rule_id}: time out of the supported range ({exc})") from None


def _apply(rule: DeadlineRule, start: datetime, edits: Sequence[datetime]) -> Deadline:
    rule_id = rule.id
    begin = to_shanghai(start)
    if edits and not rule.amount_edits:
        raise ValueError(f"rule {rule_id} does not take amount edits (only the 72-hour rule does)")
    if any(to_shanghai(e) < begin for e in edits):
        raise ValueError("an amount edit cannot come before the refund request")
    if rule.method == "next_open":
        at, caveat = next_open(begin, rule)
        return Deadline(rule_id, begin, at, holiday_caveat=caveat)
    assert rule.length is not None  # guaranteed by DeadlineRule
    if rule.amount_edits:
        return Deadline(rule_id, begin, seller_reply_deadline(begin, edits, rule.length))
    at, estimated = _window(rule.method, rule.length, begin)
    earliest = None
    if rule.min_length is not None:
        earliest, early_guess = _window(rule.method, rule.min_length, begin)
        estimated = estimated or early_guess
    return Deadline(rule_id, begin, at, estimated=estimated, earliest=earliest)


def deadline(rule_id: str, start: datetime, edits: Sequence[datetime] = ()) -> datetime:
    """The instant rule `rule_id` gives for an event at `start`, in +08:00."""
    return compute(rule_id, start, edits).at
