"""Which law entry a law question is about, once the law's own name is set aside.

"Under consumer law, who pays the return postage for a defect?" names the consumer law, and its
words (the law's long Chinese name: many indexed words) make the overview of that law the best
match, though the question is about return postage, which an entry states with its article (24).
When the search's answer to a law question is the aspect's stock overview, the question is read
again without the names of laws: if what is left is best answered by an entry that states a law
itself, that entry answers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.search import SearchIndex

LAW = "law"


def law_names(kb: KnowledgeBase) -> list[str]:
    """The words naming a law or the law: the law aspect's cues and the glossary's law names,
    longest first."""
    cues = kb.aspects.by_id[LAW].cues.all()
    suffix = kb.aspects.lexicon.law_suffix  # a glossary word ending so names a law
    named = [target for target in kb.glossary.table
             if (suffix and target.endswith(suffix)) or target in cues]
    return sorted({w.lower() for w in [*cues, *named]}, key=len, reverse=True)


def without_law_names(kb: KnowledgeBase, question: str) -> str:
    """The question (English read through the glossary) with every law's name blanked out."""
    text = kb.glossary.chinese(question.lower())
    for name in law_names(kb):
        pattern = re.escape(name) if re.search(r"[^\x00-\x7f]", name) else rf"(?<![a-z]){re.escape(name)}(?![a-z])"
        text = re.sub(pattern, " ", text)
    return text


def specific_entry(kb: KnowledgeBase, index: SearchIndex, question: str, topics: list[str]) -> str | None:
    """The entry stating a law that best answers the question without the laws' names, if it is
    the best answer of that reading and a sure one."""
    from knowledge.search import THRESHOLD, rank

    hits = rank(kb, index, without_law_names(kb, question), limit=1)
    if not hits or hits[0].score < THRESHOLD:
        return None
    entry = kb.entry(hits[0].entry)
    if entry.gap or LAW not in entry.aspect or not kb.aspects.fits(entry.id, topics):
        return None
    return entry.id
