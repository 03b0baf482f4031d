"""The user- and adviser-facing texts (dialogs/texts/zh.yaml, en.yaml) as one object, read once.

The engine reads them through `kb.texts` (knowledge/base.py) and never opens the files itself;
code outside the engine (adapters, dossier, CLI) reads the same files through `default_texts()`.

A placeholder may choose a word by number: `{n:|file|files}` gives "file" for 1 and "files"
otherwise (Chinese has no plural and does not use it).
"""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass
from pathlib import Path

import yaml

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"
# The texts belong to the conversation (dialogs/); only their reading lives here.
TEXTS_DIR = Path(__file__).resolve().parent.parent / "dialogs" / "texts"


class _Formatter(string.Formatter):
    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec.startswith("|"):
            one, _, many = format_spec[1:].partition("|")
            return one if value == 1 else many
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def fill(template: str, **params: object) -> str:
    """`template` with its placeholders filled, `{n:|one|many}` choosing by number."""
    return _FORMATTER.format(template, **params)


@dataclass(frozen=True)
class Texts:
    """Every text by language and key."""

    by_lang: dict[str, dict[str, str]]

    def catalogue(self, lang: str) -> dict[str, str]:
        return self.by_lang[lang if lang in self.by_lang else DEFAULT_LANG]

    def t(self, lang: str, key: str, **params: object) -> str:
        """The text `key` in `lang` (falling back to Chinese), with `params` filled in."""
        template = self.catalogue(lang).get(key)
        if template is None:
            template = self.by_lang[DEFAULT_LANG][key]
        return fill(template, **params) if params else template


def read_texts(folder: Path = TEXTS_DIR) -> Texts:
    by_lang = {}
    for lang in LANGS:
        data = yaml.safe_load((folder / f"{lang}.yaml").read_text(encoding="utf-8"))
        by_lang[lang] = {str(k): str(v).rstrip("\n") for k, v in data.items()}
    return Texts(by_lang)


@functools.lru_cache(maxsize=1)
def default_texts() -> Texts:
    """The texts of the repository, read once per process."""
    return read_texts()
