"""Which deadline rule a question's dates point to (knowledge/data/computed.yaml `deadlines`).

A rule is possible when its start event's word occurs and either every `when` word group of it
occurs or the question names the rule's length ("72 hours", "3 to 5 working days"). Each date,
with its time of day, belongs to one event word: of those within a window, one of its own clause
before one across a comma or an "and", then the nearest. The rule applied is the one whose
length the question names, else the one whose start event is the latest (a story told in order
asks where it has got to), or first one that opens a window when the question asks from when;
at the same moment the one told later, then the one whose topic the asking clause names, then the
one whose topic more word groups name, then the first in the file. Dates that belong to a
refund-amount edit are the edits of FACTS §7.4. Pure: words in, a match out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING, Any

from knowledge.date_owner import labels_kept, owner_at, verb_after
from knowledge.datefind import DATED_KINDS, Found
from knowledge.event_words import has, spans, words
from knowledge.textnorm import Normaliser, has_cjk

if TYPE_CHECKING:
    from knowledge.computed import Computed
    from knowledge.deadline_rules import DeadlineRule

# a length named in the question, by its unit -> the methods of the rules it can be
TOPIC_GROUPS = 2  # `when` groups that name a rule without its event word
UNIT_METHODS = {"hours": {"hours"}, "days": {"days", "calendar_days"}, "working_days": {"working_days"},
                "years": {"years"}}


@dataclass(frozen=True)
class Trigger:
    rule: str
    entry: str
    event: list[str]  # the start event's words: a date must belong to one
    groups: list[list[str]]  # each group must occur somewhere in the question
    negated: re.Pattern[str] | None = None  # what says a "!" word did not happen (knowledge/event_words.py)
    actor: str | None = None  # who acts by the rule (computed.yaml `deadlines.actors`: knowledge/days_rule.py)


@dataclass(frozen=True)
class Match:
    trigger: Trigger
    start: Found  # the date of the rule's start event
    edits: list[Found]  # dates of refund-amount edits (FACTS §7.4), for the rule that takes them


def triggers(data: dict[str, Any], norm: Normaliser,
             english: Mapping[str, list[str]] | None = None) -> list[Trigger]:
    """The rules' triggers of computed.yaml, their words normalised (kept on `kb.computed`).
    A Chinese word also brings the English words the glossary lists for it (`english`:
    knowledge/data/glossary.yaml, with their inflections), so an English way of saying an
    event is added once, there, for the search and the deadlines alike."""
    negated = re.compile(data["deadlines"]["negated"])
    return [Trigger(item["rule"], item["entry"], words(item["event"], norm, english),
                    [words(group, norm, english) for group in item["when"]], negated, item.get("actor"))
            for item in data["deadlines"]["rules"]]


def named_lengths(text: str, words: Computed) -> set[tuple[str, int]]:
    """The lengths the question names, as (unit, number): "72 hours" -> ("hours", 72)."""
    return {(unit, int(m.group(1))) for unit, pattern in words.lengths for m in pattern.finditer(text)}


def rule_named(trigger: Trigger, rules: Mapping[str, DeadlineRule], lengths: set[tuple[str, int]]) -> bool:
    """Whether the question names the length of the trigger's rule (72 hours, 3 to 5 working days)."""
    rule = rules.get(trigger.rule)
    if rule is None:
        return False
    return any(rule.method in UNIT_METHODS.get(unit, ()) and number in (rule.length, rule.min_length)
               for unit, number in lengths)


def complete(trigger: Trigger, text: str) -> bool:
    """Every `when` word group of a rule that has some occurs: its topic is named in full."""
    return bool(trigger.groups) and all(any(has(word, text, trigger.negated) for word in group)
                                        for group in trigger.groups)


def possible(trigger: Trigger, text: str, named: bool = False) -> bool:
    """Its start event is named, and its other words are too (or its length is: `named`); or,
    without an event word (a fragment: "refund-only 11-20 seller deadline"), its topic is named in full by
    two word groups or more (one group alone, such as "result", says too little)."""
    if not any(has(word, text) for word in trigger.event):
        return len(trigger.groups) >= TOPIC_GROUPS and complete(trigger, text)
    return named or not trigger.groups or complete(trigger, text)


def match_rule(text: str, dates: list[Found], words: Computed,
               rules: Mapping[str, DeadlineRule] | None = None) -> Match | None:
    """The rule the question's dates point to (see the module), or None."""
    lengths = named_lengths(text, words) if rules is not None else set()
    named = {t.rule for t in words.triggers if rules is not None and rule_named(t, rules, lengths)}
    candidates = [t for t in words.triggers if possible(t, text, t.rule in named)]
    if not candidates:
        return None
    edit_words = words.edits_in(text)
    events = {w for trigger in candidates for w in trigger.event} | words.other_events | edit_words
    lengths_of = {n for t in candidates if rules is not None and (rule := rules.get(t.rule)) is not None
                  for n in (rule.length, rule.min_length) if n is not None}
    dates = lengths_dropped(text, dates, lengths_of, words) + _same_days(text, dates, words)
    order = verb_after(text, dates, events | {w for t in words.triggers for w in t.event}, words.negation)
    at = {id(day): owner_at(text, day, events, words.clause, words.quoted, words.negation, order) for day in dates}
    at = _uncontested(text, dates, at, words, edit_words)
    if not order:
        at = labels_kept(text, dates, at)
    owner = {key: None if found is None else found[0] for key, found in at.items()}
    edits = sorted((day for day in dates if owner[id(day)] in edit_words), key=_moment)
    others = words.other_events | edit_words
    found = [Match(trigger, max(own, key=_moment), edits) for trigger in candidates
             if (own := [day for day in dates if _owns(trigger, at[id(day)], others, text)])]
    asking = ASKING_END.split(words.quoted.sub("", text).rstrip(" ?？!！。.,，;；"))[-1]
    dated = {m.trigger.rule for m in found}
    if found and any(t.rule not in dated and _counts_after(t, asking, words) for t in candidates):
        return None  # it asks how long after an event it gives no date of (after the order closed)
    if not found:  # no date stands by an event word: a free date goes to the rule named in full
        free = [day for day in dates if owner[id(day)] is None]
        topical = [t for t in candidates if t.rule in named or complete(t, text)]
        if free and topical:
            best = max(topical, key=lambda t: (t.rule in named, len(t.groups), -candidates.index(t)))
            return Match(best, max(free, key=_moment), edits)
    # at the same moment, the event told later (a refusal "that same day"), then the rule whose
    # topic the question names by more word groups
    opens = words.mentions("deadlines", "opens_asks", text)

    def opening(match: Match) -> bool:  # asked from when, and the rule opens a window
        rule = rules.get(match.trigger.rule) if rules is not None else None
        return opens and rule is not None and rule.kind == "opens"

    return max(found, key=lambda m: (m.trigger.rule in named, opening(m), _moment(m.start), m.start.start,
                                     asked(m.trigger, asking),
                                     len(m.trigger.groups) if complete(m.trigger, text) else 0), default=None)


