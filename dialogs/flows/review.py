"""The end of the form: the review card's buttons, filing the case, and /cancel."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from dialogs import corrections, forms, views
from dialogs.context import Ctx, desk_key
from dialogs.deadline_view import deadlines_block
from dialogs.flows.intake import advance, go, prefix_then_prompt, prompt, refuse
from dialogs.flows.progress import status_buttons
from dialogs.ladder import next_step_text
from dialogs.machines import CASE, fire
from dialogs.snapshot import Case, CaseEvent
from dialogs.states import FORM_STATES, OPEN_STATUSES, CaseStatus
from dialogs.states import DialogState as D
from knowledge.textnorm import plain


def on_review(ctx: Ctx, value: str, pressed: bool) -> None:
    s, case = ctx.snap.session, ctx.case
    assert case is not None
    if value == "!confirm" or (not pressed and plain(value) in ctx.kb.answer_words.submit):
        ctx.kept = True
        file_case(ctx, case)
    elif value == "!cancel":
        ask_cancel(ctx)
    elif value == "!category":
        s.editing = True
        go(ctx, "change_category")
        prompt(ctx)
    elif pressed and value.startswith("edit:") and value[5:] in forms.slots_for(ctx.kb, case.category or ""):
        s.slot, s.editing = value[5:], True
        go(ctx, "edit_field")
        ctx.say(*views.question(ctx, s.slot))
    elif pressed and value.startswith("put:"):
        corrections.on_press(ctx, case, value[4:])
    elif not pressed and value.strip():
        corrections.on_text(ctx, case, value)  # a correction, never dropped
    else:
        prefix_then_prompt(ctx, ctx.t("invalid.choice"))


def file_case(ctx: Ctx, case: Case) -> None:
    case.status = fire(CASE, case.status, "file")
    case.updated_at = ctx.stamp()
    for slot in forms.slots_for(ctx.kb, case.category or ""):
        event = forms.SLOTS[slot].event
        if event and case.fields.get(slot):
            case.events.append(_event(ctx, event, case.fields[slot]))
    go(ctx, "filed")
    ctx.snap.session.trail = []
    from dialogs.flows.evidence import attach_pending
    from dialogs.flows.tally import offer

    asked, consent = offer(ctx, case)  # may it count in the shop's tally? (only if they say so)
    ctx.say("\n".join([
        ctx.t("filed", id=case.id, category=ctx.category_name(case.category)), "",
        ctx.t("filed.next_step_title"), next_step_text(ctx, case), "",
        deadlines_block(ctx, case), "", ctx.t(desk_key(ctx, "filed.footer")),
        *(["", asked] if asked else [])]),
        (*status_buttons(ctx, case), *consent, *views.menu(ctx)[:1]))
    attach_pending(ctx, case)


def _event(ctx: Ctx, kind: str, value: str) -> CaseEvent:
    """A date the user gave becomes a timeline event; a bare date is kept as a whole day."""
    zone = ZoneInfo(ctx.snap.tz)
    if "T" in value:
        return CaseEvent(kind=kind, at=datetime.fromisoformat(value).replace(tzinfo=zone)
                         .isoformat(timespec="seconds"))
    day = datetime.combine(datetime.fromisoformat(value).date(), time(0), tzinfo=zone)
    return CaseEvent(kind=kind, at=day.isoformat(timespec="seconds"), note="date_only")


def ask_cancel(ctx: Ctx) -> None:
    s = ctx.snap.session
    if s.state not in FORM_STATES:
        ctx.say_key("cancel.nothing")
        return
    s.return_state = s.state
    go(ctx, "ask_cancel")
    prompt(ctx)


def on_cancel_answer(ctx: Ctx, value: str, pressed: bool) -> None:
    answer = value if pressed else plain(value)
    words = ctx.kb.answer_words
    ctx.kept = not pressed and (answer in words.yes or answer in words.no)
    if answer == "!yes" or (not pressed and answer in words.yes):
        confirm_cancel(ctx)
    elif answer == "!no" or (not pressed and answer in words.no):
        s = ctx.snap.session
        go(ctx, f"resume_{s.return_state or D.FILLING.value}")
        s.return_state = None
        prefix_then_prompt(ctx, ctx.t("cancel.kept"))
    else:
        refuse(ctx, value, ctx.t("invalid.choice"), pressed)


def confirm_cancel(ctx: Ctx) -> None:
    s, case = ctx.snap.session, ctx.case
    go(ctx, "cancel_confirmed")
    s.return_state = s.slot = s.guess = None
    s.trail, s.editing = [], False
    if case is None or not case.is_draft:  # cancelled before a category (and a draft) existed
        ctx.say(ctx.t("cancel.dropped"), views.menu(ctx))
        return
    case.status = fire(CASE, case.status, "abandon")
    case.updated_at = ctx.stamp()
    s.current_case_id = latest_open_case(ctx)
    ctx.say(ctx.t("cancel.done", id=case.id), views.menu(ctx))


def latest_open_case(ctx: Ctx) -> int | None:
    open_ids = [c.id for c in ctx.snap.cases.values() if c.status in OPEN_STATUSES]
    return max(open_ids) if open_ids else None


def resume_draft(ctx: Ctx, case: Case) -> None:
    """Pick a draft (or an abandoned one) up where it was left."""
    if case.status == CaseStatus.ABANDONED:
        case.status = fire(CASE, case.status, "reopen_draft")
    ctx.snap.session.current_case_id = case.id
    ctx.snap.session.editing = False
    ctx.say_key("cases.resume_draft")
    if not case.category:
        go(ctx, "resume_choosing_category")
        prompt(ctx)
        return
    go(ctx, "resume_filling")
    advance(ctx)
