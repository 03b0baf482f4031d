"""Words the dialog recognises in an answer (knowledge/data/answer_words.yaml): yes, no, submit,
the marks of a question, the words that only talk about a phone number, and what tells a story
apart from a question (rhetorical turns, what a real question asks for, what happened)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ConfigDict, PrivateAttr, model_validator

from knowledge.pattern_start import Skimmed
from knowledge.quick_model import QuickModel
from knowledge.textnorm import name_tokens

FILE = "answer_words.yaml"
CLAUSE_CHAR = r"[^，。,.!！?？;；\s]"  # `C` in the telling patterns: not a clause mark nor a blank


@dataclass(frozen=True)
class Telling:
    """What a text does, as the telling patterns read it."""

    rhetorical: bool  # a question that asks nothing ("这不是骗人吗", "isn't that fake?")
    asks: bool  # asks for information: how, where, how many, which, whether one may
    story: bool  # tells what happened: bought, paid, received; the seller said, refused
    reported: bool  # its question words are all inside what someone knows or asked ("他知道我住哪")


def _alternatives(patterns: tuple[str, ...]) -> Skimmed:
    """One pattern of them all; skimmed: every typed answer is read by the telling patterns, and
    most hold no character any of their matches starts with (knowledge/pattern_start.py)."""
    return Skimmed(re.compile("|".join(f"(?:{p.replace('C', CLAUSE_CHAR)})" for p in patterns), re.I))


class AnswerWords(QuickModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    yes: frozenset[str]
    no: frozenset[str]
    submit: frozenset[str]
    question_words: tuple[str, ...]
    question_start: str
    number_talk: str
    rhetorical: tuple[str, ...]
    information: tuple[str, ...]
    embedded: tuple[str, ...]
    keyword_asks: tuple[str, ...]
    date_or_sum: str
    story: tuple[str, ...]
    button_around: tuple[str, ...]
    button_small: frozenset[str]
    button_vague: tuple[str, ...]
    button_same: dict[str, str]
    value_joins: dict[str, tuple[str, ...]]
    _question_start: re.Pattern[str] = PrivateAttr()
    _number_talk: re.Pattern[str] = PrivateAttr()
    _question_word: re.Pattern[str] = PrivateAttr()  # any of question_words, in one search
    _rhetorical: Skimmed = PrivateAttr()
    _information: Skimmed = PrivateAttr()
    _embedded: Skimmed = PrivateAttr()
    _keyword_asks: Skimmed = PrivateAttr()
    _date_or_sum: re.Pattern[str] = PrivateAttr()
    _story: Skimmed = PrivateAttr()
    _around: tuple[tuple[str, ...], ...] = PrivateAttr()  # as name tokens, longest first
    _vague: frozenset[tuple[str, ...]] = PrivateAttr()
    _same: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = PrivateAttr()
    _join: re.Pattern[str] = PrivateAttr()
    # the synonym pairs by the token they start with, each list longest first
    _same_from: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = PrivateAttr()
    _around_at: dict[str, tuple[tuple[str, ...], ...]] = PrivateAttr()  # by first and by last token

    @model_validator(mode="after")
    def _compile(self) -> AnswerWords:
        self._question_start = re.compile(self.question_start, re.I)
        self._number_talk = re.compile(self.number_talk, re.I)
        self._question_word = re.compile("|".join(re.escape(w) for w in self.question_words))
        self._rhetorical = _alternatives(self.rhetorical)
        self._information = _alternatives(self.information)
        self._embedded = _alternatives(self.embedded)
        self._keyword_asks = _alternatives(self.keyword_asks)
        self._date_or_sum = re.compile(self.date_or_sum)
        self._story = _alternatives(self.story)
        self._around = tuple(sorted({name_tokens(w) for w in self.button_around} - {()},
                                    key=len, reverse=True))
        self._vague = frozenset(name_tokens(w) for w in self.button_vague)
        self._same = tuple(sorted(((name_tokens(k), name_tokens(v)) for k, v in self.button_same.items()),
                                  key=lambda kv: len(kv[0]), reverse=True))
        starting: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for said, same in self._same:
            starting.setdefault(said[0], []).append((said, same))
        self._same_from = {first: tuple(pairs) for first, pairs in starting.items()}
        around_at: dict[str, list[tuple[str, ...]]] = {}
        for words in self._around:  # longest first
            for end in {words[0], words[-1]}:
                around_at.setdefault(end, []).append(words)
        self._around_at = {k: tuple(v) for k, v in around_at.items()}
        self._join = re.compile(r"\s*(?:(?P<change>{})|(?P<is>{}))?\s*".format(
            *("|".join(_word(w) for w in sorted(self.value_joins[k], key=len, reverse=True))
              for k in ("change", "is"))), re.I)
        return self

    def after_join(self, text: str) -> tuple[str, str]:
        """TEXT without the joining word it starts with, and the kind of that word: "change",
        "is", "space" (only a blank) or "" (nothing between)."""
        match = self._join.match(text)
        assert match is not None  # every part of the pattern is optional
        kind = match.lastgroup or ("space" if match.end() else "")
        return text[match.end():].strip(), kind

    def button_bare(self, typed: tuple[str, ...]) -> tuple[str, ...]:
        """A typed message's name tokens without the words around a choice at either end
        ("I want ...", "... please"), a button's word said in another word ("edit" for
        "change"), without small English words; nothing when it is all such words."""
        if typed in self._around:
            return ()
        starting = self._same_from  # private attributes read once: a pydantic lookup each read
        if not starting.keys().isdisjoint(typed):
            typed = self._same_words(typed, starting)
        around_at = self._around_at
        trimmed = True
        while typed and trimmed:
            trimmed = False
            for words in around_at.get(typed[0], ()):
                if len(typed) > len(words) and typed[:len(words)] == words:
                    typed, trimmed = typed[len(words):], True
                    break
            for words in around_at.get(typed[-1], ()) if typed else ():
                if len(typed) > len(words) and typed[-len(words):] == words:
                    typed, trimmed = typed[:-len(words)], True
                    break
        return self.button_small_dropped(typed)

    @staticmethod
    def _same_words(typed: tuple[str, ...], starting: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]
                    ) -> tuple[str, ...]:
        out: list[str] = []
        i = 0
        while i < len(typed):
            for said, same in starting.get(typed[i], ()):  # only pairs that can match here
                if typed[i:i + len(said)] == said:
                    out += same
                    i += len(said)
                    break
            else:
                out.append(typed[i])
                i += 1
        return tuple(out)

    def button_small_dropped(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        small = self.button_small
        return tuple(t for t in tokens if t not in small)

    def button_vague_alone(self, tokens: tuple[str, ...]) -> bool:
        """Words too general to name a button alone ("problem", though "Quality problem" holds it)."""
        return tokens in self._vague

    def is_question(self, typed: str) -> bool:
        """A question word anywhere, or an English question's first word."""
        return self._question_word.search(typed) is not None or \
            bool(self._question_start.match(typed))

    def telling(self, read: str) -> Telling:
        """READ is the text as the base reads it (lower case, Mandarin, Simplified)."""
        direct = self._rhetorical.sub(" ", read)
        rest = self._embedded.sub(" ", direct)  # what is left may ask
        asks = self._information.search(rest) is not None
        return Telling(rhetorical=self._rhetorical.search(read) is not None, asks=asks,
                       story=self._story.search(read) is not None,
                       reported=not asks and self._information.search(direct) is not None)

    def asks(self, read: str) -> bool:
        """`telling(read).asks` alone: whether a typed answer asks at all is read first, and the
        rest of the telling only for the few that do (or carry a question's mark or word)."""
        return self._information.search(self._embedded.sub(" ", self._rhetorical.sub(" ", read))) is not None

    def names_the_ask(self, read: str) -> bool:
        """Bare keywords with a word naming what is asked (conditions, exceptions, steps)."""
        return self._keyword_asks.search(read) is not None

    def says_a_date_or_sum(self, text: str) -> bool:
        return self._date_or_sum.search(text) is not None

    def without_number_talk(self, text: str) -> str:
        return self._number_talk.sub("", text)


def _word(word: str) -> str:
    """A joining word as a pattern: an English one only as a whole word."""
    escaped = re.escape(word)
    return escaped + r"\b" if word[-1:].isascii() and word[-1:].isalnum() else escaped


def load(data: Path) -> AnswerWords:
    doc = yaml.safe_load((data / FILE).read_text(encoding="utf-8"))
    return AnswerWords.model_validate(doc)