def _counts_after(trigger: Trigger, asking: str, words: Computed) -> bool:
    # 交易关闭后多久: the Chinese marker stands after the event word
    """The asking clause counts from the rule's event: "how long after the deal is closed"."""
    later, after = words.after_event
    return any(later.match(asking, end) or after.search(asking, 0, start)
               for word in trigger.event for start, end in spans(word, asking))


def asked(trigger: Trigger, asking: str) -> bool:
    """The clause that asks names the rule's topic: of two rules counted from one event (payment:
    the seller's 24 hours to ship, the shopper's 72 hours before a refund counts as late shipping),
    the one the question asks about ("…, by when must the seller ship" / "…, when can I ask for a refund")."""
    return any(has(word, asking, trigger.negated) for group in trigger.groups for word in group)


def _uncontested(text: str, dates: list[Found], at: dict[int, tuple[str, tuple[int, int]] | None],
                 words: Computed, repeated: frozenset[str]) -> dict[int, tuple[str, tuple[int, int]] | None]:
    """One event word said once has one date: a date that reaches it across a clause's end loses
    it to a date of its own clause ("completed on 10 Feb, opened today …": today is not when the
    trade completed); such a date then belongs to no event. Events said once for several times (`repeated`:
    amount edits, "edited on the 11th and again on the 12th") keep every date."""
    def across(day: Found, span: tuple[int, int]) -> bool:
        first, last = day.span
        between = text[last:span[0]] if span[0] >= last else text[span[1]:first]
        return bool(words.clause.search(words.quoted.sub("", between)))

    by_span: dict[tuple[int, int], list[Found]] = {}
    for day in dates:
        if (owner := at[id(day)]) is not None and owner[0] not in repeated:
            by_span.setdefault(owner[1], []).append(day)
    out = dict(at)
    for span, days in by_span.items():
        near = [day for day in days if not across(day, span)]
        if near and len(near) < len(days):
            for day in days:
                if day not in near:
                    out[id(day)] = None
    return out


def lengths_dropped(text: str, dates: list[Found], lengths: set[int], words: Computed) -> list[Found]:
    """A bare day of the month that is written as a length ("the 7th" and "7 days" can be written
    alike in Chinese: the `lengths` days pattern of computed.yaml matches it) is a length, not a
    date, when a full date stands beside it or its number is a length the question may ask about
    (`lengths`: signed on 30 September, seven-day return counts from 30 September, not the 7th)."""
    dated = any(day.kind in DATED_KINDS for day in dates)
    days = dict(words.lengths).get("days")

    def length(day: Found) -> bool:
        if day.kind != "day" or days is None:
            return False
        written = days.match(text, day.start)
        if written is None or written.end() < day.end:
            return False
        return dated or int(written.group(1)) in lengths

    return [day for day in dates if not length(day)]


ASKING_END = re.compile(r"[,，。;；!！?？]|\.(?!\d)")  # the last sentence or comma's clause is the one that asks
GLUE = 2  # characters between two event words read as one phrase ("点了退款": the verb, its object)
GLUE_LATIN = 8  # the same in English ("asked for a refund")


def _owns(trigger: Trigger, owner: tuple[str, tuple[int, int]] | None, others: frozenset[str] | set[str],
          text: str) -> bool:
    """The date belongs to this rule's event: its owner is one of the rule's event words, or
    stands right beside one (the same event said in two words)."""
    if owner is None or (owner[0] in others and owner[0] not in trigger.event):
        return False  # another event's date, unless the rule counts from it too (bought: the order's creation)
    word, span = owner
    if word in trigger.event:
        return True
    glue = GLUE if has_cjk(text) else GLUE_LATIN
    return any(max(s[0] - span[1], span[0] - s[1]) <= glue for w in trigger.event for s in spans(w, text))


def _moment(day: Found) -> tuple[object, ...]:
    return (day.day, day.at or time.min)


def _same_days(text: str, dates: list[Found], words: Computed) -> list[Found]:
    """"The same day" written after a date: that date again, where the words are."""
    out = []
    for word in words.same_day:
        for start, end in spans(word, text):
            before = [day for day in dates if day.span[1] <= start]
            if before:
                day = max(before, key=lambda d: d.span[1])
                out.append(Found(day.day, None, start, end, "same_day", end))
    return out
