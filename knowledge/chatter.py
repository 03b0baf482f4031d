"""Chatter around a question: the clauses of a message typed on a phone that only vent, excuse
themselves or talk of something else ("I just got off work", "my cat is ill too", "thanks").

Such a clause dilutes the search's score (how much of the question matched) until a plain
question goes unanswered, and a word of it the base happens to know (work hours, online, late at
night) pulls the answer to another entry.

A clause is chatter when it asks nothing (no word of asking, no question mark), tells no
complaint the classifier's cues recognise, names no number (a date, an amount, in digits or in
words), no term of the base (terms.yaml, its variants, the glossary's Chinese words of two
characters or more) and no mark of a question the base knows it cannot answer (another
platform's name), while another clause of the message asks. A clause ends at a mark, or after a particle that ends
a sentence typed without one ("where do I see the progress ah I looked for ages"). Such clauses are left out before
the question is read: what is left says all the message asks. A clause that tells the story of
the complaint keeps its terms and cue words, and the base's gaps are read in what is left as in
a question typed that way, so nothing out of scope becomes answerable by losing its chatter; and
a message whose only match was in its chatter ("write me a poem, I still have to go to work" is
not about service hours) gets no answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from knowledge.textnorm import CJK_RE

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

FILE = "chatter.yaml"
# clause marks (a blank is not one here: bare fragments, "消保赔付 上限 含邮费吗", are all question)
_MARKS = r"[，,。？?！!；;：:\n…~～]+"
_ASKED_RE = re.compile(r"[？?]")
PAUSE = "\uff0c"  # the full-width comma, between clauses a particle ended
MIN_LEFT = 4  # Chinese characters the question needs without its chatter
MIN_CHATTER = 3  # Chinese characters a clause needs to be chatter (two are a keyword: 上限)


@dataclass(frozen=True)
class ChatterWords:
    """knowledge/data/chatter.yaml: the words that ask, and the particles that end a sentence."""

    asking: frozenset[str]
    split: re.Pattern[str]
    ends: str = ""  # the particles that end a sentence typed without a mark


def load_words(data: Path) -> ChatterWords:
    raw = yaml.safe_load((data / FILE).read_text(encoding="utf-8"))
    # a particle with more Chinese after it ends a clause as a mark does
    ends = rf"(?<=[{re.escape(raw['ends'])}])(?=[\u4e00-\u9fff])"
    return ChatterWords(frozenset(raw["asking"].split()), re.compile(f"({_MARKS}|{ends})"), raw["ends"])


def _clauses(words: ChatterWords, question: str) -> list[tuple[str, str]]:
    """(clause, the marks after it) in order."""
    pieces = words.split.split(question)
    return [(pieces[k], pieces[k + 1] if k + 1 < len(pieces) else "") for k in range(0, len(pieces), 2)]


def trimmed(kb: KnowledgeBase, question: str, *, through_mandarin: bool = False) -> str | None:
    """The question without its chatter clauses, or None when it has none (or nothing but).

    Traditional or Cantonese is left whole (None), unless `through_mandarin`: then it is read as
    its Mandarin words (the terms and cues are Simplified) and what is left is given in them. The
    base asks so only when the whole question found nothing (KnowledgeBase.ask): a Cantonese word
    the dialect table misses makes an asking clause look like chatter."""
    mandarin = kb.normaliser.to_mandarin(question)
    if mandarin != question and not through_mandarin:
        return None
    question = mandarin
    clauses = _clauses(kb.chatter_words, question)
    if sum(1 for text, _ in clauses if text.strip()) < 2:
        return None
    asking = kb.chatter_words.asking | kb.search_words.question_words
    asks = [bool(_ASKED_RE.search(marks)) or any(w in text for w in asking) for text, marks in clauses]
    if not any(asks):
        return None
    kept = [(text, marks) for (text, marks), asked in zip(clauses, asks, strict=True)
            if asked or not text.strip() or not _chatter(kb, text)]
    if len(kept) == len(clauses):
        return None
    left = "".join(text + (marks or PAUSE) for text, marks in kept).rstrip(PAUSE)
    return left if len(CJK_RE.findall(left)) >= MIN_LEFT else None


def _chatter(kb: KnowledgeBase, clause: str) -> bool:
    if len(CJK_RE.findall(clause)) < MIN_CHATTER or any(w in clause for w in kb.domain_terms):
        return False
    if any(c.isdigit() for c in kb.normaliser.numerals(clause)):
        return False
    if kb.date_words.questions.may_name_a_day(kb.normaliser.basic(clause)):
        return False  # a day named in words (今早, 昨晚, last Friday): the date a deadline counts from
    if kb.classify_cues(clause) is not None:
        return False
    index = kb.build_index()
    text = index.marker_text(clause)
    return not any(index.passes_markers(gap, text) for gap in index.gap_markers)


