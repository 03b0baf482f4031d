"""A case's timeline: which deadline windows are open now, and what each event does to the case."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from dialogs.machines import CASE, can_fire, fire
from dialogs.snapshot import Case, CaseEvent
from dialogs.states import OPEN_STATUSES
from knowledge.deadline_rules import DeadlineRule
from knowledge.deadlines import compute

# Events after which a window no longer matters (FACTS.md §7.3-§7.6).
CLOSED_BY: dict[str, frozenset[str]] = {
    "seller_reply_72h": frozenset({"seller_agreed", "seller_refused", "seller_timeout"}),
    "ship_24h": frozenset({"shipped"}),
    "late_ship_72h": frozenset({"refund_requested"}),
    "intervention_2wd": frozenset({"decision_made"}),
    "complaint_5d": frozenset({"decision_made"}),
    "human_agent_3d": frozenset({"decision_made"}),
    "aftersales_review_24h": frozenset({"seller_agreed", "seller_refused", "decision_made"}),
    "report_fake_3_5wd": frozenset({"decision_made"}),
    "report_banned_1wd": frozenset({"decision_made"}),
    "rights_center_9d": frozenset({"intervention_requested"}),
}
# Rules of FACTS.md that are not a case's own window (the 12315 hours are looked up, not waited).
NOT_CASE_WINDOWS = frozenset({"hotline_12315_open"})

# What recording an event does to where the case stands; other events only join the timeline.
CASE_TRIGGER: dict[str, str] = {
    "seller_refused": "refuse",
    "seller_timeout": "refuse",
    "seller_agreed": "agree",
    "complaint_filed": "complain",
    "report_filed": "complain",
    "intervention_requested": "request_intervention",
    "appeal_filed": "appeal",
    "outside_channel_used": "go_outside",
    "resolved": "resolve",
    "closed": "close",
}


@dataclass(frozen=True)
class OpenDeadline:
    rule: str
    result: str  # buyer_deadline | seller_deadline | platform_sla | opens_at
    start: datetime
    at: datetime
    estimated: bool  # a bare date was given, or a working-day calendar the state does not publish
    date_only: bool = False  # built on a bare date (the time of day is not known)


def applies(rule: DeadlineRule, category: str | None, platform: str | None = None) -> bool:
    """A buyer's window of the category; a rule given for one platform only on that platform."""
    return (rule.audience == "buyer" and rule.id not in NOT_CASE_WINDOWS
            and ("*" in rule.categories or category in rule.categories)
            and (not rule.platforms or platform is None or platform in rule.platforms))


def latest(case: Case, kind: str) -> CaseEvent | None:
    found = [e for e in case.events if e.kind == kind]
    return max(found, key=when) if found else None


def when(event: CaseEvent) -> datetime:
    return datetime.fromisoformat(event.at)


def open_deadlines(case: Case, rules: Mapping[str, DeadlineRule]) -> list[OpenDeadline]:
    """Every window of the case's category whose start event happened and that is not closed
    (`rules`: the knowledge base's deadline rules, `kb.rules`)."""
    if case.status not in OPEN_STATUSES:
        return []
    found: list[OpenDeadline] = []
    happened = {e.kind for e in case.events}  # a window whose start event never happened is not open
    for rule in rules.values():
        if rule.start_event not in happened or \
                not applies(rule, case.category, case.fields.get("platform")):
            continue
        start = latest(case, rule.start_event)
        if start is None or _closed(case, rule.id, start):
            continue
        edits = [when(e) for e in case.events
                 if e.kind == "refund_amount_edited" and when(e) >= when(start)] \
            if rule.amount_edits else []
        result = compute(rule.id, when(start), edits, rules=rules)
        date_only = start.note == "date_only"
        found.append(OpenDeadline(rule.id, rule.result, result.start, result.at,
                                  result.estimated or date_only, date_only))
    return sorted(found, key=lambda d: d.at)


def _closed(case: Case, rule_id: str, start: CaseEvent) -> bool:
    closers = CLOSED_BY.get(rule_id, frozenset())
    return any(e.kind in closers and when(e) >= when(start) for e in case.events)


def record(case: Case, kind: str, at: datetime, stamp: str) -> bool:
    """Append the event; move the case if the event moves it. True if the status changed."""
    case.events.append(CaseEvent(kind=kind, at=at.isoformat(timespec="seconds")))
    case.updated_at = stamp
    trigger = CASE_TRIGGER.get(kind)
    if trigger and can_fire(CASE, case.status, trigger):
        case.status = fire(CASE, case.status, trigger)
        return True
    return False
