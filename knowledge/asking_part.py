"""The asking part of a question typed (or spoken) without punctuation: a story, then what it asks.

Voice input writes no marks, so a long run-on question ("bought shoes last month, the sole came
off, the seller stalls, I want to ask how to apply for intervention") is one clause to
knowledge/clauses.py, and its story's words dilute the search's score (how much of the question
matched) below the threshold though its best entry is right. With marks, the clause that asks
vouches for that entry; without them, the clause that asks is looked for where a speaker puts it:
ending where the question ends, or at a particle that ends a sentence (a venting clause may follow
it), and beginning at a word boundary a few characters before the end of the last asking word
(chatter.yaml `asking`, the search's question words): its subject and topic, not the story (a
span reaching into the story is found by the story's words, and "the seller insulted me ... can I
complain about this" would be answered as a question while it is the story). Each such span is a
candidate asking part; the one that agrees with the whole question's best entry and matches it
surely vouches, as a clause does.

A span may still hold words of the story, and agree with a best entry that only the story
matched: an asking part vouches only for an entry that states the aspect asked (aspects.yaml, read
from the last cue, where the asking part is), so the aspect comes from the asking part and the
topic from the whole; when none does, the aspect reader (knowledge/aspect.py) chooses as before.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from knowledge.textnorm import CJK_RE, has_cjk

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

MIN_RUN = 16  # Chinese characters from which an unpunctuated question may hold a story and an ask
MIN_PART = 5  # Chinese characters an asking part needs (as a clause read alone, knowledge/clauses.py)
# characters an asking part may begin before the end of its asking word: the ask's subject and
# topic (天猫平台要不要…), not the story told before it
REACH = 8
_MARKS_RE = re.compile(r"[，,。？?！!；;：:\n…~～、]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_END_MARKS = "？?。！!.~～ "


def unpunctuated(question: str) -> bool:
    """Whether the question is one long Chinese run with no clause marks (a final mark aside)."""
    text = question.rstrip(_END_MARKS)
    return has_cjk(text) and not _MARKS_RE.search(text) and len(CJK_RE.findall(text)) >= MIN_RUN


def candidates(kb: KnowledgeBase, question: str) -> list[str]:
    """The spans of an unpunctuated question that may be its asking part (none for any other)."""
    if not unpunctuated(question):
        return []
    text = question.rstrip(_END_MARKS)
    asking = kb.chatter_words.asking | kb.search_words.question_words
    last = max((m.end() for word in asking if has_cjk(word) for m in re.finditer(re.escape(word), text)),
               default=None)
    if last is None:
        return []
    starts, at = [], 0
    for token in kb.build_index().analyzer.lexicon.tokenizer.cut(text, HMM=False):
        starts.append(at)
        at += len(token)
    # a sentence ends at a particle after the ask ("where can I find it ah, I looked for ages")
    ends = [len(text)] + [s for s in starts if s >= last and text[s - 1] in kb.chatter_words.ends]
    found: list[str] = []
    for end in ends:
        for start in starts:
            part = text[start:end]
            if last - REACH <= start < last and (start, end) != (0, len(text)) \
                    and len(CJK_RE.findall(part)) >= MIN_PART:
                found.append(part)
    return found


def answers_asked(kb: KnowledgeBase, question: str, entry_id: str) -> bool:
    """Whether the entry states the aspect the question asks (read, in Chinese, from its last cue:
    the asking part), or the question asks none in particular: an asking part may vouch only for
    such an entry, since a span holding story words can agree with a best entry that only the story
    matched (a private transfer, asked what evidence to take to the police)."""
    from knowledge.aspect import GENERIC

    asked = kb.aspects.asked(question)
    if asked in (None, GENERIC):
        return True
    entry = kb.entry(entry_id)
    return asked in entry.aspect or any(asked in kb.aspects.refined(a) for a in entry.aspect)
