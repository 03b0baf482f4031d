"""A long question's clauses: the one that asks can vouch for the whole question's best answer.

The search's score reads as "how much of the question matched", so a run-on story (where to
see a complaint's progress, then how long one searched in vain) scores low because of the words
that only tell, though its best entry is right. When the whole question's best entry is also the
best entry of one of its own clauses, and that clause alone matches it surely, the agreement of
the two is the evidence: that entry answers, with the clause's score. A clause that finds an
entry the whole question does not rank vouches for nothing, so a question about something else
entirely stays unanswered. A question typed without marks has no clauses: its candidate asking
parts (knowledge/asking_part.py) vouch in their place.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from knowledge import asking_part
from knowledge.textnorm import CJK_RE, has_cjk

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.search import Hit, SearchIndex

# clause marks: punctuation in both widths, and a blank between two Chinese characters (voice
# input leaves blanks where it pauses; in English a blank only separates words)
_SPLIT_RE = re.compile(r"[，,。？?！!；;：:\n…~～]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
MIN_CJK = 5  # Chinese characters a clause needs to be read alone ("消协 几点" stays one question)
MIN_WORDS = 4  # English words a clause needs to be read alone
CANDIDATES = 1  # the whole question's best entries a clause may vouch for (3 answered more wrongly on dev)


def split(question: str) -> list[str]:
    """The question's clauses long enough to be read alone (none when it is a single one)."""
    parts = [p.strip() for p in _SPLIT_RE.split(question) if p and p.strip()]
    if len(parts) < 2:
        return []
    return [p for p in parts if _long_enough(p)]


def _long_enough(part: str) -> bool:
    if has_cjk(part):
        return len(CJK_RE.findall(part)) >= MIN_CJK
    return len(part.split()) >= MIN_WORDS


def vouched(kb: KnowledgeBase, index: SearchIndex, question: str, hits: list[Hit], floor: float) -> list[Hit]:
    """HITS, when the whole question finds its best one below FLOOR, with the entry a clause of
    its own finds at FLOOR or more first, scored by that clause, if the whole question ranks it
    among its CANDIDATES too (the clause that asks decides between them)."""
    from knowledge.search import rank

    if not hits or hits[0].score >= floor or kb.entry(hits[0].entry).gap:
        return hits
    ranked = {h.entry: h for h in hits[:CANDIDATES]}
    best: Hit | None = None
    clauses = split(question)
    if not clauses and asking_part.answers_asked(kb, question, hits[0].entry):
        clauses = asking_part.candidates(kb, question)
    for clause in clauses:
        found = rank(kb, index, clause, limit=1)
        if found and found[0].entry in ranked and found[0].score >= floor \
                and (best is None or found[0].score > best.score):
            best = replace(ranked[found[0].entry], score=found[0].score)
    if best is None:
        return hits
    return [best, *(h for h in hits if h.entry != best.entry)]
