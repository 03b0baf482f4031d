"""The complaint a question surely describes keeps its own answer to the aspect asked.

A bare fragment ("banned goods / report / how long") has few words for the search to weigh: the
words of the channel and the aspect (report, how long, result) match another complaint's entry better than the
complaint's own (reporting a fake takes 3-5 working days; reporting banned goods one). When the
classifier's cues read the question surely as one complaint category, name no other, and the
answer chosen belongs to another complaint category, the described category's own entry for the
aspect asked answers instead: the best-ranked such entry, else the one aspects.yaml names for the
category. A question the cues read less surely keeps the search's answer (a fabricated piece of
evidence is no counterfeit).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase

SURE = 0.85  # the classifier's cues read the complaint at least this surely
CANDIDATES = 8
NOT_AN_ASPECT = frozenset({"steps"})  # the playbook's own question: the search decides it


def _own_entry(kb: KnowledgeBase, question: str, asked: str, category: str) -> str | None:
    """The described category's best-ranked entry answering the aspect, else the aspect's entry for it."""
    from knowledge.search import rank

    for hit in rank(kb, kb.build_index(), question, limit=CANDIDATES):
        entry = kb.entry(hit.entry)
        if entry.category == category and asked in entry.aspect and not entry.gap:
            return entry.id
    named = kb.aspects.by_id[asked].answers.get(category)
    return named if named is not None and not kb.entry(named).gap else None


def own_answer(kb: KnowledgeBase, question: str, found: Answer, lang: str) -> Answer:
    """The answer, or the described complaint's own entry for the aspect asked (see the module)."""
    from knowledge.search import _related

    asked = found.aspect
    if found.answer is None or found.entry is None or found.computed is not None \
            or asked is None or asked in NOT_AN_ASPECT or asked not in kb.aspects.by_id:
        return found
    said = kb.classify_cues(question)
    if said is None or said.confidence < SURE or said.alternatives:
        return found
    entry = kb.entry(found.entry)
    if entry.category is None or entry.category == said.category or said.category not in kb.category_slugs:
        return found  # an entry of no complaint (a channel's, 12315's) is about what the question names
    own = _own_entry(kb, question, asked, said.category)
    if own is None or own == entry.id:
        return found
    chosen = kb.entry(own)
    return replace(found, answer=chosen.answer.get(lang), entry=chosen.id, sources=list(chosen.sources),
                   related=_related(kb, chosen, [], lang))
