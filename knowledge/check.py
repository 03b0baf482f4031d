"""Cross-checks over the whole base: duplicate ids, dangling references, sources, phone numbers."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from knowledge import (
    aspect,
    aspect_gap,
    computed,
    computed_dates,
    definition,
    dialect,
    glossary,
    ladder_answer,
    ocr_words,
    slots,
    textnorm,
)
from knowledge.phones import PhoneWords, find_numbers, normalise
from knowledge.phones import load_words as load_phone_words

SEEDS = (
    "000_713c0dfa8e040f10.txt",
    "001_76ed33fbb436fe05.txt",
    "002_f8883eb0805c6a5d.txt",
    "003_18fe3024efd6e098.txt",
)
# a seed file and section, a law and article, or the seed file as a whole
SOURCE_RE = re.compile(
    r"^(?:(?P<seed>\d{3}_[0-9a-f]{16}\.txt)(?: §.+)?|《[^》]+》(?:第 ?\d+(?:~\d+)? ?条)?(?:.*)?|〔种子外〕.+)$"
)
# FACTS.md §7.3, used only while knowledge.deadlines does not exist yet
FALLBACK_RULE_IDS = frozenset(
    "success_15d closed_15d created_15d late_ship_72h ship_24h seller_reply_72h intervention_2wd "
    "rights_center_9d complaint_5d human_agent_3d aftersales_review_24h report_fake_3_5wd "
    "report_banned_1wd insurer_72h logistics_open_7d logistics_limit_1y no_reason_7d quality_15d "
    "repair_30d hotline_12315_open".split()
)


T = TypeVar("T")


def _readable(load: Callable[[Path], T], path: Path) -> T | None:
    try:
        return load(path)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def known_rule_ids() -> frozenset[str]:
    return _rule_ids()[0]


def _rule_ids() -> tuple[frozenset[str], str | None]:
    """The deadline rule ids of knowledge.deadlines, or FACTS §7.3's while that module is absent."""
    try:
        from knowledge import deadlines
    except ModuleNotFoundError as exc:
        if exc.name != "knowledge.deadlines":
            raise
        return FALLBACK_RULE_IDS, None
    try:
        return frozenset(deadlines.load_rules()), None
    except Exception as exc:  # its own data is broken: say so, and check ours against FACTS
        return FALLBACK_RULE_IDS, f"deadline_rules.yaml: deadline rules cannot be loaded: {exc}"


def _rule_categories(slugs: set[str]) -> list[str]:
    """The categories a deadline rule names are categories.yaml's (the one home of their names)."""
    from knowledge import deadlines

    try:
        rules = deadlines.load_rules()
    except Exception:  # its own data is broken: reported by _rule_ids
        return []
    return [f"deadline_rules.yaml:{rule.id}.categories: unknown category {c!r}"
            for rule in rules.values() for c in rule.categories if c != "*" and c not in slugs]


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _check_ids(raw: dict[str, list[tuple[str, str, Any]]], section: str) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for file, key, _item in raw[section]:
        if key.startswith("["):
            continue
        if key in seen:
            problems.append(f"{file}:{key}: duplicate id (also in {seen[key]})")
        else:
            seen[key] = file
    return problems


def _check_sources(raw: dict[str, list[tuple[str, str, Any]]]) -> list[str]:
    problems = []
    for section, items in raw.items():
        if section == "terms":
            continue
        for file, key, item in items:
            if not isinstance(item, dict):
                continue
            sources = item.get("sources")
            if not sources:
                problems.append(f"{file}:{key}.sources: entry without a source")
                continue
            for source in sources if isinstance(sources, list) else [sources]:
                match = SOURCE_RE.match(str(source))
                if not match or (match.group("seed") and match.group("seed") not in SEEDS):
                    problems.append(f"{file}:{key}.sources: not a seed section or law article: {source!r}")
    return problems


def _check_phones(raw: dict[str, list[tuple[str, str, Any]]], parsed: dict[str, list[Any]],
                  words: PhoneWords) -> list[str]:
    registry = {normalise(p.number): p for p in parsed["phones"]}
    problems = []
    for section, items in raw.items():
        for file, key, item in items:
            warns: set[str] = set()
            if isinstance(item, dict) and isinstance(item.get("warns_about"), list):
                warns = {normalise(str(n)) for n in item["warns_about"]}
            for text in _texts(item):
                for number in find_numbers(text, words):
                    phone = registry.get(normalise(number))
                    if phone is None:
                        problems.append(f"{file}:{key}: phone number {number} is not on the official list")
                    elif not phone.official and section != "phones" and normalise(number) not in warns:
                        problems.append(
                            f"{file}:{key}: phone number {number} is a known scam number, not official"
                        )
    return problems


