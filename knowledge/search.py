"""Search over the FAQ entries (being built)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.schema import Entry, Term

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase


class SearchIndex:
    def __init__(self, entries: list[Entry], terms: list[Term]) -> None:
        self.entries = entries


def answer(kb: KnowledgeBase, index: SearchIndex, question: str, lang: str) -> Answer:
    from knowledge.base import Answer

    return Answer(answer=None, entry=None, score=0.0, sources=[])
