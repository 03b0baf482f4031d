"""Deadlines computed from a date in a question, by the rule that applies (FACTS §7.2–§7.4).

"I asked for a refund on 20 November at 3 pm, by when must the seller answer?" ->
seller_reply_72h from that moment: the date and time, through knowledge/deadlines.py. Each date
(with its time of day, written after or before it) belongs to the event word nearest to it; the
rule is the one whose start event has the latest date, and a refund-amount edit dated in the
question moves the seller's 72 hours as §7.4 says, which the answer spells out. When only a day
is given for a rule counted in hours or exact days, the answer says so and takes the side that
is safe for the shopper: a window the shopper must meet is counted from 00:00, the other side's
window or one that opens from 23:59.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from knowledge.computed import NOT_DATE_ASPECTS, Computed
from knowledge.computed_match import UNIT_METHODS, Match, match_rule, named_lengths, possible
from knowledge.datefind import BARE_WEEKDAY, WEEKDAY_KINDS, Found, find_dates
from knowledge.deadline_rules import DeadlineRule
from knowledge.deadlines import Deadline, compute, seller_reply_deadline
from knowledge.number_words import english_digits
from knowledge.workdays import SHANGHAI, to_shanghai

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase

EXACT_METHODS = frozenset({"hours", "days"})  # the deadline keeps the start's time of day
DOUBT_FLAGS = frozenset({"convention", "outside_seeds"})
QUESTION_MARK = re.compile(r"[?？]")  # a fragment has none: "签收 12.1 七天无理由" asks for the date


def check(words: Computed, entries: set[str], rules: set[str]) -> list[str]:
    """`kb check`: every rule and entry the triggers name exists."""
    problems = []
    for trigger in words.triggers:
        if trigger.rule not in rules:
            problems.append(f"computed.yaml:deadlines.rules: unknown deadline rule {trigger.rule!r}")
        if trigger.entry not in entries:
            problems.append(f"computed.yaml:deadlines.rules.{trigger.rule}: unknown entry {trigger.entry!r}")
    return problems


def _when(moment: datetime, lang: str, template: dict[str, Any], with_time: bool = True) -> str:
    day = template["day"].format(weekday=template["weekdays"][moment.weekday()], day=moment.day,
                                 month=template["months"][moment.month - 1], year=moment.year)
    if not with_time:
        return str(day)
    return f"{day}, {moment:%H:%M}" if lang == "en" else f"{day} {moment:%H:%M}"


def _lines(words: Computed, rule: DeadlineRule, found: Deadline, date_only: bool, safe_late: bool,
           lang: str, given_time: bool, edits: list[tuple[str, datetime, datetime]]) -> list[str]:
    template = words.data["deadlines"]["text"][lang]
    text = (lambda t: t.en) if lang == "en" else (lambda t: t.zh)
    key = {"closes": "closes", "opens": "opens", "hours": "opens"}.get(rule.kind, "other_side")
    closes = ""
    if rule.method == "next_open" and found.at == found.start:
        key = "open_then"  # the moment asked about is already a staffed one
        closes = next(c for o, c in rule.open_hours if o <= found.at.time() < c).strftime("%H:%M")
    lines = [template[key].format(name=text(rule.name), rule=rule.id, action=text(rule.action),
                                  start=_when(found.start, lang, template, with_time=given_time),
                                  at=_when(found.at, lang, template), closes=closes)]
    for effect, edit, due in edits:
        lines.append(template[f"edit_{effect}"].format(edit=_when(edit, lang, template),
                                                       at=_when(due, lang, template)))
    if date_only:
        lines.append(template["date_only"].format(
            day=_when(found.at, lang, template, with_time=False),
            safe=template["safe_late" if safe_late else "safe_early"]))
    if found.holiday_caveat:
        lines.append(template["holiday"])
    if found.earliest is not None:
        lines.append(template["earliest"].format(earliest=_when(found.earliest, lang, template)))
    if found.estimated:
        lines.append(template["estimated"])
    if rule.audience == "merchant":  # the seller's own window: said so, as the rule's notes say
        lines.append(template["notes"].format(notes=text(rule.notes)))
    if DOUBT_FLAGS & set(rule.flags):
        lines.append(template["convention"])
    if rule.doubt is not None:
        lines.append(template["doubt"].format(doubt=text(rule.doubt)))
    return lines


def _instant(day: Found, safe_late: bool) -> datetime:
    """The date's moment; without a time of day, the side safe for the shopper (see the module)."""
    return datetime.combine(day.day, day.at or (time(23, 59) if safe_late else time(0, 0)), tzinfo=SHANGHAI)


