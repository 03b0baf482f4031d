"""Is a service staffed now, and when next: from the hours the knowledge base holds (a `next_open`
deadline rule, such as 12315's) and the caller's clock. The chat adds the line to an answer about
such a service (dialogs/open_hours.py), and so does `weiquan kb ask` (bot/cli/kb.py); the words are
the chat's texts (hours.*, weekday.N in dialogs/texts/*.yaml). Pure: `now` comes from the caller."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from knowledge.deadline_rules import DeadlineRule
from knowledge.deadlines import compute
from knowledge.workdays import to_shanghai

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.schema import Entry


def hours_rules(entry: Entry, rules: Mapping[str, DeadlineRule]) -> list[str]:
    """The opening-hours rules an answer's entry names (entry.rules in the FAQ data)."""
    return [r for r in getattr(entry, "rules", []) if r in rules and rules[r].method == "next_open"]


def note(kb: KnowledgeBase, rule_id: str, now: datetime, lang: str) -> str:
    """"Open now until 17:30" or "closed now; next opens Monday 2026-11-30 08:30"."""
    def t(key: str, **params: object) -> str:
        return kb.texts.t(lang, key, **params)

    rule = kb.rules[rule_id]
    now = to_shanghai(now)
    found = compute(rule_id, now, rules=kb.rules)
    stamp = t("hours.stamp", weekday=t(f"weekday.{now.isoweekday()}"), at=now.strftime("%H:%M"))
    if found.at == now:
        closes = next(c for o, c in rule.open_hours if o <= now.time() < c)
        text = t("hours.open_now", now=stamp, closes=closes.strftime("%H:%M"))
    else:
        days = (found.at.date() - now.date()).days
        day = t("hours.today") if days == 0 else t("hours.tomorrow") if days == 1 else \
            t(f"weekday.{found.at.isoweekday()}")
        at = t("hours.when", day=day, date=found.at.strftime("%Y-%m-%d"), at=found.at.strftime("%H:%M"))
        text = t("hours.next", now=stamp, at=at)
    if found.holiday_caveat:
        text += t("hours.holiday_caveat")
    return text


def notes_for(kb: KnowledgeBase, entry_id: str | None, now: datetime, lang: str) -> str:
    """The open-now lines for an answer's entry, or ""."""
    if not entry_id:
        return ""
    try:
        entry = kb.entry(entry_id)
    except KeyError:
        return ""
    return "\n".join(note(kb, r, now, lang) for r in hours_rules(entry, kb.rules))
