"""A window's length and a date, without the event: "deadline 72h from nov 3", "3-5 working days 12/1".

When a question names a length and a date but no rule's event, every rule of FACTS §7.3 of that
length (or lower bound) and unit is counted from the date, one line each, so the shopper finds
the one meant (the shopper's rules before the merchant's); a length no rule has gets no answer
(the sources do not say), and a date that belongs to another event (bought on) is no start. Texts are data
(knowledge/data/computed.yaml `deadlines.text`). Pure: `now` only places a date without a year.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import TYPE_CHECKING

from knowledge.computed_match import (
    UNIT_METHODS,
    complete,
    lengths_dropped,
    named_lengths,
)
from knowledge.date_owner import owner_of
from knowledge.datefind import Found, find_dates
from knowledge.deadlines import _window
from knowledge.workdays import SHANGHAI

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase
    from knowledge.deadline_rules import DeadlineRule

COUNTING = "how_days_counted"  # the FAQ entry on how days and working days are counted
COUNTING_SOURCE = "FACTS §7.2"  # the project's counting conventions
MOST_RULES = 4  # more rules of one length than this: the question says too little to list them
OVERVIEW = "deadlines_overview"  # the FAQ entry listing every window


def rules_of_length(kb: KnowledgeBase, text: str) -> list[tuple[DeadlineRule, str, int]]:
    """The rules whose length (or lower bound) and unit the question names, with that length: of
    those, the ones whose topic the question names, else the shopper's, else the merchant's."""
    out = []
    for unit, number in sorted(named_lengths(text, kb.computed)):
        for rule in kb.rules.values():
            if (rule.method in UNIT_METHODS.get(unit, ()) and number in (rule.length, rule.min_length)
                    and all(rule.id != r.id for r, _, _ in out)):
                out.append((rule, unit, number))
    topical = {t.rule for t in kb.computed.triggers if complete(t, text)}
    for keep in (lambda r: r.id in topical, lambda r: r.audience == "buyer"):
        if any(keep(rule) for rule, _, _ in out):
            return [item for item in out if keep(item[0])]
    return out


def length_answer(kb: KnowledgeBase, text: str, lang: str,
                  now: datetime | Callable[[], datetime] | None) -> Answer | None:
    from knowledge.base import Answer
    from knowledge.computed_dates import _when, count

    if not kb.computed.mentions("deadlines", "asks", text):
        return None
    named = rules_of_length(kb, text)
    if len(named) > MOST_RULES:
        return None
    lengths = {number for _, _, number in named} | {n for _, n in named_lengths(text, kb.computed)}
    clock = now() if callable(now) else now
    words = kb.computed
    dates = [day for day in lengths_dropped(text, find_dates(text, clock, kb.date_words.questions, ahead=True), lengths, words)
             if owner_of(text, day, set(words.other_events), words.clause, words.quoted, words.negation) is None]
    if not dates:
        return None
    day = max(dates, key=lambda d: (d.day, d.at or datetime.min.time()))
    lang = "en" if lang == "en" else "zh"
    if not named:
        return count_only(kb, text, day, lang)
    template = kb.computed.data["deadlines"]["text"][lang]
    unit, number = named[0][1], named[0][2]
    lines = [template["by_length"].format(length=template["units"][unit].format(n=number))]
    counted_rules, sources = [], []
    for rule, _, _ in named:
        counted = count(kb, rule, day, [], clock)
        if counted is None:
            continue
        name = rule.name.en if lang == "en" else rule.name.zh
        lines.append(template["by_length_rule"].format(
            name=name, rule=rule.id, start=_when(counted.found.start, lang, template, counted.given_time),
            at=_when(counted.found.at, lang, template)))
        counted_rules.append({"rule": rule.id, "from": counted.found.start.isoformat(),
                              "deadline": counted.found.at.isoformat(), "date_only": counted.date_only})
        sources += [s for s in rule.sources if s not in sources]
    if not counted_rules:
        return None
    if any(c["date_only"] for c in counted_rules):
        lines.append(template["by_length_date_only"])
    entries = {t.rule: t.entry for t in kb.computed.triggers}
    entry = entries.get(counted_rules[0]["rule"], OVERVIEW) if len(counted_rules) == 1 else OVERVIEW
    return Answer(answer="\n".join(lines), entry=entry, score=1.0, sources=sources,
                  related=[(entry, kb.entry(entry).title.get(lang))], aspect="days",
                  computed={"kind": "deadline_by_length", "rules": counted_rules})


COUNTED_ONLY = ("working_days", "hours")  # units counted one way only (FACTS §7.2): no rule needed


def count_only(kb: KnowledgeBase, text: str, day: Found, lang: str) -> Answer | None:
    """A length no rule has, in a unit counted one way only (7 working days from a 12315
    complaint, 48 hours): counted as FACTS §7.2 says, and said to be no platform rule."""
    from knowledge.base import Answer
    from knowledge.computed_dates import _when

    found = sorted((unit, n) for unit, n in named_lengths(text, kb.computed) if unit in COUNTED_ONLY)
    if len(found) != 1:
        return None
    unit, number = found[0]
    template = kb.computed.data["deadlines"]["text"][lang]
    start = datetime.combine(day.day, day.at or time(0, 0), tzinfo=SHANGHAI)
    at, estimated = _window(unit, number, start)
    lines = [template["count_only"].format(length=template["units"][unit].format(n=number),
                                           start=_when(start, lang, template, day.at is not None),
                                           at=_when(at, lang, template))]
    if estimated:
        lines.append(template["estimated"])
    if unit == "hours" and day.at is None:
        lines.append(template["count_only_no_time"])
    workday = kb.computed.data["workday"]
    sources = [workday["source_estimate" if estimated else "source"].format(year=at.year)] \
        if unit == "working_days" else []
    return Answer(answer="\n".join(lines), entry=COUNTING, score=1.0, sources=sources + [COUNTING_SOURCE],
                  related=[(COUNTING, kb.entry(COUNTING).title.get(lang))], aspect="days",
                  computed={"kind": "count", "unit": unit, "length": number, "from": start.isoformat(),
                            "deadline": at.isoformat(), "estimated": estimated})