def cross_check(raw: dict[str, list[tuple[str, str, Any]]], parsed: dict[str, list[Any]],
                path: Path) -> list[str]:
    """Every problem across the files of the data folder `path`. The one-home files the checks
    read (phone_words.yaml, computed.yaml) are checked when they can be read; when one cannot,
    the loader reports it."""
    phone_words, computed_words = _readable(load_phone_words, path), _readable(lambda p: computed.load(p, textnorm.load(p)), path)
    problems: list[str] = []
    for section in ("categories", "channels", "phones", "guarantees", "penalties", "laws", "tone",
                    "entries", "terms", "cues"):
        problems += _check_ids(raw, section)
    problems += _check_sources(raw)
    if phone_words is not None:
        problems += _check_phones(raw, parsed, phone_words)

    slugs = {c.slug for c in parsed["categories"]}
    channels = {c.id for c in parsed["channels"]}
    entries = {e.id for e in parsed["entries"]}
    phones = {normalise(p.number) for p in parsed["phones"]}
    rules, rules_problem = _rule_ids()
    if rules_problem:
        problems.append(rules_problem)

    def dangling(where: str, kind: str, refs: list[str], known: set[str] | frozenset[str]) -> None:
        problems.extend(f"{where}: unknown {kind} {ref!r}" for ref in refs if ref not in known)

    files = {section: {key: file for file, key, _ in items} for section, items in raw.items()}
    for c in parsed["categories"]:
        where = f"{files['categories'].get(c.slug, '?')}:{c.slug}"
        dangling(f"{where}.rules", "deadline rule", c.rules, rules)
        dangling(f"{where}.channels", "channel", c.channels, channels)
        dangling(f"{where}.faq", "entry", [c.faq], entries)
    for ch in parsed["channels"]:
        where = f"{files['channels'].get(ch.id, '?')}:{ch.id}.phones"
        dangling(where, "phone", [normalise(p) for p in ch.phones], phones)
    for ladder in parsed["ladder"]:
        file = raw["ladder"][0][0] if raw["ladder"] else "?"
        dangling(f"{file}:ladder.steps", "channel", [s.channel for s in ladder.steps], channels)
        dangling(f"{file}:ladder.side_channels", "channel", ladder.side_channels, channels)
        dangling(f"{file}:ladder.next", "channel", [r.go for r in ladder.next], channels)
        dangling(f"{file}:ladder.official", "channel", ladder.official, channels)
        dangling(f"{file}:ladder.stages", "channel",
                 [c for stage in ladder.stages.values() for c in stage], channels)
        dangling(f"{file}:ladder", "category", [c for r in ladder.next for c in r.categories]
                 + ladder.report_categories + ladder.police_categories, slugs)
    problems += _rule_categories(slugs)
    for g in parsed["guarantees"]:
        dangling(f"{files['guarantees'].get(g.id, '?')}:{g.id}.rules", "deadline rule", g.rules, rules)
    for cue in parsed["cues"]:
        where = f"{files['cues'].get(cue.id, '?')}:{cue.id}"
        dangling(f"{where}.category", "category", [cue.category], slugs)
        for i, pattern in enumerate(cue.patterns):
            try:
                re.compile(pattern.re)
            except re.error as exc:
                problems.append(f"{where}.patterns.{i}: not a valid regular expression: {exc}")
    problems += aspect.check(parsed["entries"]) + aspect_gap.check(parsed["entries"]) + definition.check(parsed["entries"])
    problems += ladder_answer.check({s.channel for ladder in parsed["ladder"] for s in ladder.steps})
    if computed_words is not None:
        problems += computed_dates.check(computed_words, entries, set(rules)) + computed.check(computed_words.data)
    problems += slots.check() + dialect.check()
    problems += glossary.check()
    problems += ocr_words.check()
    for e in parsed["entries"]:
        where = f"{files['entries'].get(e.id, '?')}:{e.id}"
        dangling(f"{where}.related", "entry", e.related, entries)
        dangling(f"{where}.rules", "deadline rule", e.rules, rules)
        dangling(f"{where}.channels", "channel", e.channels, channels)
        if e.category is not None:
            dangling(f"{where}.category", "category", [e.category], slugs)
    return problems
