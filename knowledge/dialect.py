"""Written Cantonese to Mandarin words, so that "how do I complain", "never received" and "I was
cheated" written in Cantonese read as their Mandarin words everywhere the base reads text (knowledge/textnorm.py calls it before OpenCC).

The words are data (knowledge/data/dialect.yaml); this module compiles them, once per knowledge
base (its normaliser holds the table), into one left-to-right pass where, at a position, the
longest Cantonese word wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

PATH = Path(__file__).parent / "data" / "dialect.yaml"


@dataclass(frozen=True)
class Table:
    mandarin: dict[str, str]  # Cantonese word -> Mandarin
    words: re.Pattern[str] | None
    units: re.Pattern[str] | None
    unit_of: dict[str, str]
    first: frozenset[str]  # first characters of every word: most texts have none and are left at once
    # first character -> the words (and units) starting with it: a text holding none of its
    # first characters' words is left before the patterns run (common characters such as
    # "product" or "refund" begin a Cantonese word, and the word pattern is long)
    by_first: dict[str, tuple[str, ...]]
    # `keep`: a base word the Cantonese words or OpenCC would misread in Traditional text (資料 as
    # 数据, 關係 as 关是), as typed -> the word, and the pattern finding them
    kept: dict[str, str]
    keeping: re.Pattern[str] | None

    def kept_apart(self, text: str) -> list[str]:
        """The text cut around the words of `keep`: the other pieces at even places, the kept
        words (as the base writes them) at odd ones; [text] when it holds none."""
        if self.keeping is None:
            return [text]
        pieces, last = [], 0
        for found in self.keeping.finditer(text):
            pieces += [text[last:found.start()], self.kept[found.group(0)]]
            last = found.end()
        return [*pieces, text[last:]]

    def to_mandarin(self, text: str) -> str:
        """The text with its Cantonese words in Mandarin; Mandarin text comes back unchanged."""
        starts = self.first.intersection(text)
        if not starts:
            return text
        by_first = self.by_first
        if not any(word in text for first in starts for word in by_first[first]):
            return text  # both patterns need one of the words as it is written
        if self.words is not None:
            text = self.words.sub(lambda m: self.mandarin[m.group(0)], text)
        if self.units is not None:
            text = self.units.sub(lambda m: self.unit_of[m.group(0)], text)
        return text


def compile_table(raw: dict[str, dict[str, list[str]]]) -> Table:
    mandarin = {str(word): str(target) for target, words in (raw.get("words") or {}).items()
                for word in words}
    unit_of = {str(word): str(target) for target, words in (raw.get("after_number") or {}).items()
               for word in words}

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    # a word starting with a clock mark is no word right after a number: 3點申請 is "at 3, apply"
    clock = set(raw.get("not_after_number") or [])

    def word(w: str) -> str:
        guard = str(raw["number_before"]).replace("(?<=", "(?<!", 1) if w[0] in clock else ""
        return guard + re.escape(w)

    table = Table(
        mandarin=mandarin,
        words=re.compile("|".join(word(w) for w in sorted(mandarin, key=len, reverse=True))) if mandarin else None,
        units=re.compile(str(raw["number_before"]) + f"(?:{alternation(list(unit_of))})") if unit_of else None,
        unit_of=unit_of,
        first=frozenset(w[0] for w in [*mandarin, *unit_of]),
        by_first=_by_first([*mandarin, *unit_of]),
        kept=(kept := typed_forms([str(w) for w in raw.get("keep") or []])),
        keeping=re.compile(alternation(list(kept))) if kept else None,
    )
    return table


def typed_forms(words: list[str]) -> dict[str, str]:
    """Each word as typed in Simplified or Traditional (OpenCC: standard, Taiwan, Hong Kong) -> the word."""
    import opencc

    forms = [opencc.OpenCC(config).convert for config in ("s2t", "s2tw", "s2hk")]
    return {typed: word for word in words for typed in {word, *(form(word) for form in forms)}}


def _by_first(words: list[str]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for word in words:
        grouped.setdefault(word[0], []).append(word)
    return {first: tuple(group) for first, group in grouped.items()}


def load(data: Path) -> Table:
    """The table of a data folder's dialect.yaml."""
    return compile_table(yaml.safe_load((data / PATH.name).read_text(encoding="utf-8")))


class _UniqueKeys(yaml.SafeLoader):
    """A YAML reader that refuses a key given twice in one mapping (PyYAML keeps the last one
    silently, and the words listed under the first would be lost)."""


def _mapping(loader: _UniqueKeys, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    twice = sorted({str(k) for k in keys if keys.count(k) > 1})
    if twice:
        raise ValueError(f"given twice: {', '.join(twice)}")
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_strict(path: Path) -> object:
    """The YAML file, refusing a mapping key given twice (for `kb check`)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeys)  # noqa: S506 -- a SafeLoader


def check(path: Path = PATH) -> list[str]:
    """`kb check`: the table reads, every word maps to one Mandarin word, and none maps to itself."""
    try:
        raw = read_strict(path)
        compiled = compile_table(raw)  # type: ignore[arg-type]
    except Exception as exc:  # yaml or shape: one line for `kb check`
        return [f"{path.name}: {exc}"]
    problems = []
    seen: dict[str, str] = {}
    for section in ("words", "after_number"):
        for target, words in (raw.get(section) or {}).items():  # type: ignore[union-attr]
            for word in words:
                if word in seen and seen[word] != target:
                    problems.append(f"{path.name}: {word!r} means both {seen[word]!r} and {target!r}")
                seen[word] = target
                if word == target:
                    problems.append(f"{path.name}: {word!r} maps to itself")
    problems += [f"{path.name}: {target!r} is itself a Cantonese word of the table (rewritten twice)"
                 for target in set(compiled.mandarin.values()) if compiled.words
                 and compiled.words.search(target)]
    return problems
