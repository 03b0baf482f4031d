"""A complaint category's own answer for an aspect it holds as data: "what evidence for a damaged
parcel" gets that category's checklist (categories.yaml `evidence_required` and
`evidence_suggested`, FACTS §6.3), not the general evidence list.

Used by knowledge/aspect.py when the question's category is known and the search found only the
aspect's general entry (or nothing that answers the aspect). The wording around the lists is data
(aspects.yaml `category_evidence`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.schema import Category, Entry

EVIDENCE = "evidence"
CATEGORY_CONFIDENCE = 0.5  # as knowledge/aspect.py: the cues recognise the complaint this surely


def replaces(kb: KnowledgeBase, question: str, asked: str, category: str | None, top: Entry | None) -> bool:
    """Whether the category's own checklist answers better than the search's best entry."""
    template = kb.aspects.lexicon.category_evidence
    if asked != EVIDENCE or category is None or not template or category not in kb.category_slugs:
        return False
    if not kb.category(category).evidence_required:
        return False
    if described(kb, question) != category:  # the question itself names the category, not only a weak hit
        return False
    general = kb.aspects.by_id[asked].answers.get("*")
    return top is None or top.id == general or asked not in top.aspect


def described(kb: KnowledgeBase, question: str) -> str | None:
    """The complaint the question describes: the one the cues surely recognise; else, when the cues
    name two (a malicious review that also insults), the classifier's sure reading of the whole
    story (cues, model and boundary rules) among those the cues name. Both read the text as the
    classifier does (pinyin words of an English question in Chinese: "jiahuo" is a fake)."""
    from knowledge.classify import readable

    said = kb.classify_cues(readable(kb, question))
    if said is None:
        return None
    if said.confidence >= CATEGORY_CONFIDENCE:
        return said.category
    whole = kb.classify(question)
    named = {said.category, *said.alternatives}
    return whole.category if whole.confidence >= CATEGORY_CONFIDENCE and whole.category in named else None


def own_entry(kb: KnowledgeBase, asked: str, category: str) -> str | None:
    """The FAQ entry aspects.yaml names for this category and aspect (counterfeit_evidence)."""
    return kb.aspects.by_id[asked].answers.get(category)


def checklist(kb: KnowledgeBase, category: Category, lang: str) -> str:
    """The category's evidence checklist in `lang`, in the words of aspects.yaml."""
    words = kb.aspects.lexicon.category_evidence
    lang = "en" if lang == "en" else "zh"
    sep = words[f"{lang}_separator"]
    lines = [words[f"{lang}_required"].format(name=category.name.get(lang),
                                              items=sep.join(t.get(lang) for t in category.evidence_required))]
    if category.evidence_suggested:
        lines.append(words[f"{lang}_suggested"].format(
            items=sep.join(t.get(lang) for t in category.evidence_suggested)))
    lines.append(words[f"{lang}_general"])
    return "\n".join(lines)
