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

from knowledge.aspect import Matcher, aspects
from knowledge.damages import Award, fmt, food_award, fraud_award, yuan
from knowledge.textnorm import basic

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase

PATH = Path(__file__).parent / "data" / "computed.yaml"
AMOUNT_ASPECTS = frozenset({None, "amount", "law"})  # a question asking these may get the figure
DATE_ASPECTS = frozenset({None, "days", "hours", "steps"})
_NUMBER = r"(\d[\d,]*(?:\.\d{1,2})?)"
_AMOUNT_RES = [
    re.compile(rf"(?:¥|￥|rmb|cny)\s*{_NUMBER}"),
    re.compile(rf"{_NUMBER}\s*(万)?\s*(?:元|块|蚊|rmb|yuan|kuai|cny|¥|bucks|rmb)"),
    re.compile(rf"(?:花了?|付了?|用了|买了|paid|spent|cost|costs|for)\s*(?:¥|￥)?\s*{_NUMBER}"
               r"(?![\d.]|\s*(?:倍|天|小时|号|日|月|年|%|个|件|双|台|次|瓶|盒|包|x\b|times|days|hours|pieces|pairs))"),
    re.compile(rf"(?<![\d.]){_NUMBER}\s*(?:买的|买了|拍的|入手)"),
]


@functools.lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    return loaded


def check() -> list[str]:
    """`kb check`: the texts exist in zh and en alike, with the same placeholders."""
    problems = []
    for section in ("compensation", "deadlines"):
        try:
            texts = data()[section]["text"]
            zh, en = texts["zh"], texts["en"]
        except (KeyError, TypeError):
            return [f"computed.yaml:{section}.text: needs zh and en texts"]
        for key in sorted(set(zh) | set(en)):
            if key not in zh or key not in en:
                problems.append(f"computed.yaml:{section}.text.{key}: missing in zh or en")
            elif set(re.findall(r"{(\w+)}", str(zh[key]))) != set(re.findall(r"{(\w+)}", str(en[key]))):
                problems.append(f"computed.yaml:{section}.text.{key}: zh and en placeholders differ")
    return problems


def _words(section: dict[str, list[str]]) -> list[str]:
    return [w for lang in ("zh", "en", "hant") for w in section.get(lang, [])]


@functools.lru_cache(maxsize=8)
def _matcher(section: str, key: str) -> Matcher:
    return Matcher({key: _words(data()[section][key])})


def mentions(section: str, key: str, text: str) -> bool:
    """Whether the normalised text names a word of data()[section][key]."""
    return bool(_matcher(section, key).find(text))


def find_amount(text: str) -> Decimal | None:
    """The price named in a (normalised) question, in yuan: "spent 80", ¥899, "1200 yuan",
    "1.2 wan", paid 300."""
    for pattern in _AMOUNT_RES:
        match = pattern.search(text)
        if match is None:
            continue
        try:
            value = yuan(match.group(1))
        except ValueError:
            continue
        if match.lastindex and match.lastindex >= 2 and match.group(2) == "万":
            value = yuan(value * 10000)
        if value > 0:
            return value
    return None


def food_status(text: str) -> str:
    """"yes" (food words only), "no" (goods that are not food only), or "unsure"."""
    food = "food" in aspects().topics(text)
    other = mentions("compensation", "not_food", basic(text))
    if food and not other:
        return "yes"
    return "no" if other and not food else "unsure"


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

    text = basic(question)
    asked = aspects().asked(question)
    if asked not in AMOUNT_ASPECTS or not mentions("compensation", "cues", text):
        return None
    price = find_amount(text)
    if price is None:
        return None
    template = data()["compensation"]["text"][lang if lang == "en" else "zh"]
    status = food_status(question)
    fraud, food = fraud_award(price), food_award(price)
    if status == "yes":
        lines = [_award_text(template, "food", food, Decimal(10))]
        main = food
    else:
        lines = [_award_text(template, "fraud", fraud, Decimal(3))]
        if status == "unsure":
            lines.append(_award_text(template, "food_if", food, Decimal(10)))
        main = fraud
    if any(w in text for w in data()["compensation"]["platform_words"]):
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
    """A figure computed from the question, or None when it names no amount or date to compute with."""
    from knowledge.computed_dates import deadline_answer

    if not question.strip():
        return None
    return compensation(kb, question, lang) or deadline_answer(kb, question, lang, now)
