"""English words as the Chinese words the base uses (knowledge/data/glossary.yaml).

An entry has a handful of English paraphrases and many Chinese ones. The search rewrites every
English word it knows to its Chinese word, in questions and in the base alike, so that
"the seller ignored my messages" meets the Chinese words for it and every other paraphrase of
that entry.
A single word brings its plain inflections (reply, replies, replied, replying); forms listed
for another word keep that meaning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

PATH = Path(__file__).parent / "data" / "glossary.yaml"
_VOWELS = "aeiou"
_WORD_RE = re.compile(r"[a-z][a-z'\-]*")
# a state said of a thing ("order closed") is also typed as a sentence: "the order is closed",
# "the deal was marked as completed". Between the thing and its state, any of these words
# (a copula, its auxiliaries, "marked as") may stand; the phrase keeps its meaning.
_LINKS = ("is", "was", "are", "were", "be", "been", "being", "has", "have", "had", "got", "gets",
          "now", "already", "just", "finally", "automatically", "marked", "shown", "shows", "showing",
          "as", "became", "becomes", "turned")
_LINK_RUN = rf"(?:\s+(?:{'|'.join(_LINKS)})){{1,4}}"
_LINK_RUN_RE = re.compile(rf"{_LINK_RUN}(?=\s)")
# ... only for a thing and its state: not after a word that is itself a verb or negation
_NOT_A_THING = frozenset(("not", "never", "has", "have", "had", "got", "been", "get", "still", "confirm",
                          "confirmed", "someone", "don't", "do", "can't", "cannot", "avoid", "says",
                          "shows", "marked", "no", "hasn't", "haven't", "is", "was"))
_STATE_WORDS = frozenset(("lost", "done", "broken", "stuck", "gone", "complete", "successful"))


def forms(word: str) -> list[str]:
    """A word and its plain inflections; for a phrase, those of its first word."""
    head, _, rest = word.partition(" ")
    tail = f" {rest}" if rest else ""
    if not head.isalpha() or len(head) < 3:
        return [word]
    out = [head, head + "s", head + "ed", head + "ing"]
    if head.endswith("e"):
        out += [head + "d", head[:-1] + "ing"]
    if head.endswith(("s", "sh", "ch", "x", "z")):
        out.append(head + "es")
    if head.endswith("y") and head[-2] not in _VOWELS:
        out += [head[:-1] + "ies", head[:-1] + "ied"]
    if len(head) <= 5 and head[-1] not in _VOWELS + "wxy" and head[-2] in _VOWELS and head[-3] not in _VOWELS:
        out += [head + head[-1] + "ed", head + head[-1] + "ing"]  # stop: stopped, stopping
    return [form + tail for form in out]


def read(path: Path = PATH) -> dict[str, list[str]]:
    """Chinese word -> its English words, as glossary.yaml lists them, with each verb of `verbs`
    typed after a word that makes it one (`verb_after`: can, to ...) as a phrase of its verb's meaning."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    table = {str(target): [str(w).lower() for w in words] for target, words in data["english"].items()}
    for target, words in (data.get("verbs") or {}).items():
        table.setdefault(str(target), []).extend(as_verbs([str(w).lower() for w in words], data.get("verb_after") or []))
    return table


def as_verbs(words: list[str], after: list[str]) -> list[str]:
    """Each word typed as a verb: after each of AFTER ("can order", "to order"), in its plain forms
    ("could have ordered" is no such verb: only the base form and the -s form follow a modal or to)."""
    return [f"{lead} {form}" for lead in after for word in words for form in (word, word + "s")]


def meanings(table: dict[str, list[str]]) -> dict[str, str]:
    """Every English form -> its Chinese word; a form listed as a word wins over an inflection.
    A form of several words is also found with hyphens for blanks ("three-times rule") and blanks
    for hyphens ("after sales"): the pattern matches either, and `spelt` looks either up."""
    meaning: dict[str, str] = {}
    for target, words in table.items():
        for word in words:
            meaning.setdefault(word, target)
    for target, words in table.items():
        for word in words:
            for form in forms(word):
                meaning.setdefault(form, target)
    for form, target in list(meaning.items()):
        meaning.setdefault(spelt(form), target)
    return meaning


