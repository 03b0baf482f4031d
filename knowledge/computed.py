"""Answers computed from the numbers in a question: compensation amounts and deadlines.

An amount in a question about compensation gives the figure by law (knowledge/damages.py); a date
in a question asking for a date gives the deadline by the rule that applies (knowledge/deadlines.py).
Cue words and texts are data (knowledge/data/computed.yaml). Pure: `now` comes from the caller and
only places dates typed without a year; without it such a date is not computed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from knowledge.aspect import Matcher
from knowledge.damages import Award, fmt, food_award, fraud_award, yuan
from knowledge.number_words import english_digits
from knowledge.textnorm import Normaliser

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase
    from knowledge.computed_match import Trigger

FILE = "computed.yaml"
AMOUNT_ASPECTS = frozenset({None, "amount", "law"})  # a question asking these may get the figure
# a question asking these wants a thing, not a date: a deadline is not computed for it (any other
# aspect, or none, with a word asking when and a date, gets the date)
NOT_DATE_ASPECTS = frozenset({"number", "evidence", "where", "channel", "tone"})


class Computed:
    """computed.yaml as the knowledge base holds it (`kb.computed`): the cue words and texts, and
    the cue matchers and deadline triggers, built once per base (prices inside questions are read
    by knowledge/amounts.py, `kb.amount_words`)."""

    def __init__(self, data: dict[str, Any], norm: Normaliser,
                 english: dict[str, list[str]] | None = None) -> None:
        """`english`: the glossary's table (Chinese word -> its English words), which adds the
        English words of the deadline triggers' Chinese words."""
        self.data, self.norm, self.english = data, norm, english or {}
        self._matchers: dict[tuple[str, str], Matcher] = {}

    def mentions(self, section: str, key: str, text: str) -> bool:
        """Whether the normalised text names a word of data[section][key]."""
        if (section, key) not in self._matchers:
            self._matchers[section, key] = Matcher({key: _words(self.data[section][key])}, self.norm)
        return bool(self._matchers[section, key].find(text))

    @functools.cached_property
    def triggers(self) -> list[Trigger]:
        from knowledge.computed_match import triggers

        return triggers(self.data, self.norm, self.english)

    def _words(self, key: str) -> frozenset[str]:
        from knowledge.event_words import words

        return frozenset(words(self.data["deadlines"][key], self.norm, self.english))

    @functools.cached_property
    def actors(self) -> Matcher:
        """Who acts in a deadline rule (the seller, the platform, the shopper), by their words."""
        return Matcher({who: _words(said) for who, said in self.data["deadlines"]["actors"].items()}, self.norm)

    @functools.cached_property
    def actor_object(self) -> re.Pattern[str]:
        """What before an actor word makes it a verb's object (complain about the seller), not the one acting."""
        return re.compile(self.data["deadlines"]["actor_object"])

    @functools.cached_property
    def actor_subject(self) -> re.Pattern[str]:
        """What between an actor word and an event word makes the actor that event's subject."""
        return re.compile(self.data["deadlines"]["actor_subject"])

    @functools.cached_property
    def other_events(self) -> frozenset[str]:
        """Events no rule counts from (a date next to one belongs to it)."""
        return self._words("other_events")

    @functools.cached_property
    def edit_words(self) -> frozenset[str]:
        """A refund-amount edit (FACTS §7.4): a date next to one is when the amount changed."""
        return self._words("edits")

    @functools.cached_property
    def asking_en(self) -> re.Pattern[str]:
        """An English question inside a sentence ("… when does the seller have to reply")."""
        return re.compile(self.data["asking"]["en"])

    def ends_asking(self, text: str) -> bool:
        """Whether the last clause of a normalised text asks for a date, a moment or a sum."""
        last = re.split(r"[,，。;；!！]", text.strip(" ,，。;；!！"))[-1]
        return bool(self.mentions("deadlines", "date_asks", last) or self.mentions("compensation", "amount_asks", last)
                    or self.asking_en.search(last))

    @functools.cached_property
    def appliance(self) -> re.Pattern[str]:
        """A food word made into a machine or a vessel (a coffee machine): not food (compensation.appliance)."""
        return re.compile(self.data["compensation"]["appliance"])

    @functools.cached_property
    def edit_pattern(self) -> re.Pattern[str]:
        """An edit verb with the amount beside it (FACTS §7.4), however the edit is worded."""
        return re.compile(self.data["deadlines"]["edit_pattern"])

    def edits_in(self, text: str) -> frozenset[str]:
        """The edit words of this text: the listed ones and what `edit_pattern` finds."""
        return self.edit_words | {m.group(0) for m in self.edit_pattern.finditer(text)}

    @functools.cached_property
    def quoted(self) -> re.Pattern[str]:
        """Quoted text: its commas end no clause."""
        return re.compile(self.data["deadlines"]["quoted"])

    @functools.cached_property
    def lengths(self) -> list[tuple[str, re.Pattern[str]]]:
        """How a window's length is written, by unit (hours, days, working_days)."""
        return [(unit, re.compile(pattern)) for unit, pattern in self.data["deadlines"]["lengths"].items()]

    @functools.cached_property
    def after_event(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """What says a window counts from the event word beside it: after it in Chinese, before
        it in English ("after the deal is closed")."""
        found = self.data["deadlines"]["after_event"]
        return re.compile(found["zh"]), re.compile(found["en"])

    @functools.cached_property
    def negation(self) -> re.Pattern[str]:
        """What before an event word says it did not happen."""
        return re.compile(self.data["deadlines"]["negation"])

    @functools.cached_property
    def clause(self) -> re.Pattern[str]:
        """What ends a clause: an event word across one belongs to a date only when none is nearer."""
        return re.compile(self.data["deadlines"]["clause"])

    @functools.cached_property
    def same_day(self) -> frozenset[str]:
        """"The same day": the date written before it, again."""
        return self._words("same_day")


def load(data: Path, norm: Normaliser) -> Computed:
    from knowledge import glossary

    return Computed(yaml.safe_load((data / FILE).read_text(encoding="utf-8")), norm,
                    glossary.read(data / glossary.PATH.name))


def check(data: dict[str, Any]) -> list[str]:
    """`kb check`: the texts exist in zh and en alike, with the same placeholders."""
    problems = []
    for section in ("compensation", "deadlines", "workday", "logistics"):
        try:
            texts = data[section]["text"]
            zh, en = texts["zh"], texts["en"]
        except (KeyError, TypeError):
            return [f"computed.yaml:{section}.text: needs zh and en texts"]
        for key in sorted(set(zh) | set(en)):
            if key not in zh or key not in en:
                problems.append(f"computed.yaml:{section}.text.{key}: missing in zh or en")
            elif _fields(zh[key]) != _fields(en[key]):
                problems.append(f"computed.yaml:{section}.text.{key}: zh and en placeholders differ")
    return problems


def _fields(text: object) -> set[str]:
    """The placeholders of a text, with or without a format spec ({day}, {day:0>2})."""
    return set(re.findall(r"{(\w+)(?:[:!][^}]*)?}", str(text)))


def _words(section: dict[str, list[str]]) -> list[str]:
    return [w for lang in ("zh", "en", "hant") for w in section.get(lang, [])]


def food_status(kb: KnowledgeBase, text: str, words: Computed) -> str:
    """"yes" (food words only), "no" (goods that are not food only), or "unsure"."""
    basic = words.norm.basic(text)
    food = ("food" in kb.aspects.topics(text) or words.mentions("compensation", "food_law", basic)
            or words.mentions("compensation", "food_goods", basic))
    other = words.mentions("compensation", "not_food", basic) or bool(words.appliance.search(basic))
    if food and not other:
        return "yes"
    return "no" if other and not food else "unsure"


def _about_compensation(kb: KnowledgeBase, question: str, text: str, asked: str | None) -> bool:
    """A question about what the two laws pay for: naming one of them or its multiple, or asking
    compensation (a compensation word, or the `amount` aspect) for their grounds (fake goods,
    deceit, food: computed.yaml `grounds`, by topic, by the category's cue words or said outright:
    `ground_words`). A question
    naming another ground (shipping fee insurance, a lost parcel, late shipping: `other_grounds`)
    is about a payout the laws' figure is not, and gets none unless it names the law."""
    words = kb.computed
    if words.mentions("compensation", "laws", text) or words.mentions("compensation", "multiples", text):
        return True
    if words.mentions("compensation", "other_grounds", text):
        return False
    if asked != "amount" and not words.mentions("compensation", "cues", text):
        return False
    grounds = set(words.data["compensation"]["grounds"])
    if any(topic in grounds for topic in kb.aspects.topics(question)):
        return True
    if "food" in grounds and words.mentions("compensation", "food_goods", text) \
            and not words.mentions("compensation", "not_food", text):
        return True
    found = kb.classify_cues(question)
    return (found is not None and found.category in grounds) or words.mentions("compensation", "ground_words", text)


def _n(amount: Decimal) -> str:
    """80.00 -> 80, 80.50 -> 80.50: the way people write prices."""
    text = fmt(amount)
    return text[:-3] if text.endswith(".00") else text


def _award_text(template: dict[str, str], key: str, award: Award, multiple: Decimal) -> str:
    return template[key].format(
        price=_n(award.price), multiple=_n(yuan(award.price * multiple)), extra=_n(award.extra),
        total=_n(award.total), floor=template[f"{key.split('_')[0]}_floor"] if award.minimum_applied else "")


def compensation(kb: KnowledgeBase, question: str, lang: str) -> Answer | None:
    from knowledge.base import Answer

    text = english_digits(kb.normaliser.basic(question))
    asked = kb.aspects.asked(question)
    words = kb.computed
    asks_sum = words.mentions("compensation", "amount_asks", text) and words.mentions("compensation", "cues", text)
    if (asked not in AMOUNT_ASPECTS and not asks_sum) or not _about_compensation(kb, question, text, asked):
        return None
    price = kb.amount_words.find(text)
    if price is None:
        return None
    price = yuan(price)
    template = words.data["compensation"]["text"][lang if lang == "en" else "zh"]
    status = food_status(kb, question, words)
    fraud, food = fraud_award(price), food_award(price)
    if status == "yes":
        lines = [_award_text(template, "food", food, Decimal(10))]
        main = food
    else:
        lines = [_award_text(template, "fraud", fraud, Decimal(3))]
        if status == "unsure":
            lines.append(_award_text(template, "food_if", food, Decimal(10)))
        main = fraud
    if any(w in text for w in words.data["compensation"]["platform_words"]):
        lines.append(template["platform"])
    lines.append(template["caveat"])
    laws = {law.id: law for law in kb.laws}
    cited = [main.law] + (["food_safety_148"] if status == "unsure" else [])
    sources = [s for law_id in cited for s in laws[law_id].sources]
    entry = "food_148" if main.law == "food_safety_148" else "law_55"
    computed: dict[str, object] = {
        "kind": "compensation", "law": main.law, "price": fmt(price), "extra": fmt(main.extra),
        "total": fmt(main.total), "minimum_applied": main.minimum_applied, "food": status}
    if status == "unsure":
        computed["if_food"] = {"law": food.law, "extra": fmt(food.extra), "total": fmt(food.total),
                               "minimum_applied": food.minimum_applied}
    return Answer(answer="\n".join(lines), entry=entry, score=1.0, sources=sources,
                  related=[(e, kb.entry(e).title.get(lang)) for e in ("law_55", "food_148", "fake_3x_what")
                           if e != entry][:2], aspect="amount", computed=computed)


def computed_answer(kb: KnowledgeBase, question: str, lang: str,
                    now: datetime | Callable[[], datetime] | None) -> Answer | None:
    """A figure computed from the question, or None when it names no amount or date to compute with;
    first of all, the verdict on a phone number in it that is not on the official list."""
    from knowledge.computed_dates import deadline_answer
    from knowledge.computed_edit import edit_answer
    from knowledge.computed_logistics import logistics_answer
    from knowledge.computed_phone import phone_answer
    from knowledge.computed_workday import workday_answer

    if not question.strip():
        return None
    return (phone_answer(kb, question, lang) or logistics_answer(kb, question, lang)
            or compensation(kb, question, lang) or deadline_answer(kb, question, lang, now)
            or workday_answer(kb, question, lang, now) or edit_answer(kb, question, lang))
