"""Words the dialog recognises in an answer (knowledge/data/answer_words.yaml): yes, no, submit,
the marks of a question, and the words that only talk about a phone number."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import ConfigDict, PrivateAttr, model_validator

from knowledge.quick_model import QuickModel

FILE = "answer_words.yaml"


class AnswerWords(QuickModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    yes: frozenset[str]
    no: frozenset[str]
    submit: frozenset[str]
    question_words: tuple[str, ...]
    question_start: str
    number_talk: str
    _question_start: re.Pattern[str] = PrivateAttr()
    _number_talk: re.Pattern[str] = PrivateAttr()
    _question_word: re.Pattern[str] = PrivateAttr()  # any of question_words, in one search

    @model_validator(mode="after")
    def _compile(self) -> AnswerWords:
        self._question_start = re.compile(self.question_start, re.I)
        self._number_talk = re.compile(self.number_talk, re.I)
        self._question_word = re.compile("|".join(re.escape(w) for w in self.question_words))
        return self

    def is_question(self, typed: str) -> bool:
        """A question word anywhere, or an English question's first word."""
        return self._question_word.search(typed) is not None or \
            bool(self._question_start.match(typed))

    def without_number_talk(self, text: str) -> str:
        return self._number_talk.sub("", text)


def load(data: Path) -> AnswerWords:
    doc = yaml.safe_load((data / FILE).read_text(encoding="utf-8"))
    return AnswerWords.model_validate(doc)
