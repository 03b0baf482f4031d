"""FACTS §2.0 boundary rules of the complaint classifier, read from knowledge/data/boundaries.yaml.

A rule names the categories it weighs against each other and the facts (markers) that decide
between them; `apply` runs the rules in order over a score per category. The data says which
words are which fact; this module only knows how to read a rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.glossary import Glossary
from knowledge.textnorm import Normaliser

FILE = "boundaries.yaml"


@dataclass(frozen=True)
class Rule:
    id: str
    facts: str
    group: str | None = None
    scored: tuple[str, ...] = ()
    at_least: dict[str, float] = field(default_factory=dict)
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    add: dict[str, float] = field(default_factory=dict)
    scale: dict[str, float] = field(default_factory=dict)
    scale_others: tuple[str, float] | None = None
    decide: str | None = None  # this category comes out on top, whatever the other points

    def holds(self, scores: dict[str, float], present: set[str]) -> bool:
        return (all(scores.get(c, 0.0) > 0 for c in self.scored)
                and all(scores.get(c, 0.0) >= v for c, v in self.at_least.items())
                and all(m in present for m in self.all)
                and (not self.any or any(m in present for m in self.any))
                and not any(m in present for m in self.none))

    def effect(self, scores: dict[str, float]) -> None:
        """add, then scale, then scale the others, then put the decided category on top."""
        for category, points in self.add.items():
            scores[category] = scores.get(category, 0.0) + points
        for category, factor in self.scale.items():
            if category in scores:
                scores[category] *= factor
        if self.scale_others is not None:
            keep, factor = self.scale_others
            for category in scores:
                if category != keep:
                    scores[category] *= factor
        if self.decide is not None:
            others = [v for c, v in scores.items() if c != self.decide]
            scores[self.decide] = max(scores.get(self.decide, 0.0), max(others, default=0.0) + 1.0)


@dataclass(frozen=True)
class Boundaries:
    markers: dict[str, re.Pattern[str]]
    masks: dict[str, re.Pattern[str]]
    rules: list[Rule]
    norm: Normaliser  # how the classifier reads a text before the markers and cues
    glossary: Glossary  # and its English words as Chinese ones
    negation: re.Pattern[str] | None = None  # a category word said not to apply ("not a shipping problem")

    def read(self, text: str) -> str:
        """The text as markers, cues and the model read it: normalised, and what it says is NOT the
        problem blanked out ("not a shipping problem" speaks for no category)."""
        norm = self.norm.basic(text)
        return self.negation.sub(" ", norm) if self.negation is not None else norm

    def present(self, norm: str) -> set[str]:
        """The markers found in a normalised text."""
        return {name for name, pattern in self.markers.items() if pattern.search(norm)}

    def probe(self, category: str, norm: str) -> str:
        """The text one category's cues are matched on: its mask's words removed."""
        mask = self.masks.get(category)
        return mask.sub(" ", norm) if mask else norm

    def apply(self, scores: dict[str, float], present: set[str]) -> list[str]:
        """Run the rules over `scores` (changed in place); the ids of the rules that fired."""
        fired: list[str] = []
        done_groups: set[str] = set()
        for rule in self.rules:
            if rule.group in done_groups or not rule.holds(scores, present):
                continue
            rule.effect(scores)
            fired.append(rule.id)
            if rule.group:
                done_groups.add(rule.group)
        return fired


def load(data: Path, norm: Normaliser, glossary: Glossary,
         more_markers: dict[str, re.Pattern[str]] | None = None) -> Boundaries:
    """The rules of boundaries.yaml over its markers and `more_markers` (the kinds of goods and acts of
    knowledge/classify_goods.py)."""
    doc = yaml.safe_load((data / FILE).read_text(encoding="utf-8"))
    markers = {**(more_markers or {}), **{name: re.compile(p) for name, p in doc["markers"].items()}}
    rules = []
    for raw in doc["rules"]:
        when = raw.get("when", {})
        unknown = {m for key in ("all", "any", "none") for m in when.get(key, [])} - markers.keys()
        if unknown:
            raise ValueError(f"{FILE}:{raw['id']}: unknown markers {sorted(unknown)}")
        others = raw.get("scale_others")
        rules.append(Rule(
            id=raw["id"], facts=raw["facts"], group=raw.get("group"),
            scored=tuple(when.get("scored", ())), at_least=dict(when.get("at_least", {})),
            all=tuple(when.get("all", ())), any=tuple(when.get("any", ())),
            none=tuple(when.get("none", ())), add=dict(raw.get("add", {})),
            scale=dict(raw.get("scale", {})),
            scale_others=(others["keep"], float(others["by"])) if others else None,
            decide=raw.get("decide"),
        ))
    negations = doc.get("negations", [])
    negation = re.compile("|".join(f"(?:{p})" for p in negations)) if negations else None
    return Boundaries(markers, {c: re.compile(p) for c, p in doc.get("masks", {}).items()}, rules, norm,
                      glossary, negation)
