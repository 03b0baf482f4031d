"""User-facing texts, zh and en: the YAML files beside this module, and how lists, buttons and
languages are worded.

The engine reads the texts through `ctx.t` (the knowledge object's `texts`, read before the first
event by knowledge/texts.py); nothing here opens a file. `t` and `catalogue` are for code outside
the engine (adapters, dossier, CLI) and read the same files through knowledge/texts.py.
"""

from __future__ import annotations

import string

from knowledge.texts import DEFAULT_LANG, LANGS, default_texts, fill

__all__ = ["BUTTON_MAX", "DEFAULT_LANG", "LANGS", "catalogue", "fill", "join_list",
           "normalise_lang", "placeholders", "shorten", "t"]

BUTTON_MAX = 30  # characters a button label shows before Telegram clients cut it


def catalogue(lang: str) -> dict[str, str]:
    """Every text of `lang` (outside the engine; the engine has `ctx.kb.texts`)."""
    return default_texts().catalogue(lang)


def t(lang: str, key: str, **params: object) -> str:
    """The text `key` in `lang` (falling back to Chinese), with `params` filled in; outside the
    engine (the engine has `ctx.t`)."""
    return default_texts().t(lang, key, **params)


def join_list(lang: str, items: list[str] | tuple[str, ...], *, long: bool = False) -> str:
    """Items joined the way the language lists them (texts list.separator, and
    list.separator_long for items that have commas of their own); outside the engine."""
    return default_texts().join(lang, items, long=long)


def shorten(label: str, limit: int = BUTTON_MAX) -> str:
    """A label that fits on a button: cut at a word boundary (at a character for Chinese),
    with an ellipsis; unchanged when it already fits."""
    label = label.strip()
    if len(label) <= limit:
        return label
    cut = label[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2 and label[limit - 1] != " ":
        cut = cut[:space]
    return cut.rstrip(" ,.;:-–—，、。") + "…"


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def normalise_lang(code: str | None, default: str = DEFAULT_LANG) -> str:
    """Telegram's language_code (zh-hans, en-US, ...) to one of ours."""
    if not code:
        return default
    code = code.lower()
    if code.startswith("zh"):
        return "zh"
    if code.startswith("en"):
        return "en"
    return default
