"""The legal basis of a letter: which laws, guarantees and deadline rules it cites, with amounts.

Everything here comes from the knowledge base (knowledge/data) and the deadline rules; the
choice by category and channel is in templates/meta.yaml. Nothing is cited that is not there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from knowledge import damages
from knowledge.base import KnowledgeBase
from knowledge.deadlines import compute
from knowledge.letter_book import default_book


def meta() -> dict[str, Any]:
    """templates/meta.yaml, outside a dialog step (a step has `kb.letters.meta`)."""
    return default_book().meta


@dataclass(frozen=True)
class Cite:
    """One law article or guarantee as a letter names it."""

    id: str
    title: str
    summary: str
    amount: str = ""  # the computed amount line, if the law gives one
    note: str = ""  # a caveat written right after the title


@dataclass(frozen=True)
class Window:
    """A deadline rule applied to a date of the case."""

    id: str
    name: str
    start: str
    until: str
    result: str = "buyer_deadline"  # what the date means (the rule's data): opens, closes, ...
    action: str = ""  # the verb that fits the rule
    doubt: str = ""  # a doubtful rule says its doubt in the letter too


@dataclass
class Basis:
    laws: list[Cite] = field(default_factory=list)
    guarantees: list[Cite] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    award: damages.Award | None = None

    @property
    def ids(self) -> list[str]:
        return [c.id for c in (*self.laws, *self.guarantees)] + [w.id for w in self.windows]


def law_title(kb_law: Any, lang: str, m: dict[str, Any] | None = None) -> str:
    if lang == "zh":
        return f"{kb_law.name}{kb_law.article or ''}"
    name = (m or meta())["law_titles_en"].get(kb_law.name, kb_law.name)
    if not kb_law.article:
        return name
    numbers = "".join(re.findall(r"[\d~]", kb_law.article))  # "第 201~203 条": 201~203
    return f"{name}, art{'s' if '~' in numbers else ''}. {numbers}"


def award_line(award: damages.Award, lang: str, m: dict[str, Any] | None = None) -> str:
    """The amount, with the condition the law puts on it (never stated as established)."""
    words = (m or meta())["wording"]
    fraud = award.law == "cpl_55"
    multiple = "3" if fraud else "10"
    floor = damages.fmt(damages.FRAUD_MINIMUM if fraud else damages.FOOD_MINIMUM)
    how = _in(words["award_how_minimum" if award.minimum_applied else "award_how"], lang).format(
        price=damages.fmt(award.price), multiple=multiple, floor=floor)
    return _in(words["award_line"], lang).format(
        condition=_in(words["award_condition"]["fraud" if fraud else "food"], lang),
        extra=damages.fmt(award.extra), how=how, total=damages.fmt(award.total))


def _in(text: dict[str, str], lang: str) -> str:
    return text["en" if lang == "en" else "zh"]


def choose_award(case: dict[str, Any], category: str, demand: str,
                 price: Decimal | None, m: dict[str, Any] | None = None) -> damages.Award | None:
    """The statutory increased compensation the letter states, if any."""
    if price is None:
        return None
    fields = case.get("fields") or {}
    m = m or meta()
    if str(fields.get("food") or "").lower() in m["wording"]["yes_values"] and \
            category in m["basis"]["food_categories"]:
        return damages.food_award(price)
    if category == "counterfeit" or demand == "triple":
        return damages.fraud_award(price)
    return None


def _windows(kb: KnowledgeBase, kb_rules: list[str], case: dict[str, Any],
             lang: str) -> list[Window]:
    rules = kb.rules
    fields = case.get("fields") or {}
    start_field = {event: name for name, event in kb.letters.meta["date_fields"].items()}
    out: list[Window] = []
    for rule_id in kb_rules:
        rule = rules[rule_id]
        value = fields.get(start_field.get(rule.start_event, ""))
        platform = fields.get("platform")
        if not value or (rule.platforms and platform and platform not in rule.platforms):
            continue  # no start date, or a rule given for the other platform only
        try:
            at = compute(rule_id, datetime.fromisoformat(str(value)), rules=rules).at
        except ValueError:
            continue
        until = at.strftime("%Y-%m-%d %H:%M")
        pick = (lambda text: text.zh) if lang == "zh" else (lambda text: text.en)
        out.append(Window(rule_id, pick(rule.name), str(value)[:16].replace("T", " "), until,
                          rule.result, pick(rule.action), pick(rule.doubt) if rule.doubt else ""))
    return out


def build_basis(kb: KnowledgeBase, case: dict[str, Any], channel: str, lang: str,
                demand: str, price: Decimal | None) -> Basis:
    m = kb.letters.meta
    spec = m["basis"]
    category = case.get("category") or "other"
    basis = Basis()
    if channel in spec["facts_only"]:
        return basis
    by_cat = spec["categories"].get(category, spec["categories"]["other"])
    by_channel = spec["channels"].get(channel, {})
    # "tmall_rules" in meta.yaml stands for the rules of the case's own platform (none if unknown).
    platform_law = spec["platform_laws"].get((case.get("fields") or {}).get("platform"))
    law_ids = [platform_law if i == "tmall_rules" else i
               for i in (*by_cat["laws"], *by_channel.get("laws", []))]
    if channel.startswith("platform_") and platform_law:
        law_ids.append(platform_law)
    law_ids = [i for i in law_ids if i]
    basis.award = choose_award(case, category, demand, price, m)
    if basis.award is not None:
        law_ids.append(basis.award.law)
    laws = {law.id: law for law in kb.laws}
    for law_id in dict.fromkeys(law_ids):
        law = laws[law_id]
        amount = ""
        if basis.award is not None and basis.award.law == law_id:
            amount = award_line(basis.award, lang, m)
        # Only the articles' own content reads as a letter's basis; the summaries of the laws
        # the seeds merely name are advice to the shopper (FACTS §12), so those go by name.
        summary = "" if law.in_seeds else law.summary.get(lang)
        basis.laws.append(Cite(law_id, law_title(law, lang, m), summary, amount))
    guarantees = {g.id: g for g in kb.guarantees}
    for gid in dict.fromkeys([*by_cat["guarantees"], *by_channel.get("guarantees", [])]):
        g = guarantees[gid]
        # The guarantees' summaries explain the sources' gaps to the shopper: name only here.
        title = g.name.zh if lang == "zh" else f"{g.name.zh} ({(g.name.en or '').strip(chr(34))})"
        note = ""
        if g.dubious:  # FACTS §16 no. 17: say the source is old, do not state it as fact
            note = _in(m["wording"]["dubious"], lang)
        basis.guarantees.append(Cite(gid, title, "", note=note))
    if channel.startswith("platform_") or channel == "seller":
        basis.windows = _windows(kb, [*by_cat["rules"], *by_channel.get("rules", [])], case, lang)
    return basis
