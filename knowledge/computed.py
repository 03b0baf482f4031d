"""Answers computed from the numbers in a question: amounts of compensation, deadlines."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase


def computed_answer(kb: KnowledgeBase, question: str, lang: str, now: datetime | None) -> Answer | None:
    return None
