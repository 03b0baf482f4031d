"""Read the YAML files of knowledge/data/ into a KnowledgeBase; problems are reported as `file:key: message`."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.base import KnowledgeBase
from knowledge.schema import (
    Category,
    Channel,
    Cue,
    Entry,
    Guarantee,
    Ladder,
    Law,
    Penalty,
    Phone,
    Term,
    ToneRule,
)

DATA_DIR = Path(__file__).parent / "data"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there

# top-level key of a data file -> model of each item
SECTIONS: dict[str, type[BaseModel]] = {
    "categories": Category,
    "channels": Channel,
    "ladder": Ladder,
    "phones": Phone,
    "guarantees": Guarantee,
    "penalties": Penalty,
    "laws": Law,
    "tone": ToneRule,
    "entries": Entry,
    "terms": Term,
    "cues": Cue,
}
ID_FIELDS = ("slug", "id", "number", "term")
# data files of other modules (knowledge/deadlines.py reads deadline_rules.yaml, knowledge/aspect.py
# aspects.yaml, knowledge/computed.py computed.yaml, knowledge/slots.py slots.yaml,
# knowledge/classify_rules.py boundaries.yaml, knowledge/classify_goods.py restricted_goods.yaml,
# knowledge/commands.py commands.yaml,
# knowledge/evidence_labels.py evidence_labels.yaml, knowledge/answer_words.py answer_words.yaml,
# knowledge/hotline.py hotline_notes.yaml,
# knowledge/dialect.py dialect.yaml, knowledge/glossary.py glossary.yaml,
# knowledge/ocr_words.py ocr_labels.yaml, knowledge/typed_words.py date_words.yaml and form_words.yaml,
# knowledge/analyzer.py search_words.yaml, knowledge/phones.py phone_words.yaml,
# knowledge/amounts.py amount_words.yaml, knowledge/voice.py voice.yaml,
# knowledge/ladder_answer.py ladder_words.yaml)
FOREIGN_FILES = frozenset({"deadline_rules.yaml", "aspects.yaml", "computed.yaml", "slots.yaml",
                           "boundaries.yaml", "restricted_goods.yaml", "commands.yaml", "evidence_labels.yaml", "answer_words.yaml",
                           "hotline_notes.yaml",
                           "dialect.yaml", "glossary.yaml", "ocr_labels.yaml", "date_words.yaml",
                           "form_words.yaml", "search_words.yaml", "phone_words.yaml",
                           "numerals.yaml", "amount_words.yaml", "voice.yaml",
                           "chatter.yaml", "typo_words.yaml", "off_topic.yaml", "ladder_words.yaml"})


class KBError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def item_key(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for field in ID_FIELDS:
            if isinstance(item.get(field), str | int) and item.get(field) != "":
                return str(item[field])
    return f"[{index}]"


def _format_error(where: str, err: dict[str, Any]) -> str:
    loc = ".".join(str(part) for part in err["loc"])
    msg = err["msg"]
    if err["type"] == "missing":
        msg = "missing field"
    elif err["type"] == "extra_forbidden":
        msg = "unknown field"
    return f"{where}.{loc}: {msg}" if loc else f"{where}: {msg}"


def read_raw(path: Path) -> tuple[dict[str, list[tuple[str, str, Any]]], list[str]]:
    """Every item of every data file as (file name, key, raw dict), grouped by section."""
    raw: dict[str, list[tuple[str, str, Any]]] = {name: [] for name in SECTIONS}
    problems: list[str] = []
    files = sorted(f for f in path.glob("*.yaml") if f.name not in FOREIGN_FILES)
    if not files:
        return raw, [f"{path}: no knowledge files"]
    for file in files:
        try:
            doc = yaml.load(file.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
        except yaml.YAMLError as exc:
            problems.append(f"{file.name}: not valid YAML: {exc}")
            continue
        if not isinstance(doc, dict):
            problems.append(f"{file.name}: expected a mapping of sections")
            continue
        for section, items in doc.items():
            if section not in SECTIONS:
                problems.append(f"{file.name}:{section}: unknown section")
                continue
            if section == "ladder":
                items = [items]
            if not isinstance(items, list):
                problems.append(f"{file.name}:{section}: expected a list")
                continue
            for index, item in enumerate(items):
                raw[section].append((file.name, item_key(item, index), item))
    return raw, problems


def parse(raw: dict[str, list[tuple[str, str, Any]]]) -> tuple[dict[str, list[Any]], list[str]]:
    """Validate each item on its own, so that one broken entry does not hide the others."""
    parsed: dict[str, list[Any]] = {name: [] for name in SECTIONS}
    problems: list[str] = []
    for section, items in raw.items():
        model = SECTIONS[section]
        for file, key, item in items:
            where = f"{file}:{key}"
            if not isinstance(item, dict):
                problems.append(f"{where}: expected a mapping")
                continue
            try:
                parsed[section].append(model.model_validate(item))
            except ValidationError as exc:
                problems.extend(_format_error(where, err) for err in exc.errors())
    return parsed, problems


def load_unchecked(path: Path | None = None) -> tuple[KnowledgeBase | None, list[str]]:
    """The base and every problem found (parse errors and cross-checks); None if it cannot be built."""
    from knowledge.check import cross_check

    path = path or DATA_DIR
    raw, problems = read_raw(path)
    parsed, parse_problems = parse(raw)
    problems += parse_problems
    problems += cross_check(raw, parsed, path)
    if not parsed["categories"] or len(parsed["ladder"]) != 1:
        problems.append(f"{path}: the base needs categories and exactly one ladder")
        return None, problems
    kb = KnowledgeBase(
        categories=parsed["categories"],
        channels=parsed["channels"],
        ladder=parsed["ladder"][0],
        phones=parsed["phones"],
        guarantees=parsed["guarantees"],
        penalties=parsed["penalties"],
        laws=parsed["laws"],
        tone=parsed["tone"],
        entries=parsed["entries"],
        terms=parsed["terms"],
        cues=parsed["cues"],
        path=path,
    )
    try:
        complete(kb)
    except (OSError, ValueError) as exc:  # the deadline rules' own problem is reported above
        problems.append(f"the deadline rules, letter templates or texts cannot be read: {exc}")
    return kb, problems + _one_home_problems(kb)


# The data files with one home each that the base reads on demand (kb.<name>): read now, so
# that `weiquan kb check` and the start-up report a broken one.
ONE_HOME = (("commands", "commands.yaml"), ("evidence_labels", "evidence_labels.yaml"),
            ("answer_words", "answer_words.yaml"), ("hotline_notes", "hotline_notes.yaml"),
            ("date_words", "date_words.yaml"), ("form_words", "form_words.yaml"),
            ("search_words", "search_words.yaml"), ("phone_words", "phone_words.yaml"),
            ("computed", "computed.yaml"), ("slot_lexicon", "slots.yaml"),
            ("ocr_words", "ocr_labels.yaml"), ("amount_words", "amount_words.yaml"),
            ("voice_sounds", "voice.yaml"), ("normaliser", "numerals.yaml"), ("aspects", "aspects.yaml"),
            ("glossary", "glossary.yaml"), ("off_topic", "off_topic.yaml"),
            ("chatter_words", "chatter.yaml"), ("typo_words", "typo_words.yaml"),
            ("ladder_words", "ladder_words.yaml"), ("restricted_goods", "restricted_goods.yaml"))


def _one_home_problems(kb: KnowledgeBase) -> list[str]:
    problems = []
    for name, file in ONE_HOME:
        try:
            getattr(kb, name)
        except (OSError, ValueError, KeyError, TypeError) as exc:  # ValidationError: ValueError
            problems.append(f"{file}: {exc}".replace("\n", " "))
    return problems


@functools.lru_cache(maxsize=1)
def _load_default() -> KnowledgeBase:
    return _load_strict(DATA_DIR)


def build_strict(path: Path) -> KnowledgeBase:
    """The base validated, its search index and the classifier's boundary rules and model built. Raises KBError."""
    kb, problems = load_unchecked(path)
    if problems or kb is None:
        raise KBError(problems)
    kb.build_index()
    kb.boundaries  # noqa: B018 -- built now, so that they are cached with the rest
    kb.model  # noqa: B018
    kb.question_model  # noqa: B018
    return kb


