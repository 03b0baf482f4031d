"""The escalation ladder: the next channel for a case, with its steps, hours and official numbers."""

from __future__ import annotations

from dialogs.context import Ctx
from dialogs.snapshot import Case
from dialogs.states import CaseStatus as C
from knowledge.base import KnowledgeBase
from knowledge.schema import for_platform

NO_ANSWER = "no_answer"  # what a reminder assumes when the other side's time ran out


def next_channel(case: Case, kb: KnowledgeBase, no_answer: bool = False) -> str | None:
    """Where to go next, from where the case stands and what has happened (FACTS.md §8, the
    ladder's rules in knowledge/data/channels.yaml); None: the category's own first step comes
    first. `no_answer`: as if the other side had let its time run out."""
    happened = {e.kind for e in case.events} | ({NO_ANSWER} if no_answer else set())
    return kb.ladder_data.next_channel(str(case.status), happened, case.category)


def case_platform(ctx: Ctx) -> str | None:
    """The platform of the case in hand, if it names one: platform-only facts follow it."""
    case = ctx.case
    return case.fields.get("platform") if case is not None else None


def channel_block(ctx: Ctx, channel_id: str) -> str:
    """Name, what to do there, how, when and which official number, from the knowledge base."""
    try:
        channel = ctx.kb.channel(channel_id)
    except KeyError:
        return ""
    lines = [ctx.t("ladder.channel", name=channel.name.get(ctx.lang))]
    step = next((s for s in ctx.kb.ladder_data.steps if s.channel == channel_id), None)
    if step is not None:
        lines.append(step.action.get(ctx.lang))
    platform = case_platform(ctx)
    lines += [f"{i}. {s.get(ctx.lang)}"
              for i, s in enumerate(for_platform(channel.steps, platform), 1)]
    hours = channel.hours_by_platform.get(platform or "", channel.hours)  # type: ignore[call-overload]
    if hours is not None:
        lines.append(ctx.t("ladder.hours", hours=hours.get(ctx.lang)))
    if channel.phones:
        lines.append(ctx.t("ladder.phones", phones=" / ".join(channel.phones)))
    return "\n".join(lines)


def next_step_text(ctx: Ctx, case: Case) -> str:
    if case.status in (C.RESOLVED, C.CLOSED, C.ABANDONED):
        return ctx.t(f"ladder.none.{case.status}")
    channel = next_channel(case, ctx.kb)
    if channel is None:
        if case.status == C.INTERVENTION:
            return ctx.t("ladder.wait_decision")
        try:
            category = ctx.kb.category(case.category)
            by_platform = category.next_step_by_platform.get(case.fields.get("platform"))
            text = str((by_platform or category.next_step).get(ctx.lang))
        except KeyError:
            text = ctx.t("human.platform_contact_default")
    else:
        text = channel_block(ctx, channel)
    if case.category in ctx.kb.ladder_data.police_categories:
        text += "\n" + ctx.t("ladder.police")
    return text