def _coming(day: Found, clock: datetime | None) -> Found:
    """A weekday named alone for a service's hours is the coming one: "Saturday 8 pm, when can I
    call?" asks about this week's Saturday, not the last one."""
    if day.kind != BARE_WEEKDAY or clock is None or day.at is None:
        return day
    if datetime.combine(day.day, day.at, tzinfo=SHANGHAI) >= to_shanghai(clock):
        return day
    return replace(day, day=day.day + timedelta(days=7))


def edit_effects(start: datetime, edits: list[datetime]) -> list[tuple[str, datetime, datetime]]:
    """What each refund-amount edit did to the seller's 72 hours (FACTS §7.4): "same" in the
    first 48 hours, "moved" in the last 24 (to 24 hours after it), "late" after the deadline;
    with the deadline after it."""
    out = []
    for i, edit in enumerate(edits):
        before = seller_reply_deadline(start, edits[:i])
        after = seller_reply_deadline(start, edits[:i + 1])
        out.append(("late" if edit >= before else "moved" if after != before else "same", edit, after))
    return out


def asks_date(kb: KnowledgeBase, question: str, text: str) -> bool:
    """Whether a question with a date may want a deadline: a word asking for a date or a moment
    outright (whatever other cue is nearer the end), or a word asking when and no aspect that wants
    a thing instead (a number, evidence, a place), or no aspect at all (a fragment: "signed 12.1 seven-day return")."""
    words = kb.computed
    if words.mentions("deadlines", "date_asks", text):
        return True
    asked = kb.aspects.asked(question)
    if asked in NOT_DATE_ASPECTS:
        return False
    return words.mentions("deadlines", "asks", text) or (asked is None and not QUESTION_MARK.search(text))


def asks_hours_at(kb: KnowledgeBase, question: str) -> bool:
    """A question about a service's hours ("is 12315 answered at 8 pm") with a moment in it asks whether it
    is staffed then: only a rule of opening hours (next_open) answers it."""
    return kb.aspects.asked(question) == "hours"


@dataclass(frozen=True)
class Counted:
    """A rule counted from a question's date: what knowledge/deadlines.py found, and how."""

    rule: DeadlineRule
    found: Deadline
    edits: list[datetime]
    date_only: bool  # the day was given without its time of day
    safe_late: bool  # ... and counted from 23:59 (else 00:00), the side safe for the shopper
    given_time: bool


def count(kb: KnowledgeBase, rule: DeadlineRule, day: Found, edit_days: list[Found],
          clock: datetime | None) -> Counted | None:
    """The rule counted from the day (and its amount edits, FACTS §7.4), or None when it cannot be."""
    timed = day.at is not None
    if rule.method == "next_open":
        if day.at is None:
            if day.day.isoweekday() in rule.open_weekdays or day.kind in WEEKDAY_KINDS:
                # open that day, its hours decide; a weekday named alone asks the weekly hours
                return None
            day = replace(day, at=time(0, 0))  # a date it is closed all day: its next opening, at any hour
        day = _coming(day, clock)
    date_only = day.at is None and rule.method in EXACT_METHODS
    safe_late = rule.kind != "closes"
    start = _instant(day, date_only and safe_late)
    edits = [_instant(e, safe_late) for e in edit_days] if rule.amount_edits else []
    edits = [e for e in edits if e >= start]
    date_only = date_only or any(e.at is None for e in edit_days if rule.amount_edits)
    try:
        found = compute(rule.id, start, edits, rules=kb.rules)
    except ValueError:
        return None
    return Counted(rule, found, edits, date_only, date_only and safe_late, timed)