def _load_strict(path: Path) -> KnowledgeBase:
    from knowledge import kbcache

    return kbcache.load(path, lambda: build_strict(path), beside_files())


def beside_files() -> list[Path]:
    """The files `complete` reads beside the data: part of the cache's key, so that a cached base
    holds them as they are now (an edited text builds the base again)."""
    from knowledge.deadline_rules import DEFAULT_PATH
    from knowledge.letter_book import TEMPLATES
    from knowledge.texts import TEXTS_DIR

    rules = [DEFAULT_PATH, DEFAULT_PATH.parent / "categories.yaml"]  # the rules check their categories
    return [*rules, *sorted(p for p in TEMPLATES.iterdir() if p.is_file()), *sorted(TEXTS_DIR.glob("*.yaml"))]


def complete(kb: KnowledgeBase) -> KnowledgeBase:
    """The parts read beside the data (`beside_files`): the deadline rules, the letter templates
    and the texts; so that a dialog step reads no file. Cached with the base."""
    from knowledge.deadlines import load_rules
    from knowledge.letter_book import read_book
    from knowledge.texts import read_replies, read_texts

    kb.rules = load_rules()
    kb.letters = read_book()
    kb.texts = read_texts()
    kb.replies = read_replies()
    _warm(kb)
    return kb


def _warm(kb: KnowledgeBase) -> None:
    """Data files the knowledge helpers read on first use (kept in their modules): read now,
    with the base, so that no dialog step opens a file."""
    from knowledge import lexicon, textnorm

    kb.parts_of_speech.read()  # jieba's parts of speech: where a thing's name ends
    lexicon.jieba_dictionary()  # from its cache file: jieba cuts the shops' names with it
    lexicon.pinyin_table()  # from its cache file: pypinyin itself is imported only to build it
    textnorm.warm()  # OpenCC's dictionaries: every Chinese text asks whether it is Traditional
    kb.scripts.warm()  # and a question in Traditional is answered in it


def load_kb(path: Path | None = None, *, warm: bool = True) -> KnowledgeBase:
    """The knowledge base, validated and indexed: from the cache when `path` has not changed since
    it was last built (knowledge/kbcache.py); kept in memory for the default path. Raises KBError.
    `warm`: the libraries' data read now, so that no dialog step opens a file; a command that
    answers one question (`weiquan kb ask`) reads only what its question needs, when it does."""
    if path is None or Path(path).resolve() == DATA_DIR.resolve():
        kb = _load_default()
    else:
        kb = _load_strict(Path(path))
    if warm:
        _warm(kb)
    return kb
