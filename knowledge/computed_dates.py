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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from knowledge.computed import DATE_ASPECTS, Computed
from knowledge.datefind import Found, find_dates
from knowledge.deadline_rules import DeadlineRule
from knowledge.deadlines import Deadline, compute, seller_reply_deadline
from knowledge.glossary import forms as glossary_forms
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


def triggers(data: dict[str, Any], norm: Normaliser,
             english: Mapping[str, list[str]] | None = None) -> list[Trigger]:
    """The rules' triggers of computed.yaml, their words normalised (kept on `kb.computed`).
    A Chinese word also brings the English words the glossary lists for it (`english`:
    knowledge/data/glossary.yaml, with their inflections), so an English way of saying an
    event is added once, there, for the search and the deadlines alike."""
    return [Trigger(item["rule"], item["entry"], words(item["event"], norm, english),
                    [words(group, norm, english) for group in item["when"]])
            for item in data["deadlines"]["rules"]]


def words(alternatives: str, norm: Normaliser, english: Mapping[str, list[str]] | None = None) -> list[str]:
    """"word|word|…" normalised, with the glossary's English words of its Chinese words."""
    listed = [norm.basic(w) for w in alternatives.split("|")]
    more = [form for word in listed if english and word in english
            for said in english[word] for form in glossary_forms(said)]
    return list(dict.fromkeys(listed + more))


def _spans(word: str, text: str) -> list[tuple[int, int]]:
    if has_cjk(word):
        return [(m.start(), m.end()) for m in re.finditer(re.escape(word), text)]
    # an English word also in its plural or third person: fakes, refunds, complaints
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<![a-z0-9]){re.escape(word)}s?(?![a-z0-9])", text)]


def _has(word: str, text: str) -> bool:
    return bool(_spans(word, text))


def _distance(span: tuple[int, int], day: Found) -> int:
    first, last = day.span
    return max(first - span[1], span[0] - last, 0)


def _possible(trigger: Trigger, text: str) -> bool:
    return all(any(_has(word, text) for word in group) for group in [trigger.event, *trigger.groups])


@dataclass(frozen=True)
class Match:
    trigger: Trigger
    start: Found  # the date of the rule's start event
    edits: list[Found]  # dates of refund-amount edits (FACTS §7.4), for the rule that takes them


def match_rule(text: str, dates: list[Found], words: Computed) -> Match | None:
    """The rule whose start event is the latest event a date belongs to (at the same moment, the
    first in computed.yaml's order).

    Each date belongs to the event word nearest to it (its time of day counted as part of it),
    among the events of the rules whose words all occur, the events no rule counts from and the
    refund-amount edits; "the same day" (data: `same_day`) repeats the date before it for the event next
    to it. When several dates belong to the start event the latest counts: a request filed again
    starts the window again."""
    possible = [trigger for trigger in words.triggers if _possible(trigger, text)]
    if not possible:
        return None
    events = {w for trigger in possible for w in trigger.event} | words.other_events | words.edit_words
    dates = dates + _same_days(text, dates, words)
    owner = {id(day): _owner(text, day, events) for day in dates}
    edits = sorted((day for day in dates if owner[id(day)] in words.edit_words), key=_moment)
    found = [Match(trigger, max(own, key=_moment), edits) for trigger in possible
             if (own := [day for day in dates if owner[id(day)] in trigger.event])]
    # the latest event's rule: a story told in order asks about where it has got to
    return max(found, key=lambda match: _moment(match.start), default=None)


def _moment(day: Found) -> tuple[object, ...]:
    return (day.day, day.at or time.min)


def _owner(text: str, day: Found, events: set[str]) -> str | None:
    """The event word a date belongs to: the nearest within the window. At the same distance the
    one after it in Chinese (date, then the verb), before it in English (applied on Nov 20)."""
    window = EVENT_WINDOW if has_cjk(text) else EVENT_WINDOW_LATIN
    after_first = has_cjk(text)
    best: tuple[int, int, int] | None = None
    found = None
    for word in events:
        for span in _spans(word, text):
            gap = _distance(span, day)
            if gap > window:
                continue
            after = span[0] >= day.span[1]
            key = (gap, 0 if after == after_first else 1, -(span[1] - span[0]))
            if best is None or key < best:
                best, found = key, word
    return found


def _same_days(text: str, dates: list[Found], words: Computed) -> list[Found]:
    """"The same day" written after a date: that date again, where the words are."""
    out = []
    for word in words.same_day:
        for start, end in _spans(word, text):
            before = [day for day in dates if day.span[1] <= start]
            if before:
                day = max(before, key=lambda d: d.span[1])
                out.append(Found(day.day, None, start, end, "same_day", end))
    return out


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
    lines = [template[key].format(name=text(rule.name), rule=rule.id, action=text(rule.action),
                                  start=_when(found.start, lang, template, with_time=given_time),
                                  at=_when(found.at, lang, template))]
    for effect, edit, due in edits:
        lines.append(template[f"edit_{effect}"].format(edit=_when(edit, lang, template),
                                                       at=_when(due, lang, template)))
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


def _instant(day: Found, safe_late: bool) -> datetime:
    """The date's moment; without a time of day, the side safe for the shopper (see the module)."""
    return datetime.combine(day.day, day.at or (time(23, 59) if safe_late else time(0, 0)), tzinfo=SHANGHAI)


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
    day, entry = matched.start, matched.trigger.entry
    rule = kb.rules[matched.trigger.rule]
    if rule.method == "next_open" and day.at is None:
        return None  # whether a service is open turns on the time of day: without one, no answer
    date_only = day.at is None and rule.method in EXACT_METHODS
    safe_late = rule.kind != "closes"
    start = _instant(day, date_only and safe_late)
    edits = [_instant(e, safe_late) for e in matched.edits] if rule.amount_edits else []
    edits = [e for e in edits if e >= start]
    date_only = date_only or any(e.at is None for e in matched.edits if rule.amount_edits)
    try:
        found = compute(rule.id, start, edits, rules=kb.rules)
    except ValueError:
        return None
    lang = "en" if lang == "en" else "zh"
    computed: dict[str, object] = {
        "kind": "deadline", "rule": rule.id, "from": found.start.isoformat(),
        "deadline": found.at.isoformat(), "date_only": date_only,
        "estimated": date_only or found.estimated or bool(DOUBT_FLAGS & set(rule.flags)),
        "doubtful": rule.doubt is not None,
    }
    if edits:
        computed["edits"] = [e.isoformat() for e in edits]
    if found.earliest is not None:
        computed["earliest"] = found.earliest.isoformat()
    lines = _lines(words, rule, found, date_only, date_only and safe_late, lang, day.at is not None,
                   edit_effects(found.start, edits))
    return Answer(answer="\n".join(lines), entry=entry, score=1.0, sources=list(rule.sources),
                  related=[(entry, kb.entry(entry).title.get(lang))], aspect="days", computed=computed)
