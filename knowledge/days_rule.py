"""Which deadline rule a question about days is about: who acts, and what starts the clock.

"I complained about the seller, how many days does the platform take" asks the platform's 5 days
over a complaint, not the seller's 72 hours over a refund; "how long after paying must the seller
have a pickup record" asks the seller's 24 hours from payment, not the shopper's 72 hours before a
late-shipping refund. The candidates are the deadline triggers of computed.yaml (the words of each
rule's start event and topic, and `actor`: who acts by the rule). Read from the question:

- who acts: the actor word (computed.yaml `deadlines.actors`) nearest the words asking the count,
  in their clause (one told elsewhere in a story is not asked about); one a verb takes as its object ("complain about the seller":
  `deadlines.actor_object`) or the subject of a start event ("after I pay": `actor_subject`) is
  not the one acting; asked from when one may act (`opens_asks`: "only then", "when can I"), or
  what one may do with no one else named in the asking clause (`shopper_asks`: "can I"), the
  shopper acts;
- what starts the clock: a rule's event words and its topic's word groups.

The rule chosen names its topic in full (a word of it in the asking clause), is the acting one's
when the question names who acts, and
of those the one whose groups and event more words name; a tie between two entries chooses none.
Its answer: for a window several complaints share, the complaint's own entry stating the rule's
length; else the rule's own entry when the search found it or it is the complaint's; else the
complaint's days entry of aspects.yaml when that states the length, or the search's answer when
that does, or the rule's own. Pure: a question in, an
entry id out.
"""
# 投诉了商家，平台几天处理: 商家 is complained about, 平台 acts (complaint_5d, not seller_reply_72h);
# 付款后卖家多久要有揽收记录: the seller's 24 hours (ship_24h), not late_ship_72h's refund

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from knowledge.count_unit import DAYS
from knowledge.event_words import has, spans
from knowledge.textnorm import has_cjk

if TYPE_CHECKING:
    from knowledge.aspect import Mention
    from knowledge.base import KnowledgeBase
    from knowledge.computed_match import Trigger
    from knowledge.deadline_rules import DeadlineRule
    from knowledge.schema import Entry

CLAUSE_END = re.compile(r"[,，。;；!！?？]|\.(?!\d)")
# the unit of aspects.yaml in which an answer states a rule's length, by the rule's method
SHOPPER = "shopper"  # the actor of computed.yaml who may act once a window opens
METHOD_UNIT = {"hours": "hour", "days": "day", "calendar_days": "day", "working_days": "working_day"}


def _cue_at(kb: KnowledgeBase, text: str, question: str, reading: str) -> int | None:
    """Where the words asking the count stand in the normalised text (the last such cue in
    Chinese, the first in English, as the aspect reader chooses)."""
    cue = kb.aspects.asking_cue(question, reading)
    if not isinstance(cue, tuple) or cue[0] != DAYS:
        return None
    at = text.rfind(cue[1]) if has_cjk(question) else text.find(cue[1])
    return None if at < 0 else at


def _acting(kb: KnowledgeBase, text: str) -> list[Mention]:
    """The actor words of the text, without those taken as a verb's object or as the subject of a
    start event ("after I pay": who started the clock, not who acts in the count)."""
    words = kb.computed
    events = [span for t in words.triggers for word in t.event for span in spans(word, text)]
    return [m for m in words.actors.find(text) if not words.actor_object.search(text, 0, m.start)
            and not any(start >= m.end and words.actor_subject.fullmatch(text, m.end, start)
                        for start, _ in events)]


def _clause(text: str, at: int) -> tuple[int, int]:
    """Where the clause holding position `at` starts and ends."""
    bounds = [m.end() for m in CLAUSE_END.finditer(text, 0, at)]
    end = m.start() if (m := CLAUSE_END.search(text, at)) else len(text)
    return (bounds[-1] if bounds else 0), end


def _asking(kb: KnowledgeBase, question: str, reading: str) -> tuple[str, int, int, int] | None:
    """(the text as read, where its count cue is, the asking clause's start and end), or None."""
    text = kb.normaliser.basic(reading)
    at = _cue_at(kb, text, question, reading)
    if at is None:
        return None
    start, end = _clause(text, at)
    return text, at, start, end


def actor(kb: KnowledgeBase, question: str, reading: str | None = None) -> str | None:
    """Who acts in the question's count: the acting word of the asking clause nearest its cue
    (Chinese writes the actor before the count, English after it: "how long does the seller
    have"); the shopper when that clause asks from when or what one may do; else None."""
    asking = _asking(kb, question, reading or question)
    return None if asking is None else _actor_in(kb, question, *asking)


def _actor_in(kb: KnowledgeBase, question: str, text: str, at: int, start: int, end: int) -> str | None:
    clause = text[start:end]
    if kb.computed.mentions("deadlines", "opens_asks", clause):
        return SHOPPER  # asked from when one may act (only then, when can I): the shopper acts
    own = [m for m in _acting(kb, text) if start <= m.start < end]
    if not own:  # an actor told elsewhere in a story is not asked about ("the seller ignores me, ...")
        return SHOPPER if kb.computed.mentions("deadlines", "shopper_asks", clause) else None
    before_first = has_cjk(question)

    def key(mention: Mention) -> tuple[int, int]:
        before = mention.end <= at
        return (0 if before == before_first else 1, at - mention.end if before else mention.start - at)

    return min(own, key=key).name


