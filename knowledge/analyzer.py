"""Turns a text into weighted search features: jieba words, CJK bigrams, pinyin bigrams, English stems.

Pinyin bigrams make homophone typos from phone keyboards (a wrong character of the same sound)
still match;
CJK bigrams make up for jieba cutting a typo'd phrase differently from the indexed one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from knowledge.lexicon import Lexicon, pinyin_of
from knowledge.textnorm import CJK_RUN_RE, Rewriter, has_cjk

WORD, BIGRAM, PINYIN, ENGLISH, NUMBER = "w", "b", "p", "e", "n"
# numbers (12315, 9510211, 72) are identifiers: they decide between otherwise alike questions
WEIGHTS = {WORD: 1.0, BIGRAM: 0.25, PINYIN: 0.2, ENGLISH: 1.0, NUMBER: 2.5}
EN_STOP = frozenset(
    "the a an to of is are was were be been i my me mine you your it its in on at for do does did "
    "what how can could would should will and or with this that there from by have has had get got "
    "as if so any some about into just please they them their we us our he she his her which who "
    "when where why am also".split()
)
# negation and courtesy say nothing about a topic to a bag of words ("sorry, my Chinese is not
# good" met "not genuine"); the search leaves them out, the classifier keeps EN_STOP as it is
SEARCH_EN_STOP = EN_STOP | {"not", "sorry", "thanks", "thank", "hello", "hi", "dear", "pls", "plz"} | frozenset(
    # light verbs and hedges: "how do I make dumplings" is about the dumplings
    "make makes made making want wants wanted go goes going gone went know let lets tell told really".split()) | frozenset(
    # conjunctions, prepositions and adverbs of time or degree: "wait till morning" is about waiting
    "till until but than then because since while yet already very too even though although whether either "
    "nor ever still under over during per via upon".split()) | frozenset(
    # what an apostrophe leaves of a contraction or possessive ("what's", "can't", "seller's")
    "s t m d ll ve re".split())
_EN_WORD_RE = re.compile(r"[a-z][a-z0-9]*|\d+")
FILE = "search_words.yaml"


class SearchWords(BaseModel):
    """The search's own words (knowledge/data/search_words.yaml): words that only ask, and
    Chinese words too common to be features."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    question_words: frozenset[str]
    stop_words: frozenset[str]

    @field_validator("question_words", "stop_words", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return value.split() if isinstance(value, str) else value


def load_words(data: Path) -> SearchWords:
    return SearchWords.model_validate(yaml.safe_load((data / FILE).read_text(encoding="utf-8")))
_DIGITS_RE = re.compile(r"\d+")


# plurals that are words of their own: "goods" are merchandise, "good" says how something is
# ("my Chinese is not good" is no question about goods)
_OWN_PLURALS = frozenset({"goods", "news", "means"})


def stem(word: str) -> str:
    if word in _OWN_PLURALS:
        return word
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            base = word[: -len(suffix)]
            # stopped, shipping -> stop, ship (a doubled final consonant is spelling, not the word)
            if suffix in ("ing", "ed") and len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "aeiouls":
                base = base[:-1]
            return base
    return word


class Analyzer:
    def __init__(self, rewriter: Rewriter, words: Iterable[str], own: SearchWords) -> None:
        self.rewrite = rewriter
        self.stop = own.stop_words
        self.lexicon = Lexicon(word.lower() for word in sorted(set(words) | rewriter.terms)
                               if has_cjk(word) and " " not in word)

    def prepare(self, text: str, fix: Callable[[str], str] | None = None,
                rewrite: Callable[[str], str] | None = None) -> str:
        """Normalised text with domain variants rewritten (and homophone typos fixed, for questions);
        `rewrite` in place of the analyzer's own rewriter."""
        rewrite = rewrite or self.rewrite
        text = rewrite(text)
        if fix is not None:
            # only what the fixer changed is rewritten again: rewriting the whole text twice would
            # chain variants (举报店铺 -> 举报商家 -> 投诉) and lose what the shopper typed
            def fixed(match: re.Match[str]) -> str:
                run = match.group(0)
                repaired = fix(run)
                return run if repaired == run else rewrite(repaired)

            text = CJK_RUN_RE.sub(fixed, text)
        return text

    def features(self, text: str, fix: Callable[[str], str] | None = None) -> Counter[str]:
        return self.features_of(self.prepare(text, fix))

    def features_of(self, text: str) -> Counter[str]:
        """Features of an already prepared text."""
        out: Counter[str] = Counter()
        for token in self.lexicon.tokenizer.cut_for_search(text, HMM=False):
            token = token.strip()
            if not token or token in self.stop or token in SEARCH_EN_STOP:
                continue
            if has_cjk(token):
                out[f"{WORD}:{token}"] += 1
            elif _EN_WORD_RE.fullmatch(token) and not _DIGITS_RE.fullmatch(token):
                out[f"{ENGLISH}:{stem(token)}"] += 1
        # numbers come from the text itself: jieba hides 12315 inside 全国12315平台
        out.update(f"{NUMBER}:{number}" for number in _DIGITS_RE.findall(text))
        for run in CJK_RUN_RE.findall(text):
            out.update(f"{BIGRAM}:{run[i:i + 2]}" for i in range(len(run) - 1))
            syllables = pinyin_of(run)
            out.update(f"{PINYIN}:{a}_{b}" for a, b in zip(syllables, syllables[1:], strict=False))
        return out
