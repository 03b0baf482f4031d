"""What a thing is: the entry that says so.

A question naming no aspect (knowledge/data/aspects.yaml) whose words asking what a thing is
(`definition.cues`: what is, what does ... mean) stand right beside a term an entry defines (the
entry's `defines`) is answered by that entry, whatever the search ranked first (the late-shipping
playbook, found by the complaint's name when the shopper asks what the seller's courier letter is)
and over a gap about another side of the term (what advance compensation is, not its conditions).
Beside means nothing but punctuation and the lexicon's `between` words (this, the) stand between
them: asked the conditions of a defined term, the question does not ask what the term is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from knowledge.aspect import Matcher, Mention
from knowledge.textnorm import has_cjk, whole_word

if TYPE_CHECKING:
    from knowledge.aspect import Definition
    from knowledge.base import Answer, KnowledgeBase
    from knowledge.schema import Entry
    from knowledge.textnorm import Normaliser

DEFINITION = "definition"  # the aspect an answer of this module states
CUE = "cue"
_LEFTOVER_RE = re.compile(r"[\W_]+")  # punctuation, quotes and spaces between a term and its cue


class Terms:
    """The terms the base's entries define, and the words asking what a thing is."""

    def __init__(self, entries: list[Entry], words: Definition, norm: Normaliser) -> None:
        self.norm = norm
        self.terms = Matcher({e.id: e.defines for e in entries if e.defines and not e.gap}, norm)
        self.cues = Matcher({CUE: words.cues.all()}, norm)
        between = sorted({norm.basic(w) for w in words.between.all()}, key=len, reverse=True)
        self._between = re.compile("|".join(re.escape(w) if has_cjk(w) else whole_word(w) for w in between)) \
            if between else None

    def defining(self, question: str) -> str | None:
        """The entry defining the longest term the question asks what it is, or None."""
        text = self.norm.basic(question)
        cues = self.cues.find(text)
        if not cues:
            return None
        beside = [m for m in self.terms.find(text) if any(self._beside(text, m, cue) for cue in cues)]
        return max(beside, key=lambda m: m.end - m.start).name if beside else None

    def _beside(self, text: str, term: Mention, cue: Mention) -> bool:
        if term.start < cue.end and cue.start < term.end:
            return True  # the term inside the cue: what does xiaoer jieru mean
        gap = text[term.end:cue.start] if term.end <= cue.start else text[cue.end:term.start]
        if self._between is not None:
            gap = self._between.sub("", gap)
        return not _LEFTOVER_RE.sub("", gap)


def build(entries: list[Entry], words: Definition, norm: Normaliser) -> Terms:
    return Terms(entries, words, norm)


def check(entries: list[Entry]) -> list[str]:
    """`kb check`: a term is defined by one entry only."""
    owner: dict[str, str] = {}
    problems = []
    for entry in entries:
        for term in entry.defines:
            key = term.lower()
            if key in owner and owner[key] != entry.id:
                problems.append(f"{entry.id}.defines: {term!r} is already defined by {owner[key]}")
            owner.setdefault(key, entry.id)
    return problems


def answer(kb: KnowledgeBase, found: Answer, defining: str, lang: str) -> Answer:
    """The entry defining the term the question asks about, in place of the search's answer."""
    from knowledge.search import THRESHOLD, _related

    if defining == found.entry:
        return replace(found, aspect=DEFINITION)
    entry = kb.entry(defining)
    return replace(found, answer=entry.answer.get(lang), entry=entry.id, score=max(found.score, THRESHOLD),
                   sources=list(entry.sources), related=_related(kb, entry, [], lang), gap=None,
                   aspect=DEFINITION)
