"""The user- and adviser-facing texts (dialogs/texts/zh.yaml, en.yaml) as one object, read once.

The engine reads them through `kb.texts` (knowledge/base.py) and never opens the files itself;
code outside the engine (adapters, dossier, CLI) reads the same files through `default_texts()`.

A placeholder may choose a word by number: `{n:|file|files}` gives "file" for 1 and "files"
otherwise (Chinese has no plural and does not use it).
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from knowledge.textnorm import plain

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"
# The texts belong to the conversation (dialogs/); only their reading lives here.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there
TEXTS_DIR = Path(__file__).resolve().parent.parent / "dialogs" / "texts"
T = TypeVar("T")


class _Formatter(string.Formatter):
    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec.startswith("|"):
            one, _, many = format_spec[1:].partition("|")
            return one if value == 1 else many
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def fill(template: str, **params: object) -> str:
    """`template` with its placeholders filled, `{n:|one|many}` choosing by number."""
    if ":|" not in template:  # no word chosen by number: str.format, in C, does the same
        return template.format(**params)
    return _FORMATTER.format(template, **params)


@dataclass(frozen=True)
class Texts:
    """Every text by language and key."""

    by_lang: dict[str, dict[str, str]]
    # each language's texts with the Chinese ones filling its gaps: one look-up a text (the
    # engine's Ctx.t reads it directly, many times a step)
    full: dict[str, dict[str, str]] = field(init=False, repr=False, compare=False)
    # each answer button's label ("choice.*") in every language, as a typed answer matches it
    _said: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    # what the engine builds from these texts alone (a keyboard of fixed buttons), by name and
    # language: made on first use, then the same for every step
    _built: dict[tuple[Hashable, str], Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_built", {})
        fallback = self.by_lang.get(DEFAULT_LANG, {})
        object.__setattr__(self, "full", {lang: {**fallback, **texts}
                                           for lang, texts in self.by_lang.items()})
        object.__setattr__(self, "_said", {
            key: frozenset(plain(self.template(lang, key)) for lang in LANGS)
            for key in fallback if key.startswith("choice.")})

    def said(self, key: str) -> frozenset[str]:
        """The label of answer button `key` (a "choice." text) in every language, in its plain
        form (knowledge.textnorm.plain): a typed answer in that form is that choice."""
        return self._said[key]

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with the base (knowledge/kbcache.py) without what steps built from it."""
        return {k: v for k, v in self.__dict__.items() if k != "_built"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _built={})

    def built(self, name: Hashable, lang: str, build: Callable[[], T]) -> T:
        """What `build` makes of these texts in `lang` and of `name` (a key holding whatever
        else it depends on), nothing else: an immutable value, shared by every step that asks
        for it, made once per Texts object."""
        found = self._built.get((name, lang))
        if found is None:
            found = self._built[(name, lang)] = build()
        return found  # type: ignore[no-any-return]

    def catalogue(self, lang: str) -> dict[str, str]:
        return self.by_lang[lang if lang in self.by_lang else DEFAULT_LANG]

    def t(self, lang: str, key: str, **params: object) -> str:
        """The text `key` in `lang` (falling back to Chinese), with `params` filled in."""
        template = self.template(lang, key)
        return fill(template, **params) if params else template

    def template(self, lang: str, key: str) -> str:
        """The text `key` in `lang` (falling back to Chinese), placeholders as they are."""
        full = self.full.get(lang)
        return (self.full[DEFAULT_LANG] if full is None else full)[key]

    def join(self, lang: str, items: list[str] | tuple[str, ...], *, long: bool = False) -> str:
        """Items joined the way the language lists them (texts list.separator, and
        list.separator_long for items that have commas of their own)."""
        return self.t(lang, "list.separator_long" if long else "list.separator").join(items)


def read_texts(folder: Path = TEXTS_DIR) -> Texts:
    by_lang = {}
    for lang in LANGS:
        data = yaml.load((folder / f"{lang}.yaml").read_text(encoding="utf-8"), Loader=_YAML_LOADER)
        by_lang[lang] = {str(k): str(v).rstrip("\n") for k, v in data.items()}
    return Texts(by_lang)


@functools.lru_cache(maxsize=1)
def default_texts() -> Texts:
    """The texts of the repository, read once per process."""
    return read_texts()


@dataclass(frozen=True)
class Canned:
    """A canned reply for the advisers (`/reply NAME`): its title and answer in zh and en."""

    name: str
    titles: dict[str, str]
    answers: dict[str, str]

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles[DEFAULT_LANG]

    def answer(self, lang: str) -> str:
        return self.answers.get(lang) or self.answers[DEFAULT_LANG]


def read_replies(folder: Path = TEXTS_DIR) -> dict[str, Canned]:
    """Every canned reply (dialogs/texts/replies.yaml) by its name (lower case), in order."""
    data = yaml.safe_load((folder / "replies.yaml").read_text(encoding="utf-8")) or {}
    return {str(name).lower(): Canned(str(name).lower(),
                                      {k: str(v) for k, v in entry["title"].items()},
                                      {lang: str(entry[lang]).strip() for lang in LANGS})
            for name, entry in data.items()}


@functools.lru_cache(maxsize=1)
def default_replies() -> dict[str, Canned]:
    """The repository's canned replies, read once per process (outside the dialog step)."""
    return read_replies()