def _reading(trigger: Trigger, text: str) -> tuple[bool, bool, int]:
    """(its event is named, its topic is named in full, how many of its word groups are named)."""
    event = any(has(word, text) for word in trigger.event)
    named = sum(any(has(word, text, trigger.negated) for word in group) for group in trigger.groups)
    return event, named == len(trigger.groups), named


def _asked_in(trigger: Trigger, clause: str) -> bool:
    """Whether the asking clause names the rule: a word of its topic (of its event, when it has
    none): "the seller's reply in the review" told before asks no reply."""
    return any(has(word, clause, trigger.negated) for group in trigger.groups or [trigger.event] for word in group)


def rule_of(kb: KnowledgeBase, question: str, reading: str | None = None) -> Trigger | None:
    """The deadline trigger the days question is about (see the module), or None."""
    asking = _asking(kb, question, reading or question)
    if asking is None:
        return None
    text, _, start, end = asking
    who = _actor_in(kb, question, *asking)
    scored = []
    for trigger in kb.computed.triggers:
        event, complete, named = _reading(trigger, text)
        if not complete or not (event or named >= 2) or who not in (None, trigger.actor) \
                or not _asked_in(trigger, text[start:end]):
            continue  # the topic named in full and in the asking clause, with its start event or
            # two word groups, by who acts
        scored.append(((named, event), trigger))
    if not scored:
        return None
    best = max(key for key, _ in scored)
    chosen = {t.entry: t for key, t in scored if key == best}
    return next(iter(chosen.values())) if len(chosen) == 1 else None


def states(kb: KnowledgeBase, entry: Entry, rule: DeadlineRule) -> bool:
    """Whether the entry's answer states the rule's length in its unit (24 hours, 2 working days)."""
    unit = METHOD_UNIT.get(rule.method)
    lengths = {n for n in (rule.length, rule.min_length) if n is not None}
    return unit is not None and kb.aspects.units.states_count(entry, unit, lengths)


def _own_entries(kb: KnowledgeBase, category: str | None) -> list[str]:
    """The complaint's own entries (of its category) that answer days."""
    if category is None:
        return []
    return [e.id for e in kb.entries if e.category == category and DAYS in e.aspect and not e.gap]


def entry_for(kb: KnowledgeBase, question: str, reading: str, found: str | None,
              category: str | None) -> str | None:
    """The entry answering the days question by its rule (perhaps `found`, the search's answer),
    or None when the question points to no one rule: the complaint's own entry stating the rule's
    length, else `found` when it states it, else the rule's own entry. The days aspect's overview
    answers no rule of its own."""
    trigger = rule_of(kb, question, reading)
    rule = kb.rules.get(trigger.rule) if trigger is not None else None
    if trigger is None or rule is None:
        return None
    overview = kb.aspects.by_id[DAYS].answers.get("*")
    if len(rule.categories) > 1 or "*" in rule.categories:
        # a window several complaints share (15 days after 交易成功): the complaint's own word on it
        own = [e for e in _own_entries(kb, category) if states(kb, kb.entry(e), rule)]
        if own:
            return found if found in own else own[0]
    if found == trigger.entry or (category is not None and kb.entry(trigger.entry).category == category):
        return trigger.entry  # the rule's own entry, found or the complaint's
    named = kb.aspects.by_id[DAYS].answers.get(category) if category else None
    if named is not None and states(kb, kb.entry(named), rule):
        return named  # the complaint's entry for days in aspects.yaml
    if found is not None and found != overview and states(kb, kb.entry(found), rule):
        return found
    return trigger.entry  # a window of one complaint: its own entry
    # a window shared by several complaints (15 days after 交易成功): the complaint's own word on it
    overview = kb.aspects.by_id[DAYS].answers.get("*")
    own = [e for e in _own_entries(kb, category) if states(kb, kb.entry(e), rule)]
    if own:
        return found if found in own else own[0]
    if found is not None and found != overview and states(kb, kb.entry(found), rule):
        return found
    return trigger.entry


def told_entry(kb: KnowledgeBase, question: str, reading: str, asked: str, gap: str | None = None) -> str | None:
    """The entry of the rule a question names by its length and its topic ("more than 24 hours
    without shipping": the seller's 24 hours), when that entry answers the aspect asked (what
    the seller risks) and the search found no answer, or a gap about another window (`gap`: the
    seller's silent 72 hours, not a gap naming the rule's own length, such as the 24-hour shipping
    guarantee's rules): the rule is what the question is about."""
    from knowledge.computed_match import named_lengths, rule_named

    text = kb.normaliser.basic(reading)
    lengths = named_lengths(text, kb.computed)
    if not lengths:
        return None
    told = {t.entry for t in kb.computed.triggers
            if rule_named(t, kb.rules, lengths) and _reading(t, text)[1] and t.groups}
    if len(told) != 1:
        return None
    entry = kb.entry(next(iter(told)))
    rule = kb.rules.get(next(t.rule for t in kb.computed.triggers if t.entry == entry.id))
    if gap is not None and rule is not None and _names_length(kb, kb.entry(gap), rule):
        return None
    return entry.id if asked in entry.aspect and not entry.gap else None


def _names_length(kb: KnowledgeBase, entry: Entry, rule: DeadlineRule) -> bool:
    """Whether the entry's title, questions or answer name the rule's length."""
    unit = METHOD_UNIT.get(rule.method)
    lengths = {n for n in (rule.length, rule.min_length) if n is not None}
    text = "\n".join([entry.title.zh, entry.title.en or "", *entry.questions, entry.answer.zh, entry.answer.en or ""])
    return unit is not None and kb.aspects.units.counts_in(text, unit, lengths)