def deadline_answer(kb: KnowledgeBase, question: str, lang: str,
                    now: datetime | Callable[[], datetime] | None) -> Answer | None:
    from knowledge.computed_length import length_answer

    text = english_digits(kb.normaliser.basic(question))
    words = kb.computed
    if words.mentions("deadlines", "other_platforms", text):
        return None
    if not asks_date(kb, question, text):
        return _open_at(kb, question, text, lang, now) if asks_hours_at(kb, question) else None
    if not any(possible(trigger, text, named=True) for trigger in words.triggers):
        # no rule's event: the clock is read only for a window's length named beside a date
        return length_answer(kb, text, lang, now)
    clock = now() if callable(now) else now
    dates = find_dates(text, clock, kb.date_words.questions, ahead=True)
    matched = match_rule(text, dates, words, kb.rules)
    if matched is None or not _length_fits(kb, text, matched.trigger.rule):
        # the question names a length the rule found has not: the length it names is counted
        return length_answer(kb, text, lang, now) or (None if matched is None else
                                                      _answer(kb, matched, lang, clock))
    if kb.rules[matched.trigger.rule].method == "next_open":  # a coming day's hours: the nearest such day
        return _open_at(kb, question, text, lang, now) or _answer(kb, matched, lang, clock)
    return _answer(kb, matched, lang, clock)


def _open_at(kb: KnowledgeBase, question: str, text: str, lang: str,
             now: datetime | Callable[[], datetime] | None) -> Answer | None:
    """Whether a service is staffed at the moment the question names (its next opening if not)."""
    if not any(kb.rules[t.rule].method == "next_open" and possible(t, text) for t in kb.computed.triggers):
        return None
    clock = now() if callable(now) else now
    dates = find_dates(text, clock, kb.date_words.questions, ahead=True, nearest=True)  # a coming day's hours
    matched = match_rule(text, dates, kb.computed, kb.rules)
    if matched is None or kb.rules[matched.trigger.rule].method != "next_open":
        return None
    return _answer(kb, matched, lang, clock)


def _length_fits(kb: KnowledgeBase, text: str, rule_id: str) -> bool:
    """No length is named, or the rule's is among them (in its unit)."""
    lengths = named_lengths(text, kb.computed)
    rule = kb.rules[rule_id]
    return not lengths or any(rule.method in UNIT_METHODS.get(unit, ()) and n in (rule.length, rule.min_length)
                              for unit, n in lengths)


def _answer(kb: KnowledgeBase, matched: Match, lang: str, clock: datetime | None) -> Answer | None:
    from knowledge.base import Answer

    words = kb.computed
    entry = matched.trigger.entry
    counted = count(kb, kb.rules[matched.trigger.rule], matched.start, matched.edits, clock)
    if counted is None:
        return None
    rule, found, edits = counted.rule, counted.found, counted.edits
    lang = "en" if lang == "en" else "zh"
    computed: dict[str, object] = {
        "kind": "deadline", "rule": rule.id, "from": found.start.isoformat(),
        "deadline": found.at.isoformat(), "date_only": counted.date_only,
        "estimated": counted.date_only or found.estimated or bool(DOUBT_FLAGS & set(rule.flags)),
        "doubtful": rule.doubt is not None,
    }
    if edits:
        computed["edits"] = [e.isoformat() for e in edits]
    if found.earliest is not None:
        computed["earliest"] = found.earliest.isoformat()
    lines = _lines(words, rule, found, counted.date_only, counted.safe_late, lang, counted.given_time,
                   edit_effects(found.start, edits))
    return Answer(answer="\n".join(lines), entry=entry, score=1.0, sources=list(rule.sources),
                  related=[(entry, kb.entry(entry).title.get(lang))], aspect="days", computed=computed)
