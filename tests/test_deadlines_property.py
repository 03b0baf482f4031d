"""Properties of every deadline rule for random instants in 2024–2026, in any time zone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.deadlines import compute, deadline, load_rules
from knowledge.workdays import END_OF_DAY, is_workday, to_shanghai, working_days_between

RULES = load_rules()
ZONES = st.sampled_from(
    [
        None,  # naive = Beijing time
        UTC,
        ZoneInfo("Asia/Shanghai"),
        ZoneInfo("America/New_York"),
        ZoneInfo("Europe/Berlin"),
        timezone(timedelta(hours=14)),
        timezone(timedelta(hours=-12)),
        timezone(timedelta(hours=5, minutes=45)),
    ]
)
INSTANTS = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31, 23, 59, 59), timezones=ZONES
)
BEIJING = timedelta(hours=8)


@settings(max_examples=300, deadline=None)
@given(rule_id=st.sampled_from(sorted(RULES)), start=INSTANTS)
def test_every_rule(rule_id: str, start: datetime) -> None:
    rule = RULES[rule_id]
    result = compute(rule_id, start)
    begin = to_shanghai(start)
    assert result.at >= begin
    assert result.at.utcoffset() == BEIJING
    assert result.start == begin and result.start.utcoffset() == BEIJING
    if rule.method in {"calendar_days", "working_days", "years"}:
        assert result.at.time() == END_OF_DAY
    if rule.method == "working_days":
        assert rule.length is not None
        assert is_workday(result.at.date())
        assert working_days_between(begin.date(), result.at.date()) == rule.length
        assert result.estimated == (result.at.year > 2026)
    if rule.method in {"hours", "days"}:
        unit = timedelta(hours=1) if rule.method == "hours" else timedelta(days=1)
        assert rule.length is not None
        assert result.at - begin == rule.length * unit
    if result.earliest is not None:
        assert begin <= result.earliest < result.at
    if rule.method == "next_open":
        at = result.at
        assert at.isoweekday() <= 5
        assert time(8, 30) <= at.time() < time(12) or time(14) <= at.time() < time(17, 30)
        assert at - begin < timedelta(days=3)
        assert at == begin or at.time() in {time(8, 30), time(14)}


@settings(max_examples=300, deadline=None)
@given(
    start=INSTANTS,
    offsets=st.lists(st.integers(min_value=0, max_value=150 * 3600), max_size=6),
)
def test_seller_reply_edits(start: datetime, offsets: list[int]) -> None:
    begin = to_shanghai(start)
    edits = [begin + timedelta(seconds=s) for s in offsets]
    plain = deadline("seller_reply_72h", start)
    moved = deadline("seller_reply_72h", start, edits)
    assert plain == begin + timedelta(hours=72)
    assert moved.utcoffset() == BEIJING
    # Edits never shorten the window, and extend it only to 24 h after some edit.
    assert moved >= plain
    assert moved == plain or moved - timedelta(hours=24) in edits
    # The order the edits are given in does not matter.
    assert deadline("seller_reply_72h", start, list(reversed(edits))) == moved
    # Edits in the first 48 hours change nothing.
    early = [e for e in edits if e < begin + timedelta(hours=48)]
    assert deadline("seller_reply_72h", start, early) == plain
