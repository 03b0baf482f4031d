"""What a thing is: the entry that says so.

A question naming no aspect (knowledge/data/aspects.yaml) whose words asking what a thing is
(`definition.cues`: what is, what does ... mean) stand right beside a term an entry defines (the
entry's `defines`) is answered by that entry, whatever the search ranked first (the late-shipping
playbook, found by the complaint's name when the shopper asks what the seller's courier letter is)
and over a gap about another side of the term (what advance compensation is, not its conditions).
Beside means nothing but punctuation and the lexicon's `between` words (this, the) stand between
them: asked the conditions of a defined term, the question does not ask what the term is.

A question that only asks what a word means (a slang word, a coin, a technology), where the word
shares not one pair of characters with anything the base says, is about something the base does not know: no answer,
however well the asking words alone match an entry that was once asked "what does it mean".
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
    from knowledge.search import SearchIndex
    from knowledge.textnorm import Normaliser

DEFINITION = "definition"  # the aspect an answer of this module states
CUE = "cue"
_LEFTOVER_RE = re.compile(r"[\W_]+")  # punctuation, quotes and spaces between a term and its cue
_CJK_RUN_RE = re.compile(r"^[\u4e00-\u9fff]{2,}$")


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

    def asked_alone(self, question: str, stop: frozenset[str]) -> str | None:
        """The Chinese word a question asks the meaning of when that is all it asks (a polite opening,
        the word, the words asking what it is), else None."""
        text = self.norm.basic(question)
        cues = self.cues.find(text)
        if not cues or not has_cjk(text):
            return None
        for cue in sorted(cues, key=lambda m: m.start, reverse=True):
            text = text[:cue.start] + " " + text[cue.end:]
        if self._between is not None:
            text = self._between.sub(" ", text)
        words = [_strip(w, stop) for w in _LEFTOVER_RE.split(text)]
        words = [w for w in words if w]
        return words[0] if len(words) == 1 and _CJK_RUN_RE.match(words[0]) else None

    def _beside(self, text: str, term: Mention, cue: Mention) -> bool:
        if term.start < cue.end and cue.start < term.end:
            return True  # the term inside the cue: what does xiaoer jieru mean
        gap = text[term.end:cue.start] if term.end <= cue.start else text[cue.end:term.start]
        if self._between is not None:
            gap = self._between.sub("", gap)
        return not _LEFTOVER_RE.sub("", gap)


def _strip(word: str, stop: frozenset[str]) -> str:
    """WORD without the stop words (please, that, a final particle) it starts or ends with."""
    longest = sorted(stop, key=len, reverse=True)
    changed = True
    while word and changed:
        changed = False
        for s in longest:
            if s and word.startswith(s) and len(word) > len(s):
                word, changed = word[len(s):], True
            elif s and word.endswith(s) and len(word) > len(s):
                word, changed = word[:-len(s)], True
    return "" if word in stop else word


def unknown(index: SearchIndex, word: str) -> bool:
    """Whether no pair of WORD's characters is found anywhere in the base."""
    return not any(f"b:{word[i:i + 2]}" in index.df for i in range(len(word) - 1))


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
