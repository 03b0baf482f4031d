"""Open deadlines as the shopper reads them: what the date means, the date, time left, and doubt.

What a date means is the rule's data (knowledge/data/deadline_rules.yaml): a window that closes
("by … you must …"), one that opens ("from … you can …"), or the other side's ("the seller had
until …"), each with its own verb. Estimates are marked on their line and explained once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dialogs.context import Ctx
from dialogs.dates import minute_text
from dialogs.snapshot import Case
from dialogs.timeline import OpenDeadline, open_deadlines
from knowledge.deadline_rules import DeadlineRule

ESTIMATE_MARK, CONVENTION_MARK = "*", "†"


def rule_name(ctx: Ctx, rule_id: str) -> str:
    rule = ctx.kb.rules.get(rule_id)
    if rule is None:
        return rule_id
    return rule.name.en if ctx.lang == "en" else rule.name.zh


def rule_action(ctx: Ctx, rule_id: str) -> str:
    rule = ctx.kb.rules.get(rule_id)
    if rule is None:
        return ""
    return rule.action.en if ctx.lang == "en" else rule.action.zh


def rule_doubt(ctx: Ctx, rule_id: str) -> str:
    """"⚠ …" for a rule the knowledge base flags as doubtful, else ""."""
    rule = ctx.kb.rules.get(rule_id)
    if rule is None or rule.doubt is None:
        return ""
    return ctx.t("deadline.doubt", doubt=rule.doubt.en if ctx.lang == "en" else rule.doubt.zh)


def local(ctx: Ctx, moment: datetime) -> str:
    return minute_text(moment.astimezone(ZoneInfo(ctx.snap.tz)))


def countdown(ctx: Ctx, left: timedelta) -> str:
    if left.total_seconds() <= 0:
        return ctx.t("deadline.passed")
    days, rest = divmod(int(left.total_seconds()), 86400)
    hours = rest // 3600
    if days:
        return ctx.t("deadline.left_days", days=days, hours=hours)
    return ctx.t("deadline.left_hours", hours=hours, minutes=(rest % 3600) // 60)


def by_convention(rule: DeadlineRule | None) -> bool:
    return rule is not None and bool({"convention", "outside_seeds"} & set(rule.flags))


def marks(ctx: Ctx, d: OpenDeadline) -> str:
    rule = ctx.kb.rules.get(d.rule)
    return (ESTIMATE_MARK if d.estimated else "") + (CONVENTION_MARK if by_convention(rule) else "")


def deadline_line(ctx: Ctx, d: OpenDeadline) -> str:
    """One deadline, worded by what it means; past dates of the other side are "had until"."""
    when = "past" if d.at <= ctx.now else "upcoming"
    line = ctx.t(f"deadline.line.{d.result}.{when}", name=rule_name(ctx, d.rule),
                 at=local(ctx, d.at) + marks(ctx, d), action=rule_action(ctx, d.rule),
                 left=countdown(ctx, d.at - ctx.now))
    doubt = rule_doubt(ctx, d.rule)
    return line + ("\n" + doubt if doubt else "")


def footnotes(ctx: Ctx, found: list[OpenDeadline]) -> list[str]:
    """Each kind of estimate explained once, only when a line carries its mark."""
    notes = []
    if any(d.date_only for d in found):
        notes.append(ctx.t("deadline.note.date_only"))
    if any(d.estimated and not d.date_only for d in found):
        notes.append(ctx.t("deadline.note.workdays"))
    if any(by_convention(ctx.kb.rules.get(d.rule)) for d in found):
        notes.append(ctx.t("deadline.note.convention"))
    return notes


def deadlines_block(ctx: Ctx, case: Case) -> str:
    found = open_deadlines(case, ctx.kb.rules)
    if not found:
        own = [r for r in ctx.kb.rules.values() if case.category in r.categories]
        return ctx.t("status.deadlines_none" if own else "status.deadlines_none.no_rules")
    return "\n".join([ctx.t("status.deadlines"), *(deadline_line(ctx, d) for d in found),
                      *footnotes(ctx, found)])
