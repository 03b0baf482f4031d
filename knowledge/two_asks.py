"""A message that asks two things gets both answers.

"Can I call 12315 on the weekend? And what area code do I put in front?" asks the hours and the
number of one channel. The whole message is answered as usual, for the aspect it reads as asked;
each further sentence that ends in a question mark and asks another aspect is answered too, from
the whole message (its subject is often only in the first sentence), and that answer is added when
it is sure, not a gap, another entry, and says what the first answer does not: an hours answer
whose wording a phone answer already holds adds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from knowledge.aspect import GENERIC, pinyin_read

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase

_ASK_RE = re.compile(r"[^？?]+[？?]")
MIN_CHARS = 4  # a sentence shorter than this ("真的吗？") asks nothing of its own
COVERED = 0.5  # share of an added answer's wording the first answer already holds: nothing new
GRAM = 4  # characters of the pieces of wording compared


def asking_sentences(question: str) -> list[str]:
    """The sentences of the message that end in a question mark, when there are two or more."""
    found = [s.strip() for s in _ASK_RE.findall(question) if len(s.strip()) > MIN_CHARS]
    return found if len(found) >= 2 else []


def _grams(text: str) -> set[str]:
    flat = re.sub(r"\s+", "", text.lower())
    return {flat[i:i + GRAM] for i in range(len(flat) - GRAM + 1)}


def _tells_more(first: str, other: str) -> bool:
    """Whether OTHER says enough that FIRST does not: the hours a phone answer already lists add
    nothing."""
    grams = _grams(other)
    return not grams or len(grams & _grams(first)) / len(grams) < COVERED


def both(kb: KnowledgeBase, question: str, found: Answer,
         answer_for: Callable[[str], Answer]) -> Answer:
    """FOUND with the answers to the message's other asking sentences added; `answer_for(aspect)`
    answers the whole message for one aspect."""
    from knowledge.search import THRESHOLD

    if found.answer is None or found.gap or found.computed is not None:
        return found
    index = kb.build_index()
    asked = {found.aspect}
    text, sources, entries = found.answer, list(found.sources), {found.entry}
    for sentence in asking_sentences(question):
        aspect = kb.aspects.asked(sentence, pinyin_read(index, sentence))
        if aspect in (None, GENERIC) or aspect in asked:
            continue
        asked.add(aspect)
        other = answer_for(aspect)
        if other.answer is None or other.gap or other.score < THRESHOLD or other.entry in entries \
                or other.answer in text or not _tells_more(text, other.answer):
            continue
        entries.add(other.entry)
        text = f"{text}\n\n{other.answer}"
        sources += [s for s in other.sources if s not in sources]
    return found if text == found.answer else replace(found, answer=text, sources=sources)
