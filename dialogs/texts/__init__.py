"""User-facing texts, zh and en, loaded once from the YAML files beside this module."""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

import yaml

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"
_DIR = Path(__file__).parent


@cache
def catalogue(lang: str) -> dict[str, str]:
    data = yaml.safe_load((_DIR / f"{lang}.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v).rstrip("\n") for k, v in data.items()}


def t(lang: str, key: str, **params: object) -> str:
    """The text `key` in `lang` (falling back to Chinese), with `params` filled in."""
    texts = catalogue(lang if lang in LANGS else DEFAULT_LANG)
    template = texts.get(key)
    if template is None:
        template = catalogue(DEFAULT_LANG)[key]
    return template.format(**params) if params else template


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
