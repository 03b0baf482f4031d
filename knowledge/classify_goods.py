"""Prohibited goods told by the kind of goods and the act (FACTS §2.11, prohibited goods), read from
knowledge/data/restricted_goods.yaml.

A complaint of selling prohibited or restricted goods names two facts: what the goods are (a weapon, a
prescription medicine, fireworks, wildlife...) and what the shop does with them (offers them at all,
sells them without the prescription or licence they need, sells them to minors), or the shopper's doubt
that they may be sold. Either fact alone is common in other complaints (a knife that came broken, a
listing that says one thing and sends another), so the classifier scores the pair: a kind with its act is
a strong cue for `prohibited_goods`, a kind alone only a hint (as a weak cue is). The markers go to the boundary rules
(knowledge/data/boundaries.yaml), where a kind sold without its licence decides the category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

FILE = "restricted_goods.yaml"
CATEGORY = "prohibited_goods"
WITH_ACT = 3.5  # a kind with its act: as sure as a strong cue of the cue file
KIND_ALONE = 1.0  # a kind alone: a hint, as the weak cues are (fireworks that arrived wet, a vape that
# broke, fake cigarettes are complaints about what came)
BANNED, LICENSED = "banned", "licensed"
# which acts make a kind's sale the complaint: no shop may offer a banned kind at all; a licensed kind is
# the complaint only when sold without its licence or when the shopper doubts it may be sold
ACTS_OF = {BANNED: ("offered", "unlicensed", "legality"), LICENSED: ("unlicensed", "legality")}

CompiledCues = list[tuple[str, re.Pattern[str], float]]


def _either(doc: dict[str, str]) -> str:
    return "|".join(f"(?:{doc[lang]})" for lang in ("zh", "en") if doc.get(lang))


def _both(first: str, second: str) -> re.Pattern[str]:
    """A pattern found anywhere in a text that holds both, in either order."""
    return re.compile(rf"^(?=[\s\S]*(?:{first}))(?=[\s\S]*(?:{second}))")


@dataclass(frozen=True)
class Goods:
    kinds: dict[str, str]  # needs (banned / licensed) -> the kinds' words
    acts: dict[str, str]  # act -> its words

    def cues(self) -> CompiledCues:
        """A kind with one of its acts, then any kind alone."""
        out: CompiledCues = []
        for needs, words in self.kinds.items():
            acts = "|".join(f"(?:{self.acts[a]})" for a in ACTS_OF[needs])
            out.append((CATEGORY, _both(words, acts), WITH_ACT))
        out.append((CATEGORY, re.compile(self._any_kind()), KIND_ALONE))
        return out

    def markers(self) -> dict[str, re.Pattern[str]]:
        """`restricted_kind` (any kind named) and each act, for the boundary rules."""
        return {"restricted_kind": re.compile(self._any_kind()),
                **{act: re.compile(words) for act, words in self.acts.items()}}

    def _any_kind(self) -> str:
        return "|".join(f"(?:{w})" for w in self.kinds.values())


def load(data: Path) -> Goods:
    doc = yaml.safe_load((data / FILE).read_text(encoding="utf-8"))
    grouped: dict[str, list[str]] = {}
    for name, kind in doc["kinds"].items():
        if kind["needs"] not in ACTS_OF:
            raise ValueError(f"{FILE}:{name}: needs must be one of {sorted(ACTS_OF)}")
        grouped.setdefault(kind["needs"], []).append(_either(kind))
    acts = {act: _either(words) for act, words in doc["acts"].items()}
    missing = {a for needed in ACTS_OF.values() for a in needed} - acts.keys()
    if missing:
        raise ValueError(f"{FILE}: acts missing {sorted(missing)}")
    return Goods({needs: "|".join(f"(?:{w})" for w in words) for needs, words in grouped.items()}, acts)
