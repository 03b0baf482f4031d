"""English questions about what the base does not know: words it has never seen lower its confidence.

An English question is read through the glossary into the base's Chinese words, so a question
about something else entirely ("my landlord won't return my deposit", "the exchange rate of rmb")
still meets a few of the domain's words (return, refund, rmb) and can score above the search's
threshold. The share of its content words that the base knows nowhere (not an English word of any
entry or a misspelling of one, not a glossary word, not pinyin, not a currency word) says how much of the question the
answer cannot be about. The answer stays only when its score, discounted by that share, clears
ENGLISH_FLOOR; computed answers are about the figures the question gives and are kept.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from knowledge.analyzer import SEARCH_EN_STOP, stem
from knowledge.english_words import CONTRACTIONS
from knowledge.pinyin_text import is_pinyin, is_pinyin_text
from knowledge.textnorm import has_cjk

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase

# score x (1 - unknown share), calibrated on the English questions of tests/data/kb_questions*.yaml
# (dev5 and probe 5b included): from 0.32 up an in-scope question answered right loses its answer
# ("argue with the courier": 0.31); from 0.28 to 0.31 none does, and all out-of-scope ones answered
# but one lose theirs
ENGLISH_FLOOR = 0.29
SPELL_MIN = 5  # letters from which an unknown word may be a misspelt one of the base ("refnud")
_WORD_RE = re.compile(r"[a-z]+")


def unknown_share(kb: KnowledgeBase, question: str) -> float:
    """The share of an English question's content words the base knows nowhere."""
    words = [w for w in _WORD_RE.findall(question.lower())
             if len(w) > 1 and w not in SEARCH_EN_STOP and w not in CONTRACTIONS]
    if not words:
        return 0.0
    index = kb.build_index()
    currency = {w for w in kb.amount_words.units + kb.amount_words.signs if w.isalpha()}
    cue_words = _cue_words(kb)

    def known(word: str) -> bool:  # as the search reads it: misspelt words of its own are its own
        if (word in index.glossary_words or f"e:{word}" in index.df or f"e:{stem(word)}" in index.df
                or word in currency or word in cue_words or is_pinyin(word)):
            return True
        if index.english.known(word):  # a real English word is no typo ("honey" is not "money")
            return index.english.lemma(word) != word
        return len(word) >= SPELL_MIN and (_typo(word, index.speller.correct(word))
                                           or _typo(word, index.glossary_speller.correct(word)))

    return sum(not known(w) for w in words) / len(words)


def _named_topic_answer(kb: KnowledgeBase, question: str, found: Answer) -> bool:
    """Whether the answer is the one aspects.yaml names for a topic the question names and the
    aspect it asks (12315's hours): the lexicon, not the search's words, chose it."""
    if found.aspect is None or found.entry is None:
        return False
    answers = kb.aspects.by_id[found.aspect].answers if found.aspect in kb.aspects.by_id else {}
    return any(answers.get(topic) == found.entry for topic in kb.aspects.topics(question))


def _cue_words(kb: KnowledgeBase) -> frozenset[str]:
    """The English words of the aspect and topic cues (aspects.yaml): words the base reads a
    question by ("yelling" asks about tone), though no entry's text uses them."""
    lexicon = kb.aspects.lexicon
    cues = [c for a in lexicon.aspects for c in a.cues.en] + [c for t in lexicon.topics for c in t.cues.en]
    return frozenset(w for cue in cues for w in _WORD_RE.findall(cue.lower()) if w not in SEARCH_EN_STOP)


def _typo(word: str, known: str) -> bool:
    """Whether `known` is `word` with one letter wrong, missing, extra, or two letters swapped
    (the search's speller reaches further, as far as "country" for "counter")."""
    if known == word:
        return False
    if len(word) == len(known):
        diff = [i for i, (a, b) in enumerate(zip(word, known, strict=True)) if a != b]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and word[diff[0]] == known[diff[1]] and word[diff[1]] == known[diff[0]])
    short, long = sorted((word, known), key=len)
    return len(long) - len(short) == 1 and any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def doubt(kb: KnowledgeBase, question: str, found: Answer) -> Answer:
    """The answer, or none when an English question is mostly about words the base does not know."""
    if found.answer is None or found.computed is not None or has_cjk(question) or is_pinyin_text(question):
        return found
    if _named_topic_answer(kb, question, found):
        return found
    share = unknown_share(kb, question)
    if share == 0 or found.score * (1 - share) >= ENGLISH_FLOOR:
        return found
    return replace(found, answer=None, entry=None, sources=[], aspect=found.aspect)
