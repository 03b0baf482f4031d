"""User-facing texts, zh and en, loaded once from the YAML files beside this module.

A placeholder may choose a word by number: `{n:|file|files}` gives "file" for 1 and "files"
otherwise (Chinese has no plural and does not use it).
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

import yaml

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"
_DIR = Path(__file__).parent
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there


BUTTON_MAX = 30  # characters a button label shows before Telegram clients cut it


class _Formatter(string.Formatter):
    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec.startswith("|"):
            one, _, many = format_spec[1:].partition("|")
            return one if value == 1 else many
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


@cache
def catalogue(lang: str) -> dict[str, str]:
    data = yaml.load((_DIR / f"{lang}.yaml").read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    return {str(k): str(v).rstrip("\n") for k, v in data.items()}


def t(lang: str, key: str, **params: object) -> str:
    """The text `key` in `lang` (falling back to Chinese), with `params` filled in."""
    texts = catalogue(lang if lang in LANGS else DEFAULT_LANG)
    template = texts.get(key)
    if template is None:
        template = catalogue(DEFAULT_LANG)[key]
    return fill(template, **params) if params else template


def fill(template: str, **params: object) -> str:
    """`template` with its placeholders filled, `{n:|one|many}` choosing by number."""
    return _FORMATTER.format(template, **params)


def join_list(lang: str, items: list[str] | tuple[str, ...], *, long: bool = False) -> str:
    """Items joined the way the language lists them (texts list.separator, and
    list.separator_long for items that have commas of their own)."""
    return t(lang, "list.separator_long" if long else "list.separator").join(items)


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