def spelt(form: str) -> str:
    """A form's words joined by blanks, however they were joined (hyphens, blanks)."""
    return _HYPHEN_RE.sub(" ", form) if "-" in form else form


_HYPHEN_RE = re.compile(r"(?<=[a-z0-9])-(?=[a-z])|(?<=[a-z])-(?=[0-9])")  # between words, not in 2026-12-05


class Glossary:
    """The glossary as the knowledge base holds it (`kb.glossary`): the table, every English form
    with its meaning, and the pattern finding them (compiled on first use, 0.2 s, and only when a
    text has Latin letters; never pickled with the base)."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.meanings = meanings(table)
        self._pattern: re.Pattern[str] | None = None

    def resolved(self, resolve: Callable[[str], str]) -> dict[str, str]:
        """Every English form -> its Chinese word as `resolve` writes it (through the domain
        terms, so a variant becomes its term), for the search's rewriter."""
        return {form: resolve(target) for form, target in self.meanings.items()}

    def pattern(self) -> re.Pattern[str]:
        """Any English form of the glossary as a whole word, longest first (a thing and its
        state also with a copula between them: `meaning` reads such a match)."""
        if self._pattern is None:  # texts are read spelt (knock off, three times): forms too
            spelt_forms = {spelt(f) for f in self.meanings}
            alternatives = "|".join(_alternative(f) for f in sorted(spelt_forms, key=len, reverse=True))
            self._pattern = re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")
        return self._pattern

    def chinese(self, text: str) -> str:
        """A lower-case text with the glossary's English words as their Chinese words (and nothing
        else changed); for readers without the search's term rewriting, such as the classifier."""
        if not re.search(r"[a-z]", text):
            return text
        return self.pattern().sub(lambda m: self.meaning(m.group(0)), spelt(text))

    def meaning(self, matched: str) -> str:
        """The Chinese word of a stretch the pattern matched."""
        return (self.meanings.get(matched) or self.meanings.get(spelt(matched))
                or self.meanings[unlinked(spelt(matched))])

    def words(self) -> set[str]:
        """Every single English word the glossary knows, in all its forms (for spelling correction)."""
        return {form for form in self.meanings if _WORD_RE.fullmatch(form) and " " not in form}

    def __getstate__(self) -> dict[str, Any]:
        return {"table": self.table, "meanings": self.meanings}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.table, self.meanings, self._pattern = state["table"], state["meanings"], None


def _is_state(phrase: str) -> bool:
    """Whether a form is a thing and its state ("order closed", "parcel lost")."""
    words = phrase.split(" ")
    return (len(words) == 2 and words[0].isalpha() and words[0] not in _NOT_A_THING
            and (words[1].endswith(("ed", "ful")) or words[1] in _STATE_WORDS))


def _alternative(form: str) -> str:
    if not _is_state(form):
        return re.escape(form)
    first, last = form.split(" ")
    return rf"{re.escape(first)}(?:{_LINK_RUN})?\s+{re.escape(last)}"


def unlinked(matched: str) -> str:
    """A matched stretch without the copula between a thing and its state ("order is closed":
    "order closed"); anything else as it is."""
    return _LINK_RUN_RE.sub("", matched)


def load(data: Path) -> Glossary:
    return Glossary(read(data / PATH.name))


def check(path: Path = PATH) -> list[str]:
    """`kb check`: the glossary reads, and no English word is listed for two Chinese words."""
    from knowledge.dialect import read_strict

    try:
        data: Any = read_strict(path)
        table = {str(t): [str(w).lower() for w in ws] for t, ws in data["english"].items()}
        for t, ws in (data.get("verbs") or {}).items():
            table.setdefault(str(t), []).extend(as_verbs([str(w).lower() for w in ws], data.get("verb_after") or []))
    except Exception as exc:  # yaml or shape: one line for `kb check`
        return [f"{path.name}: {exc}"]
    seen: dict[str, str] = {}
    problems = []
    for target, listed in table.items():
        for word in listed:
            if word in seen and seen[word] != target:
                problems.append(f"{path.name}: {word!r} is listed for both {seen[word]!r} and {target!r}")
            seen[word] = target
    return problems
