"""Deadlines computed from a date in a question, by the rule the question's words point to.

"I asked for a refund on 20 November, by when must the seller answer?" -> seller_reply_72h
from 20 November: the date and
time, through knowledge/deadlines.py. When only a day is given for a rule counted in hours or
exact days, the answer says so and takes the side that is safe for the shopper: a window the
shopper must meet is counted from 00:00, the other side's window or one that opens from 23:59.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from knowledge.computed import DATE_ASPECTS, Computed
from knowledge.datefind import Found, find_dates
from knowledge.deadline_rules import DeadlineRule
from knowledge.deadlines import Deadline, compute
from knowledge.textnorm import Normaliser, has_cjk
from knowledge.workdays import SHANGHAI

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase

EVENT_WINDOW = 30  # characters between a date and the event word it belongs to
EVENT_WINDOW_LATIN = 60  # the same in English: its words take more letters than Chinese ones
EXACT_METHODS = frozenset({"hours", "days"})  # the deadline keeps the start's time of day
DOUBT_FLAGS = frozenset({"convention", "outside_seeds"})


@dataclass(frozen=True)
class Trigger:
    rule: str
    entry: str
    event: list[str]  # the start event's words: a date must be written next to one
    groups: list[list[str]]  # each group must occur somewhere in the question


def triggers(data: dict[str, Any], norm: Normaliser) -> list[Trigger]:
    """The rules' triggers of computed.yaml, their words normalised (kept on `kb.computed`)."""
    basic = norm.basic
    return [Trigger(item["rule"], item["entry"], [basic(w) for w in item["event"].split("|")],
                    [[basic(w) for w in group.split("|")] for group in item["when"]])
            for item in data["deadlines"]["rules"]]


def _spans(word: str, text: str) -> list[tuple[int, int]]:
    if has_cjk(word):
        return [(m.start(), m.end()) for m in re.finditer(re.escape(word), text)]
    # an English word also in its plural or third person: fakes, refunds, complaints
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<![a-z0-9]){re.escape(word)}s?(?![a-z0-9])", text)]


def _has(word: str, text: str) -> bool:
    return bool(_spans(word, text))


def _distance(span: tuple[int, int], day: Found) -> int:
    return max(day.start - span[1], span[0] - day.end, 0)


def _possible(trigger: Trigger, text: str) -> bool:
    return all(any(_has(word, text) for word in group) for group in [trigger.event, *trigger.groups])


def match_rule(text: str, dates: list[Found], words: Computed) -> tuple[Trigger, Found] | None:
    """The first rule whose event is the one written next to a date (and whose groups all occur)."""
    possible = [trigger for trigger in words.triggers if _possible(trigger, text)]
    events = {w for trigger in possible for w in trigger.event} | words.other_events
    window = EVENT_WINDOW if has_cjk(text) else EVENT_WINDOW_LATIN
    for trigger in possible:
        spans = [span for word in trigger.event for span in _spans(word, text)]
        near = [(min(_distance(span, day) for span in spans), day) for day in dates]
        near = [(gap, day) for gap, day in near
                if gap <= window and gap <= _nearest(text, day, events, window)]
        if near:
            return trigger, min(near, key=lambda item: item[0])[1]
    return None


def _nearest(text: str, day: Found, events: set[str], window: int) -> int:
    """How far the date is from the nearest event word: the event it belongs to is that one."""
    spans = [span for word in events for span in _spans(word, text)]
    return min((_distance(span, day) for span in spans), default=window)


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
           lang: str, given_time: bool) -> list[str]:
    template = words.data["deadlines"]["text"][lang]
    text = (lambda t: t.en) if lang == "en" else (lambda t: t.zh)
    key = {"closes": "closes", "opens": "opens", "hours": "opens"}.get(rule.kind, "other_side")
    lines = [template[key].format(name=text(rule.name), rule=rule.id, action=text(rule.action),
                                  start=_when(found.start, lang, template, with_time=given_time),
                                  at=_when(found.at, lang, template))]
    if date_only:
        lines.append(template["date_only"].format(
            day=_when(found.at, lang, template, with_time=False),
            safe=template["safe_late" if safe_late else "safe_early"]))
    if found.earliest is not None:
        lines.append(template["earliest"].format(earliest=_when(found.earliest, lang, template)))
    if found.estimated:
        lines.append(template["estimated"])
    if DOUBT_FLAGS & set(rule.flags):
        lines.append(template["convention"])
    if rule.doubt is not None:
        lines.append(template["doubt"].format(doubt=text(rule.doubt)))
    return lines


def deadline_answer(kb: KnowledgeBase, question: str, lang: str,
                    now: datetime | Callable[[], datetime] | None) -> Answer | None:
    from knowledge.base import Answer

    text = kb.normaliser.basic(question)
    words = kb.computed
    if kb.aspects.asked(question) not in DATE_ASPECTS or not words.mentions("deadlines", "asks", text):
        return None
    if not any(_possible(trigger, text) for trigger in words.triggers):
        return None  # no rule's words: the clock is not even read
    matched = match_rule(text, find_dates(text, now() if callable(now) else now,
                                          kb.date_words.questions), words)
    if matched is None:
        return None
    trigger, day = matched
    rule_id, entry = trigger.rule, trigger.entry
    rule = kb.rules[rule_id]
    if rule.method == "next_open" and day.at is None:
        return None  # whether a service is open turns on the time of day: without one, no answer
    date_only = day.at is None and rule.method in EXACT_METHODS
    safe_late = date_only and rule.kind != "closes"
    start_time = day.at or (time(23, 59) if safe_late else time(0, 0))
    try:
        found = compute(rule_id, datetime.combine(day.day, start_time, tzinfo=SHANGHAI),
                        rules=kb.rules)
    except ValueError:
        return None
    lang = "en" if lang == "en" else "zh"
    computed: dict[str, object] = {
        "kind": "deadline", "rule": rule_id, "from": found.start.isoformat(),
        "deadline": found.at.isoformat(), "date_only": date_only,
        "estimated": date_only or found.estimated or bool(DOUBT_FLAGS & set(rule.flags)),
        "doubtful": rule.doubt is not None,
    }
    if found.earliest is not None:
        computed["earliest"] = found.earliest.isoformat()
    return Answer(answer="\n".join(_lines(words, rule, found, date_only, safe_late, lang,
                                                day.at is not None)),
                  entry=entry, score=1.0, sources=list(rule.sources),
                  related=[(entry, kb.entry(entry).title.get(lang))], aspect="days", computed=computed)
