"""Every rule of FACTS.md §7.3, applied by knowledge.deadlines, table-driven.

Expected values are worked out by hand from FACTS.md §7.2–§7.4 and Appendix A
(2026: Spring Festival off 02-15..02-23, make-up 02-14 and 02-28; National Day off
10-01..10-07, make-up 09-20 and 10-10; Mid-Autumn off 09-25..09-27; New Year off
01-01..01-03, make-up 01-04; Labour Day off 05-01..05-05). 2026-07-06 is a Monday.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from knowledge.deadlines import Deadline, UnknownRuleError, compute, deadline
from knowledge.workdays import SHANGHAI

FACTS_RULE_IDS = {
    "success_15d", "closed_15d", "created_15d", "late_ship_72h", "ship_24h",
    "seller_reply_72h", "intervention_2wd", "rights_center_9d", "complaint_5d",
    "human_agent_3d", "aftersales_review_24h", "report_fake_3_5wd", "report_banned_1wd",
    "insurer_72h", "logistics_open_7d", "logistics_limit_1y", "no_reason_7d",
    "quality_15d", "repair_30d", "hotline_12315_open",
}  # fmt: skip


@dataclass(frozen=True)
class Case:
    rule: str
    start: str
    expected: str
    edits: tuple[str, ...] = ()
    estimated: bool = False
    earliest: str | None = None
    caveat: bool = False
    why: str = field(default="", compare=False)


C = Case
CASES: list[Case] = [
    # days: N x 24 h, h:m:s kept, month and year ends
    C("success_15d", "2026-07-06T09:00:00", "2026-07-21T09:00:00+08:00"),
    C("success_15d", "2026-01-31T23:30:15", "2026-02-15T23:30:15+08:00", why="Jan 31, keeps h:m:s"),
    C("success_15d", "2026-12-20T10:00:00+08:00", "2027-01-04T10:00:00+08:00", why="year end"),
    C("success_15d", "2026-07-05T16:30:00Z", "2026-07-21T00:30:00+08:00", why="UTC input"),
    C("closed_15d", "2026-02-20T08:00:00", "2026-03-07T08:00:00+08:00", why="Feb, non-leap"),
    C("closed_15d", "2024-02-20T08:00:00", "2024-03-06T08:00:00+08:00", why="Feb, leap"),
    C("created_15d", "2026-10-01T12:00:00", "2026-10-16T12:00:00+08:00", why="holidays count"),
    C("created_15d", "2026-01-31T00:00:00", "2026-02-15T00:00:00+08:00"),
    C("rights_center_9d", "2026-01-25T10:20:30", "2026-02-03T10:20:30+08:00"),
    C("rights_center_9d", "2026-02-25T00:00:00", "2026-03-06T00:00:00+08:00"),
    C("complaint_5d", "2026-02-26T23:30:00", "2026-03-03T23:30:00+08:00"),
    C("complaint_5d", "2024-02-26T23:30:00", "2024-03-02T23:30:00+08:00", why="leap"),
    C("human_agent_3d", "2026-12-30T15:45:00", "2027-01-02T15:45:00+08:00",
      earliest="2026-12-31T15:45:00+08:00"),
    C("logistics_open_7d", "2026-02-25T08:00:00", "2026-03-04T08:00:00+08:00"),
    # hours: night, weekend and holidays all count; time-of-day carries over midnight
    C("late_ship_72h", "2026-07-06T23:30:00", "2026-07-09T23:30:00+08:00"),
    C("late_ship_72h", "2026-02-27T20:00:00", "2026-03-02T20:00:00+08:00"),
    C("ship_24h", "2026-07-06T23:30:00", "2026-07-07T23:30:00+08:00", why="23:30 + 24h"),
    C("ship_24h", "2026-12-31T23:30:00", "2027-01-01T23:30:00+08:00"),
    C("ship_24h", "2026-01-31T12:00:00-05:00", "2026-02-02T01:00:00+08:00", why="New York input"),
    C("aftersales_review_24h", "2026-03-31T23:30:00", "2026-04-01T23:30:00+08:00"),
    C("insurer_72h", "2026-12-30T10:00:00", "2027-01-02T10:00:00+08:00"),
    # seller_reply_72h and amount edits (FACTS §7.4; the first four are its examples)
    C("seller_reply_72h", "2026-07-06T09:00:00", "2026-07-09T09:00:00+08:00"),
    C("seller_reply_72h", "2026-07-06T09:00:00", "2026-07-09T09:00:00+08:00",
      edits=("2026-07-07T15:00:00",), why="hour 30: no change"),
    C("seller_reply_72h", "2026-07-06T09:00:00", "2026-07-09T21:00:00+08:00",
      edits=("2026-07-08T21:00:00",), why="hour 60: +24h from the edit"),
    C("seller_reply_72h", "2026-07-06T09:00:00", "2026-07-10T20:00:00+08:00",
      edits=("2026-07-08T21:00:00", "2026-07-09T20:00:00"), why="two late edits"),
    C("seller_reply_72h", "2026-07-06T09:00:00", "2026-07-09T09:00:00+08:00",
      edits=("2026-07-08T09:00:00",), why="exactly hour 48"),
    C("seller_reply_72h", "2026-07-06T09:00:00", "2026-07-09T09:00:00+08:00",
      edits=("2026-07-08T08:59:59",), why="one second before hour 48"),
    C("seller_reply_72h", "2026-07-06T09:00:00", "2026-07-09T09:00:01+08:00",
      edits=("2026-07-08T09:00:01",), why="one second after hour 48"),
    C("seller_reply_72h", "2026-07-06T09:00:00", "2026-07-09T09:00:00+08:00",
      edits=("2026-07-09T09:00:00",), why="edit at the deadline: too late"),
    C("seller_reply_72h", "2026-07-06T09:00:00", "2026-07-09T09:00:00+08:00",
      edits=("2026-07-10T10:00:00",), why="edit after the deadline"),
    C("seller_reply_72h", "2026-07-06T09:00:00", "2026-07-09T21:00:00+08:00",
      edits=("2026-07-08T21:00:00", "2026-07-09T22:00:00"), why="second edit after new deadline"),
    C("seller_reply_72h", "2026-07-06T09:00:00", "2026-07-10T20:00:00+08:00",
      edits=("2026-07-09T20:00:00", "2026-07-08T21:00:00"), why="edits given out of order"),
    C("seller_reply_72h", "2026-07-06T09:00:00", "2026-07-10T08:00:00+08:00",
      edits=("2026-07-06T12:00:00", "2026-07-09T00:00:00Z"), why="UTC edit = hour 71"),
    C("seller_reply_72h", "2026-01-30T20:00:00", "2026-02-02T20:00:00+08:00", why="month end"),
    # working days: event day never counts; holidays skipped; make-up days count
    C("intervention_2wd", "2026-02-12T10:00:00", "2026-02-14T23:59:59+08:00", why="Thu -> make-up Sat"),
    C("intervention_2wd", "2026-02-13T10:00:00", "2026-02-24T23:59:59+08:00",
      why="Fri before Spring Festival: Sat 14 + Tue 24"),
    C("intervention_2wd", "2026-02-14T15:00:00", "2026-02-25T23:59:59+08:00",
      why="on the make-up Saturday, the day before the holiday"),
    C("intervention_2wd", "2026-02-13T16:30:00Z", "2026-02-25T23:59:59+08:00",
      why="UTC Feb 13 is Beijing Feb 14"),
    C("intervention_2wd", "2026-02-18T09:00:00", "2026-02-25T23:59:59+08:00", why="inside holiday"),
    C("intervention_2wd", "2026-02-26T10:00:00", "2026-02-28T23:59:59+08:00", why="make-up Sat 28"),
    C("intervention_2wd", "2026-02-27T10:00:00", "2026-03-02T23:59:59+08:00"),
    C("intervention_2wd", "2026-09-30T17:00:00", "2026-10-09T23:59:59+08:00", why="eve of National Day"),
    C("intervention_2wd", "2026-10-03T23:59:59", "2026-10-09T23:59:59+08:00", why="inside holiday"),
    C("intervention_2wd", "2026-10-09T11:00:00", "2026-10-12T23:59:59+08:00", why="make-up Sat 10"),
    C("intervention_2wd", "2026-09-19T11:00:00", "2026-09-21T23:59:59+08:00", why="make-up Sun 20"),
    C("intervention_2wd", "2026-09-24T11:00:00", "2026-09-29T23:59:59+08:00", why="Mid-Autumn"),
    C("intervention_2wd", "2026-04-30T11:00:00", "2026-05-07T23:59:59+08:00", why="Labour Day"),
    C("intervention_2wd", "2025-12-31T11:00:00", "2026-01-05T23:59:59+08:00", why="make-up Sun Jan 4"),
    C("intervention_2wd", "2026-12-25T11:00:00", "2026-12-29T23:59:59+08:00"),
    C("intervention_2wd", "2026-12-31T11:00:00", "2027-01-04T23:59:59+08:00", estimated=True,
      why="2027 is beyond the calendar: Mon-Fri estimate"),
    C("report_fake_3_5wd", "2026-02-10T11:00:00", "2026-02-24T23:59:59+08:00",
      earliest="2026-02-13T23:59:59+08:00"),
    C("report_fake_3_5wd", "2026-09-28T11:00:00", "2026-10-10T23:59:59+08:00",
      earliest="2026-10-08T23:59:59+08:00"),
    C("report_fake_3_5wd", "2026-10-02T11:00:00", "2026-10-13T23:59:59+08:00",
      earliest="2026-10-10T23:59:59+08:00", why="inside National Day"),
    C("report_banned_1wd", "2026-02-13T20:00:00", "2026-02-14T23:59:59+08:00"),
    C("report_banned_1wd", "2026-02-14T20:00:00", "2026-02-24T23:59:59+08:00"),
    C("report_banned_1wd", "2026-07-10T23:59:59", "2026-07-13T23:59:59+08:00", why="Fri night"),
    C("report_banned_1wd", "2026-01-04T09:00:00", "2026-01-05T23:59:59+08:00",
      why="filed on the make-up Sunday: that day does not count"),
    C("report_banned_1wd", "2025-12-31T09:00:00", "2026-01-04T23:59:59+08:00"),
    # calendar days: event day not counted, ends 23:59:59 of day N, no holiday extension
    C("no_reason_7d", "2026-07-06T09:00:00", "2026-07-13T23:59:59+08:00"),
    C("no_reason_7d", "2026-07-06T00:00:00", "2026-07-13T23:59:59+08:00"),
    C("no_reason_7d", "2026-07-05T16:30:00Z", "2026-07-13T23:59:59+08:00", why="UTC Jul 5 = Jul 6"),
    C("no_reason_7d", "2026-01-31T20:00:00", "2026-02-07T23:59:59+08:00"),
    C("no_reason_7d", "2026-02-25T23:59:00", "2026-03-04T23:59:59+08:00"),
    C("no_reason_7d", "2026-09-30T10:00:00", "2026-10-07T23:59:59+08:00", why="not extended"),
    C("quality_15d", "2026-01-31T10:00:00", "2026-02-15T23:59:59+08:00"),
    C("quality_15d", "2026-02-20T10:00:00", "2026-03-07T23:59:59+08:00"),
    C("quality_15d", "2024-02-20T10:00:00", "2024-03-06T23:59:59+08:00"),
    C("repair_30d", "2026-01-31T10:00:00", "2026-03-02T23:59:59+08:00", why="Jan 31 + 30, non-leap"),
    C("repair_30d", "2024-01-31T10:00:00", "2024-03-01T23:59:59+08:00", why="Jan 31 + 30, leap"),
    C("repair_30d", "2026-12-15T10:00:00", "2027-01-14T23:59:59+08:00"),
    # years: same date, 23:59:59; Feb 29 -> last day of February
    C("logistics_limit_1y", "2024-02-29T18:00:00", "2025-02-28T23:59:59+08:00"),
    C("logistics_limit_1y", "2023-02-28T18:00:00", "2024-02-28T23:59:59+08:00"),
    C("logistics_limit_1y", "2026-01-31T08:00:00", "2027-01-31T23:59:59+08:00"),
    C("logistics_limit_1y", "2026-12-31T17:00:00Z", "2028-01-01T23:59:59+08:00", why="UTC input"),
    # 12315: Mon-Fri [08:30, 12:00) and [14:00, 17:30); holidays: Mon-Fri only + caveat
    C("hotline_12315_open", "2026-07-06T00:00:00", "2026-07-06T08:30:00+08:00"),
    C("hotline_12315_open", "2026-07-06T08:29:59", "2026-07-06T08:30:00+08:00"),
    C("hotline_12315_open", "2026-07-06T08:30:00", "2026-07-06T08:30:00+08:00"),
    C("hotline_12315_open", "2026-07-06T10:15:30", "2026-07-06T10:15:30+08:00"),
    C("hotline_12315_open", "2026-07-06T11:59:59", "2026-07-06T11:59:59+08:00"),
    C("hotline_12315_open", "2026-07-06T12:00:00", "2026-07-06T14:00:00+08:00", why="12:00 closed"),
    C("hotline_12315_open", "2026-07-06T13:00:00", "2026-07-06T14:00:00+08:00", why="lunch gap"),
    C("hotline_12315_open", "2026-07-06T14:00:00", "2026-07-06T14:00:00+08:00"),
    C("hotline_12315_open", "2026-07-06T17:29:59", "2026-07-06T17:29:59+08:00"),
    C("hotline_12315_open", "2026-07-06T17:30:00", "2026-07-07T08:30:00+08:00", why="17:30 closed"),
    C("hotline_12315_open", "2026-07-06T04:00:00Z", "2026-07-06T14:00:00+08:00", why="UTC 04:00 = 12:00"),
    C("hotline_12315_open", "2026-07-10T18:00:00", "2026-07-13T08:30:00+08:00", why="Fri evening"),
    C("hotline_12315_open", "2026-07-11T10:00:00", "2026-07-13T08:30:00+08:00", why="Saturday"),
    C("hotline_12315_open", "2026-07-12T23:59:59", "2026-07-13T08:30:00+08:00"),
    C("hotline_12315_open", "2026-10-01T10:00:00", "2026-10-01T10:00:00+08:00", caveat=True,
      why="National Day Thursday: Mon-Fri rule, but warn"),
    C("hotline_12315_open", "2026-10-01T07:00:00", "2026-10-01T08:30:00+08:00", caveat=True),
    C("hotline_12315_open", "2026-10-09T18:00:00", "2026-10-12T08:30:00+08:00", caveat=True,
      why="skips make-up Sat 10"),
    C("hotline_12315_open", "2026-10-10T10:00:00", "2026-10-12T08:30:00+08:00", caveat=True),
    C("hotline_12315_open", "2026-10-10T18:00:00", "2026-10-12T08:30:00+08:00",
      why="make-up Sat already closed: nothing skipped"),
    C("hotline_12315_open", "2026-02-14T10:00:00", "2026-02-16T08:30:00+08:00", caveat=True,
      why="make-up Sat -> Spring Festival Monday"),
    C("hotline_12315_open", "2027-01-01T10:00:00", "2027-01-01T10:00:00+08:00",
      why="beyond the calendar: no holiday knowledge"),
]  # fmt: skip


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text)


def case_id(case: Case) -> str:
    return f"{case.rule}:{case.start}" + (f"+{len(case.edits)}edits" if case.edits else "")


def test_every_facts_rule_has_cases() -> None:
    assert {case.rule for case in CASES} == FACTS_RULE_IDS


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_compute(case: Case) -> None:
    result = compute(case.rule, parse(case.start), [parse(e) for e in case.edits])
    assert isinstance(result, Deadline)
    assert result.at.isoformat() == case.expected, case.why
    assert result.at.utcoffset() == timedelta(hours=8)
    start = parse(case.start)
    assert result.start == (start if start.tzinfo else start.replace(tzinfo=SHANGHAI))
    assert result.start.utcoffset() == timedelta(hours=8)
    assert result.estimated is case.estimated
    assert (result.earliest.isoformat() if result.earliest else None) == case.earliest
    assert result.holiday_caveat is case.caveat


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_deadline_helper_returns_the_instant(case: Case) -> None:
    at = deadline(case.rule, parse(case.start), [parse(e) for e in case.edits])
    assert at == parse(case.expected)
    assert at.isoformat() == case.expected


def test_naive_and_offset_inputs_are_the_same_instant() -> None:
    naive = deadline("intervention_2wd", datetime(2026, 2, 14, 0, 30))
    aware = deadline("intervention_2wd", parse("2026-02-13T16:30:00+00:00"))
    assert naive == aware


def test_unknown_rule() -> None:
    with pytest.raises(UnknownRuleError, match="no_such_rule"):
        deadline("no_such_rule", datetime(2026, 7, 6))


def test_edits_only_for_the_72_hour_rule() -> None:
    with pytest.raises(ValueError, match="amount edits"):
        deadline("success_15d", datetime(2026, 7, 6), [datetime(2026, 7, 7)])


def test_edit_before_the_request_is_rejected() -> None:
    with pytest.raises(ValueError, match="before the refund request"):
        deadline("seller_reply_72h", datetime(2026, 7, 6, 9), [datetime(2026, 7, 6, 8)])


def test_output_is_plus_eight_even_when_the_tz_database_disagrees() -> None:
    # The tz database gives Asia/Shanghai DST in 1986–1991; FACTS §7.2 says +08:00, no DST.
    at = deadline("success_15d", datetime(1988, 7, 1, 9))
    assert at.isoformat() == "1988-07-16T09:00:00+08:00"
    summer = datetime(1988, 7, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))  # +09:00 there
    assert deadline("ship_24h", summer).isoformat() == "1988-07-02T09:00:00+08:00"


@pytest.mark.parametrize(
    ("rule", "start"),
    [("ship_24h", datetime(9999, 12, 31, 23)), ("hotline_12315_open", datetime(9999, 12, 31, 18))],
)
def test_out_of_range_is_a_value_error(rule: str, start: datetime) -> None:
    with pytest.raises(ValueError, match="out of the supported range"):
        deadline(rule, start)
