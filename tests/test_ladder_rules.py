"""The escalation ladder has one home (knowledge/data/channels.yaml, FACTS §8): the next-step
view, the letter offered first, the reminder's "if they do not answer" and the dossier read it."""

from __future__ import annotations

import pytest

from bot.dossier.data import current_channels
from dialogs.flows.letters import default_channel
from dialogs.ladder import next_channel
from dialogs.snapshot import Case, CaseEvent
from dialogs.states import CaseStatus
from knowledge.loader import load_kb

KB = load_kb()
LADDER = KB.ladder_data


def case(status: str, category: str = "quality", *events: str) -> Case:
    return Case(id=1, user_id=1, category=category, status=status,
                events=[CaseEvent(kind=k, at="2026-11-20T10:00:00+08:00") for k in events])


def test_rules_name_real_statuses_and_channels() -> None:
    statuses = {s.value for s in CaseStatus}
    for rule in LADDER.next:
        assert set(rule.status) <= statuses, rule
        KB.channel(rule.go)
    assert set(LADDER.stages) <= statuses
    assert set(LADDER.report_statuses) <= statuses


@pytest.mark.parametrize(("status", "category", "events", "expected"), [
    ("negotiating", "quality", (), None),
    ("negotiating", "quality", ("seller_refused",), "platform_complaint"),
    ("refused", "not_received", ("seller_timeout",), "platform_intervention"),
    ("refused", "counterfeit", ("seller_refused",), "platform_report"),
    ("refused", "counterfeit", ("seller_refused", "report_filed"), "platform_complaint"),
    ("complaint", "quality", (), "platform_intervention"),
    ("intervention", "quality", (), None),
    ("intervention", "quality", ("decision_made",), "platform_appeal"),
    ("appeal", "quality", (), "gov_12315"),
    ("outside", "quality", (), "consumer_association"),
    ("outside", "quality", ("consumer_association",), "court"),
    ("resolved", "quality", (), None),
])
def test_next_channel(status: str, category: str, events: tuple[str, ...],
                      expected: str | None) -> None:
    assert next_channel(case(status, category, *events), KB) == expected


@pytest.mark.parametrize(("status", "category", "expected"), [
    ("negotiating", "quality", "platform_complaint"),
    ("negotiating", "not_received", "platform_intervention"),
    ("intervention", "quality", "platform_appeal"),
    ("appeal", "quality", "gov_12315"),
])
def test_when_the_other_side_does_not_answer(status: str, category: str, expected: str) -> None:
    assert next_channel(case(status, category), KB, no_answer=True) == expected


def test_letter_and_dossier_follow_the_stage() -> None:
    assert default_channel(case("negotiating"), KB) == "seller"
    assert default_channel(case("intervention"), KB) == "platform_intervention"
    assert default_channel(case("complaint"), KB) == "platform_intervention"  # the next rung
    as_dict = {"category": "counterfeit", "status": "complaint"}
    assert current_channels(as_dict, KB) == ["platform_report", "platform_complaint"]
    assert current_channels({"category": "fraud", "status": "outside"}, KB) == \
        ["gov_12315", "consumer_association", "police"]
