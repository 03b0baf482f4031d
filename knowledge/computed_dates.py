"""Deadlines computed from a date in a question, by the rule the question's words point to.

`我11月20号申请的仅退款，商家最晚哪天要处理？` -> seller_reply_72h from 20 November: the date and
time, through knowledge/deadlines.py. When only a day is given for a rule counted in hours or
exact days, the answer says so and takes the side that is safe for the shopper: a window the
shopper must meet is counted from 00:00, the other side's window or one that opens from 23:59.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from knowledge.aspect import aspects
from knowledge.computed import DATE_ASPECTS, data, mentions
from knowledge.datefind import find_date
from knowledge.deadline_rules import DeadlineRule
from knowledge.deadlines import Deadline, compute, load_rules
from knowledge.textnorm import basic, has_cjk
from knowledge.workdays import SHANGHAI

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase

EXACT_METHODS = frozenset({"hours", "days"})  # the deadline keeps the start's time of day
DOUBT_FLAGS = frozenset({"convention", "outside_seeds"})


@functools.lru_cache(maxsize=1)
def _triggers() -> list[tuple[str, str, list[list[str]]]]:
    return [(item["rule"], item["entry"], [[basic(w) for w in group.split("|")] for group in item["when"]])
            for item in data()["deadlines"]["rules"]]


def _has(word: str, text: str) -> bool:
    if has_cjk(word):
        return word in text
    return re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text) is not None


def match_rule(text: str) -> tuple[str, str] | None:
    """(rule id, its FAQ entry) of the first rule whose every word group occurs in the text."""
    for rule_id, entry, groups in _triggers():
        if all(any(_has(word, text) for word in group) for group in groups):
            return rule_id, entry
    return None


def check(entries: set[str], rules: set[str]) -> list[str]:
    """`kb check`: every rule and entry the triggers name exists."""
    problems = []
    for rule_id, entry, _ in _triggers():
        if rule_id not in rules:
            problems.append(f"computed.yaml:deadlines.rules: unknown deadline rule {rule_id!r}")
        if entry not in entries:
            problems.append(f"computed.yaml:deadlines.rules.{rule_id}: unknown entry {entry!r}")
    return problems


def _when(moment: datetime, lang: str, template: dict[str, Any], with_time: bool = True) -> str:
    weekday = template["weekdays"][moment.weekday()]
    if lang == "en":
        day = f"{weekday} {moment.day} {moment:%b %Y}"
        return f"{day}, {moment:%H:%M}" if with_time else day
    day = f"{moment.year}年{moment.month}月{moment.day}日（{weekday}）"
    return f"{day} {moment:%H:%M}" if with_time else day


def _lines(rule: DeadlineRule, found: Deadline, date_only: bool, safe_late: bool, lang: str,
           given_time: bool) -> list[str]:
    template = data()["deadlines"]["text"][lang]
    text = (lambda t: t.en) if lang == "en" else (lambda t: t.zh)
    key = {"closes": "closes", "opens": "opens"}.get(rule.kind, "other_side")
    lines = [template[key].format(name=text(rule.name), action=text(rule.action),
                                  start=_when(found.start, lang, template, with_time=given_time),
                                  at=_when(found.at, lang, template))]
    if date_only:
        lines.append(template["date_only"].format(
            day=_when(found.at, lang, template, with_time=False),
            safe=template["safe_late" if safe_late else "safe_early"]))
    if found.earliest is not None:
        lines.append(template["earliest"].format(earliest=_when(found.earliest, lang, template)))
    if found.estimated:
        lines.append(template["estimated"])
    if DOUBT_FLAGS & set(rule.flags):
        lines.append(template["convention"])
    if rule.doubt is not None:
        lines.append(template["doubt"].format(doubt=text(rule.doubt)))
    return lines


def deadline_answer(kb: KnowledgeBase, question: str, lang: str,
                    now: datetime | Callable[[], datetime] | None) -> Answer | None:
    from knowledge.base import Answer

    text = basic(question)
    if aspects().asked(question) not in DATE_ASPECTS or not mentions("deadlines", "asks", text):
        return None
    matched = match_rule(text)
    if matched is None:
        return None
    day = find_date(text, now() if callable(now) else now)
    if day is None:
        return None
    rule_id, entry = matched
    rule = load_rules()[rule_id]
    if rule.method == "next_open":
        return None
    date_only = day.at is None and rule.method in EXACT_METHODS
    safe_late = date_only and rule.kind != "closes"
    start_time = day.at or (time(23, 59) if safe_late else time(0, 0))
    try:
        found = compute(rule_id, datetime.combine(day.day, start_time, tzinfo=SHANGHAI))
    except ValueError:
        return None
    lang = "en" if lang == "en" else "zh"
    computed: dict[str, object] = {
        "kind": "deadline", "rule": rule_id, "from": found.start.isoformat(),
        "deadline": found.at.isoformat(), "date_only": date_only,
        "estimated": date_only or found.estimated or bool(DOUBT_FLAGS & set(rule.flags)),
        "doubtful": rule.doubt is not None,
    }
    if found.earliest is not None:
        computed["earliest"] = found.earliest.isoformat()
    return Answer(answer="\n".join(_lines(rule, found, date_only, safe_late, lang, day.at is not None)),
                  entry=entry, score=1.0, sources=list(rule.sources),
                  related=[(entry, kb.entry(entry).title.get(lang))], aspect="days", computed=computed)
