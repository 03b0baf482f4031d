"""A refund-amount edit asked about without dates: the rule of FACTS §7.4 itself.

"I changed the amount: do the seller's 72 hours start again?" names the event that changes the
seller's clock (an edit, however it is worded: computed.yaml `edit_pattern`) and asks about the
window, but gives no date to count from: the answer is the entry on that rule (computed.yaml
`deadlines.edit_entry`), with its 48 and 24 hours, rather than the 72-hour window it changes.
Pure: words in, an answer out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.computed_match import named_lengths, possible
from knowledge.datefind import find_dates
from knowledge.number_words import english_digits

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase


def edit_answer(kb: KnowledgeBase, question: str, lang: str) -> Answer | None:
    """The §7.4 entry for a question about an amount edit and the seller's window, with no date."""
    from knowledge.base import Answer
    from knowledge.search import THRESHOLD, _related

    words = kb.computed
    text = english_digits(kb.normaliser.basic(question))
    if not words.edit_pattern.search(text) and not any(w in text for w in words.edit_words):
        return None
    if not any(kb.rules[t.rule].amount_edits and possible(t, text, named=True) for t in words.triggers):
        return None
    about_window = (kb.aspects.asked(question) == "days" or named_lengths(text, words)
                    or words.mentions("deadlines", "asks", text))
    if not about_window or find_dates(text, None, kb.date_words.questions, ahead=True):
        return None
    entry = kb.entry(words.data["deadlines"]["edit_entry"])
    return Answer(answer=entry.answer.get(lang), entry=entry.id, score=THRESHOLD, sources=list(entry.sources),
                  related=_related(kb, entry, [], lang), aspect="days")
