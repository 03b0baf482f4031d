"""Canned replies for the advisers (`/reply NAME`), zh and en, from texts/replies.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from dialogs.texts import DEFAULT_LANG, LANGS

_FILE = Path(__file__).parent / "texts" / "replies.yaml"


@dataclass(frozen=True)
class Canned:
    name: str
    titles: dict[str, str]
    answers: dict[str, str]

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles[DEFAULT_LANG]

    def answer(self, lang: str) -> str:
        return self.answers.get(lang) or self.answers[DEFAULT_LANG]


@cache
def replies() -> dict[str, Canned]:
    """Every canned reply by its name (lower case), in the file's order."""
    data = yaml.safe_load(_FILE.read_text(encoding="utf-8")) or {}
    return {str(name).lower(): Canned(str(name).lower(),
                                      {k: str(v) for k, v in entry["title"].items()},
                                      {lang: str(entry[lang]).strip() for lang in LANGS})
            for name, entry in data.items()}


def find(name: str) -> Canned | None:
    return replies().get(name.strip().lower())
