"""Open deadlines as the shopper reads them: name, date, what it means, time left."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dialogs.context import Ctx
from dialogs.snapshot import Case
from dialogs.timeline import OpenDeadline, open_deadlines
from knowledge.deadlines import load_rules


def rule_name(lang: str, rule_id: str) -> str:
    rule = load_rules().get(rule_id)
    if rule is None:
        return rule_id
    return rule.name.en if lang == "en" else rule.name.zh


def local(ctx: Ctx, moment: datetime) -> str:
    return moment.astimezone(ZoneInfo(ctx.snap.tz)).strftime("%Y-%m-%d %H:%M")


def countdown(ctx: Ctx, left: timedelta) -> str:
    if left.total_seconds() <= 0:
        return ctx.t("deadline.passed")
    days, rest = divmod(int(left.total_seconds()), 86400)
    hours = rest // 3600
    if days:
        return ctx.t("deadline.left_days", days=days, hours=hours)
    return ctx.t("deadline.left_hours", hours=hours, minutes=(rest % 3600) // 60)


def deadline_line(ctx: Ctx, d: OpenDeadline) -> str:
    line = ctx.t(f"deadline.line.{d.result}", name=rule_name(ctx.lang, d.rule),
                 at=local(ctx, d.at), left=countdown(ctx, d.at - ctx.now))
    return line + (ctx.t("deadline.estimated") if d.estimated else "")


def deadlines_block(ctx: Ctx, case: Case) -> str:
    found = open_deadlines(case)
    if not found:
        return ctx.t("status.deadlines_none")
    return "\n".join([ctx.t("status.deadlines"), *(deadline_line(ctx, d) for d in found)])
