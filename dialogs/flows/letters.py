"""The ready text for a channel of the ladder, in the chat: shorter, other language, other demand."""

from __future__ import annotations

from dialogs import callbacks, forms, notes
from dialogs.actions import Button
from dialogs.context import Ctx, rows
from dialogs.flows.tally import similar_complaints
from dialogs.ladder import next_channel
from dialogs.markup import pre
from dialogs.snapshot import Case
from dialogs.states import CaseStatus as C
from knowledge.base import KnowledgeBase
from knowledge.letters import LetterError, channels, render_letter

FIRST_LETTER = "seller"  # before the ladder has a stage for the case


def case_dict(kb: KnowledgeBase, case: Case) -> dict[str, object]:
    """The case as the letter templates read it (the shape of `weiquan case show --json`)."""
    names = forms.slots_for(kb, case.category or "")
    return {"id": case.id, "category": case.category, "status": case.status,
            "fields": {n: (case.fields.get(n) or None) for n in names},
            "events": [{"kind": e.kind, "at": e.at} for e in case.events],
            "said": list(case.meta.get("said", []))}  # the seller's words from chat screenshots


def evidence_rows(ctx: Ctx, case: Case, lang: str) -> list[dict[str, object]]:
    """The case's evidence as the letters list it: label in the letter's language, and when."""
    t = ctx.kb.texts.t
    return [{"label": t(lang, f"label.{n.label}") if n.label else t(lang, f"evidence.kind.{n.kind}"),
             "received_at": n.received_at, "captured_at": n.captured_at, "kind": n.kind}
            for n in ctx.snap.evidence if n.case_id == case.id]


def default_channel(case: Case, kb: KnowledgeBase) -> str:
    """The letter offered first: the next rung, else the first channel of the case's stage."""
    stage = kb.ladder_data.stages.get(str(case.status)) or [FIRST_LETTER]
    return next_channel(case, kb) or stage[0]


def show_letter(ctx: Ctx, case: Case | None, channel: str | None = None,
                lang: str | None = None, short: bool = False) -> None:
    if case is not None and case.is_draft and case.category:
        complete = forms.next_slot(ctx.kb, case.category, case.fields) is None
        ctx.say(ctx.t("letter.after_filing" if complete else "letter.draft_unfinished"))
        return
    if case is None or case.is_draft or case.status == C.ABANDONED:
        ctx.say(ctx.t("letter.no_case"))
        return
    channel = channel or default_channel(case, ctx.kb)
    lang = lang or ctx.lang
    try:
        shown = case_dict(ctx.kb, case)
        similar = similar_complaints(ctx.snap.tally.get(case.id))
        if similar is not None:  # other shoppers' consenting complaints about the shop: a number
            shown["similar_complaints"] = similar
        letter = render_letter(shown, channel, lang, ctx.kb, short=short,
                               evidence=evidence_rows(ctx, case, lang))
    except LetterError:
        ctx.say(ctx.t("stale.unknown"))
        return
    name = ctx.kb.channel(channel).name.get(ctx.lang) if channel in _channel_ids(ctx) else channel
    head = ctx.t("letter.head", channel=name, length=letter.length, limit=letter.limit)
    ctx.say(f"{head}\n\n{pre(letter.text)}", _buttons(ctx, case, channel, lang, short),
            action="typing")


def _channel_ids(ctx: Ctx) -> set[str]:
    return {c.id for c in ctx.kb.channels}


def _buttons(ctx: Ctx, case: Case, channel: str, lang: str, short: bool) -> tuple[
        tuple[Button, ...], ...]:
    other_lang = "en" if lang == "zh" else "zh"
    data = callbacks.letter
    return (
        (Button(ctx.t("btn.letter_full" if short else "btn.letter_short"),
                data(case.id, channel, lang, not short)),
         Button(ctx.t(f"btn.letter_lang_{other_lang}"), data(case.id, channel, other_lang, short))),
        (Button(ctx.t("btn.letter_demand"), callbacks.letter_demand(case.id, channel)),
         Button(ctx.t("btn.letter_channels"), callbacks.letter_channels(case.id))),
    )


def on_press(ctx: Ctx, value: str) -> None:
    """t:<case>:<channel>:<lang>:<short> | t:<case>:<channel>:demand | t:<case>:channels |
    t:<case>:<channel>:set:<demand>"""
    parts = value.split(":")
    case = ctx.snap.cases.get(callbacks.number(parts[0]) or -1) if parts else None
    if case is None:
        ctx.say(ctx.t("cases.not_found"))
        return
    if parts[1:] == ["channels"]:
        buttons = [Button(ctx.kb.channel(c).name.get(ctx.lang), callbacks.letter(
            case.id, c, ctx.lang, False)) for c in channels(ctx.kb.letters.meta) if c in _channel_ids(ctx)]
        ctx.say(ctx.t("letter.pick_channel"), rows(buttons))
    elif len(parts) == 3 and parts[2] == "demand":
        choices = [c for c in forms.choices_for(ctx.kb, case.category or "", "demand") if c != "other"]
        ctx.say(ctx.t("letter.pick_demand"), rows([
            Button(ctx.t(f"choice.demand.{c}"), callbacks.letter_set_demand(case.id, parts[1], c))
            for c in choices]))
    elif len(parts) == 4 and parts[2] == "set":
        if parts[3] in forms.choices_for(ctx.kb, case.category or "", "demand"):
            notes.replaced(ctx, case, "demand", parts[3])
            case.fields["demand"] = parts[3]
            case.updated_at = ctx.stamp()
        show_letter(ctx, case, parts[1])
    elif len(parts) == 4:
        show_letter(ctx, case, parts[1], parts[2] if parts[2] in ("zh", "en") else None,
                    parts[3] == "1")
    else:
        ctx.say(ctx.t("stale.unknown"))
