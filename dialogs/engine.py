"""The pure dialog engine: step(snapshot, incoming, kb, now) -> (snapshot', actions).

Global intents come first in every state; then the current dialog state handles the event.
No store, no network, no clock of its own, no Telegram types.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from dialogs import callbacks, notes, reminder_text, typed_press, views
from dialogs.actions import Action, Button, MarkChosen, TimelinePicture
from dialogs.clean import visible
from dialogs.context import Ctx, desk_key, rows
from dialogs.events import Incoming
from dialogs.events import Kinds as Kind
from dialogs.flows import desk, handover, intake, progress, questions, review, screens, tally
from dialogs.flows import evidence as evidence_flow
from dialogs.flows import letters as letters_flow
from dialogs.intents import Intent, Intents, detect, language_named
from dialogs.snapshot import Case, Snapshot
from dialogs.states import IN_FORM
from dialogs.states import States as D
from dialogs.texts import LANGS, normalise_lang
from knowledge.base import KnowledgeBase
from knowledge.textnorm import plain, typed


def step(snapshot: Snapshot, ev: Incoming, kb: KnowledgeBase, now: datetime) -> tuple[Snapshot, list[Action]]:
    """The one entrance: every event (a shopper's message or press, files, an evidence report,
    a reminder falling due, a message in the advisers' group) changes `snapshot` here."""
    if ev.desk is not None:  # the advisers' group: `snapshot` is the shopper's it concerns
        after, actions = desk.on_group_message(snapshot, ev, kb, now)
        typed_press.remember(after, actions)  # what the adviser's message showed the shopper
        return after, actions
    if snapshot.banned and ev.kind != Kind.REMINDER:
        return snapshot, []  # dropped unread and unanswered: they were told once, at the ban
    if ev.kind == Kind.EDITED:  # the copy the advisers saw is edited to match; nothing else
        return snapshot, handover.edited(ev)
    if ev.text or ev.caption:  # escape sequences and bidi controls are never stored nor echoed
        text, caption = visible(ev.text), visible(ev.caption)
        if (text, caption) != (ev.text, ev.caption):
            ev = replace(ev, text=text, caption=caption)
    ctx = Ctx(snap=snapshot.clone(), ev=ev, kb=kb, now=now)
    if ev.lang and not ctx.snap.session.lang_chosen:
        ctx.snap.session.lang = normalise_lang(ev.lang, ctx.snap.session.lang)
    if ev.kind == Kind.REMINDER:
        reminder_text.on_due(ctx)
        typed_press.remember(ctx.snap, ctx.out)
        return ctx.snap, ctx.out  # the reminder's words only: the user did nothing
    if ev.kind == Kind.BUTTON:
        on_button(ctx)
    else:
        on_message(ctx)
    if not ctx.out:  # every event gets an answer, whatever happened above
        intake.prefix_then_prompt(ctx, ctx.t("idle.fallback"))
    typed_press.remember(ctx.snap, ctx.out)
    ctx.out += progress.reschedules(snapshot, ctx.snap, now, kb)
    return ctx.snap, ctx.out


def on_message(ctx: Ctx) -> None:
    plained = plain(ctx.wide(ctx.ev.text)) if ctx.ev.kind == Kind.TEXT else None  # read twice below
    state = ctx.snap.session.state
    typed = typed_press.find(ctx, ctx.ev.text) if plained and state != D.HUMAN else None
    if typed is not None and typed.exact:  # a button's very name: before any command word
        press_typed(ctx, typed)
        return
    named = language_named(ctx.ev, ctx.kb.commands, plained)
    if named:
        set_lang(ctx, named)
        return
    intent = detect(ctx.ev, ctx.kb.commands, plained)
    if intent is not None:
        on_intent(ctx, intent)
        return
    if typed is not None:  # a button's short name: before the question gate and the base read it
        press_typed(ctx, typed)
        return
    if state == D.HUMAN and ctx.ev.kind != Kind.EVIDENCE:
        if ctx.ev.kind == Kind.FILES:
            evidence_flow.on_files(ctx)  # kept on the case as well as shown to the adviser
        handover.relay(ctx)
    elif ctx.ev.kind == Kind.FILES:
        evidence_flow.on_files(ctx)
        if state != D.IDLE:
            intake.prefix_then_prompt(ctx, ctx.t("form.resume"))
    elif ctx.ev.kind == Kind.EVIDENCE:
        evidence_flow.on_report(ctx)
        if state != D.IDLE:
            intake.resume(ctx)
    elif ctx.ev.kind != Kind.TEXT or not ctx.ev.text.strip():
        intake.prefix_then_prompt(ctx, ctx.t("unsupported"))
    elif intake.no_such_button(ctx, ctx.ev.text):
        pass
    elif questions.try_answer(ctx, ctx.ev.text):
        if state != D.IDLE:  # the answer, then the question we were waiting on
            notes.keep(ctx, ctx.ev.text, "question")  # a question may carry facts too
            intake.prefix_then_prompt(ctx, ctx.t("form.resume"))
        else:
            questions.offer_complaint(ctx, ctx.ev.text)
    else:
        first = len(ctx.out)
        if state == D.IDLE:
            on_idle_text(ctx, ctx.ev.text)
        else:
            on_answer(ctx, ctx.ev.text, pressed=False)
        questions.warn_after(ctx, ctx.ev.text, first)
        if not ctx.kept:  # no field took it, no reply quoted it: it is kept as a note
            notes.keep(ctx, ctx.ev.text)


def on_answer(ctx: Ctx, value: str, pressed: bool) -> None:
    state = ctx.snap.session.state
    if state == D.CHOOSING_CATEGORY or state == D.CONFIRMING_CATEGORY:
        if pressed:
            intake.on_category_value(ctx, value)
        else:
            intake.on_category_text(ctx, value)
    elif state == D.FILLING:
        intake.on_slot_answer(ctx, value, pressed)
    elif state == D.REVIEWING:
        review.on_review(ctx, value, pressed)
    elif state == D.CONFIRMING_CANCEL:
        review.on_cancel_answer(ctx, value, pressed)
    elif state == D.RECORDING_EVENT:
        progress.on_time(ctx, value, pressed)


def on_button(ctx: Ctx) -> None:
    press = callbacks.parse(ctx.ev.button or "")
    if press is None:
        intake.prefix_then_prompt(ctx, ctx.t("stale.unknown"))
        return
    if press.scope == "f":
        if press.seq != ctx.snap.session.ask_seq or ctx.snap.session.state == D.IDLE:
            intake.prefix_then_prompt(ctx, ctx.t("stale.button"))
            return
        mark_chosen(ctx)
        on_answer(ctx, press.value, pressed=True)
    elif press.scope == "g" and press.value in Intent.__members__.values():
        on_intent(ctx, Intent(press.value))
    elif press.scope == "c" and callbacks.number(press.value) is not None:
        pick_case(ctx, int(press.value))
    elif press.scope in ("e", "p"):
        mark_chosen(ctx)
        progress.on_event_press(ctx, press.value, ask=press.scope == "p")
    elif press.scope == "r":
        mark_chosen(ctx)
        progress.on_reminder_press(ctx, press.value)
    elif press.scope == "v":
        if evidence_flow.on_label(ctx, press.value):
            mark_chosen(ctx)
        else:  # an older report's buttons: nothing is labelled, nothing shown as chosen
            intake.prefix_then_prompt(ctx, ctx.t("stale.button"))
    elif press.scope == "x":
        evidence_flow.on_item(ctx, press.value)
    elif press.scope == "o":
        mark_chosen(ctx)
        screens.on_press(ctx, press.value)
    elif press.scope == "t":
        letters_flow.on_press(ctx, press.value)
    elif press.scope == "y":
        if tally.answers_which(press.value):  # the which-shop question: shown as answered
            mark_chosen(ctx)
        tally.on_press(ctx, press.value)
    elif press.scope == "k":
        questions.show_entry(ctx, press.value)
        if ctx.snap.session.state != D.IDLE:
            intake.resume(ctx)
    elif press.scope == "l" and press.value in LANGS:
        set_lang(ctx, press.value)
    elif press.scope == "s" and press.value in {c.slug for c in ctx.kb.categories}:
        if ctx.snap.session.state in IN_FORM:
            intake.prefix_then_prompt(ctx, ctx.t("form.in_progress"))
        else:
            mark_chosen(ctx)
            intake.start(ctx, press.value)
    else:
        intake.prefix_then_prompt(ctx, ctx.t("stale.unknown"))


def press_typed(ctx: Ctx, typed: typed_press.Named) -> None:
    """The button a typed message names, pressed (several: offered again, those only)."""
    button = typed_press.take(ctx, typed, ctx.ev.text)
    if button is not None:
        ctx.ev = replace(ctx.ev, kind=Kind.BUTTON, button=button.data, message_id=None,
                         extra={**ctx.ev.extra, "button_label": button.label})
        on_button(ctx)


def mark_chosen(ctx: Ctx) -> None:
    if ctx.ev.message_id is not None:
        label = ctx.ev.extra.get("button_label", "")
        ctx.out.append(MarkChosen(chat_id=ctx.ev.chat_id, message_id=ctx.ev.message_id,
                                  choice=label))


def on_intent(ctx: Ctx, intent: Intent) -> None:
    state = ctx.snap.session.state
    in_form = state in IN_FORM or state == D.RECORDING_EVENT
    if state == D.HUMAN and intent in (Intents.COMPLAIN, Intents.CANCEL, Intents.BACK,
                                       Intents.SKIP, Intents.PROGRESS):
        ctx.say(ctx.t("handover.busy"))
        return
    if intent == Intents.COMPLAIN and state == D.RECORDING_EVENT:
        ctx.snap.session.pending_event = ctx.snap.session.pending_case = None
        in_form = False
    if intent == Intents.START and ctx.ev.args:
        link = deep_link(ctx.ev.args)
        if link == "complain":
            on_intent(ctx, Intents.COMPLAIN)
            return
        if isinstance(link, int):
            if state == D.HUMAN:
                ctx.say(ctx.t("handover.busy"))
            else:
                pick_case(ctx, link)  # only the user's own cases are in the snapshot
            return
    if intent == Intents.START:
        ctx.say(ctx.t(desk_key(ctx, "start")), views.menu(ctx))
    elif intent == Intents.HELP:
        ctx.say(views.help_text(ctx), () if in_form else views.menu(ctx))
    elif intent == Intents.COMPLAIN:
        if in_form:
            intake.prefix_then_prompt(ctx, ctx.t("form.in_progress"))
            return
        intake.start(ctx)
        return
    elif intent == Intents.STATUS:
        show_status(ctx)
    elif intent == Intents.CASES:
        show_cases(ctx)
    elif intent == Intents.CANCEL:
        if state == D.RECORDING_EVENT:
            ctx.snap.session.pending_event = ctx.snap.session.pending_case = None
            intake.go(ctx, "event_recorded")
            ctx.say(ctx.t("cancel.dropped"), views.menu(ctx))
            return
        review.ask_cancel(ctx)
        return
    elif intent == Intents.PROGRESS:
        progress.menu(ctx)
    elif intent == Intents.LETTER:
        letters_flow.show_letter(ctx, ctx.case)
    elif intent == Intents.EVIDENCE:
        evidence_flow.show_list(ctx)
    elif intent == Intents.EXPORT:
        evidence_flow.export(ctx)
    elif intent == Intents.FORGET:
        evidence_flow.ask_forget(ctx)
    elif intent == Intents.PICTURE:
        show_picture(ctx)
    elif intent == Intents.WITHDRAW:
        tally.withdraw_all(ctx)
    elif intent == Intents.FORGET_CONFIRMED:
        evidence_flow.forget(ctx)
        return
    elif intent == Intents.LANG:
        ctx.say(ctx.t("lang.choose"), rows([Button(ctx.t(f"lang.name.{lang}"), callbacks.lang(lang))
                                            for lang in LANGS]))
    elif intent == Intents.HUMAN:
        handover.request(ctx, ctx.ev.args)
        if ctx.snap.session.state == D.HUMAN:
            return  # the adviser takes it from here; the form waits in before_human
    elif intent == Intents.DONE:
        handover.done(ctx)
        return
    elif intent == Intents.BACK:
        intake.back(ctx)
        return
    elif intent == Intents.SKIP:
        intake.skip(ctx)
        return
    elif intent == Intents.UNKNOWN_COMMAND:
        ctx.say(ctx.t("unknown.command", command=ctx.ev.command or ""))
    if in_form and intent != Intents.LANG:
        intake.prefix_then_prompt(ctx, ctx.t("form.resume"))


def deep_link(payload: str) -> str | int | None:
    """A t.me/<bot>?start=<payload> link: "complain" starts a complaint, "case_<id>" opens
    that case (its owner's only); anything else is a plain /start."""
    payload = payload.strip()
    if payload == "complain":
        return payload
    head, _, number = payload.partition("_")
    if head == "case" and number.isdigit() and len(number) <= 12:
        return int(number)
    return None


def show_status(ctx: Ctx) -> None:
    wanted = typed(ctx.ev.args).lstrip("#") if ctx.ev.command else ""
    if wanted.isdigit():  # /status 3: that case, if it is this user's
        case = ctx.snap.cases.get(int(wanted))
        if case is None:
            ctx.say(ctx.t("cases.no_such_id", id=int(wanted)), views.menu(ctx))
        else:
            ctx.say(*views.status_card(ctx, case))
            picture(ctx, case)
        return
    case = ctx.case
    if case is None:
        ctx.say(ctx.t("status.none"), views.menu(ctx))
        return
    ctx.say(*views.status_card(ctx, case))
    picture(ctx, case)


def picture(ctx: Ctx, case: Case) -> bool:
    """The case's timeline picture, drawn by the jobs' worker after the text has gone out; a
    draft has no timeline yet (False)."""
    if case.is_draft or case.status == "abandoned":
        return False
    s = ctx.snap.session
    ctx.out.append(TimelinePicture(chat_id=s.chat_id, user_id=s.user_id, case_id=case.id,
                                   lang=ctx.lang, at=ctx.now.isoformat(timespec="seconds"),
                                   tz=ctx.snap.tz))
    return True


def show_picture(ctx: Ctx) -> None:
    """The case card's picture button (or /picture): the picture alone, announced."""
    case = ctx.case
    if case is None:
        ctx.say(ctx.t("status.none"), views.menu(ctx))
    elif case.is_draft or case.status == "abandoned":
        ctx.say(*views.status_card(ctx, case))
    else:
        ctx.say(ctx.t("picture.making"))
        picture(ctx, case)


def show_cases(ctx: Ctx) -> None:
    if not ctx.snap.cases:
        ctx.say(ctx.t("cases.none"), views.menu(ctx))
        return
    ctx.say(*views.case_list(ctx))


def pick_case(ctx: Ctx, case_id: int) -> None:
    case = ctx.snap.cases.get(case_id)  # only this user's cases are in the snapshot
    if case is None:
        ctx.say(ctx.t("cases.not_found"))
        return
    s = ctx.snap.session
    if s.state in IN_FORM and s.current_case_id == case_id:
        intake.prefix_then_prompt(ctx, ctx.t("form.resume"))
        return
    if s.state != D.IDLE:
        intake.go(ctx, "leave_form")  # the draft being filled stays a draft
    s.slot, s.return_state, s.guess, s.editing = None, None, None, False
    s.guess_others = []
    s.pending_event = s.pending_case = None
    if case.is_draft or case.status == "abandoned":
        s.trail = [k for k in case.fields]
        review.resume_draft(ctx, case)
        evidence_flow.attach_pending(ctx, case)
        return
    s.current_case_id = case_id
    ctx.say(ctx.t("cases.switched", id=case_id))
    ctx.say(*views.status_card(ctx, case))
    evidence_flow.attach_pending(ctx, case)


def set_lang(ctx: Ctx, lang: str) -> None:
    ctx.snap.session.lang, ctx.snap.session.lang_chosen = lang, True
    intake.prefix_then_prompt(ctx, ctx.t("lang.set"))


def suggest_nearest(ctx: Ctx, closest: list[str]) -> None:
    """A complaint none of the named categories fits (FACTS §2.13): the nearest ones as buttons that
    start it, then `other` itself, then the whole list."""
    closest = [c for c in closest if c != intake.NONE_FITS][:3]
    if closest:
        text = ctx.t("idle.suggest_other", names=ctx.join([ctx.category_name(c) for c in closest]))
    else:
        text = ctx.t("idle.suggest", name=ctx.category_name(intake.NONE_FITS))
    buttons = [Button(ctx.category_name(c), callbacks.suggest(c)) for c in closest]
    buttons += [Button(ctx.t("btn.none_of_these") if closest else ctx.t("btn.start_with"),
                       callbacks.suggest(intake.NONE_FITS)),
                Button(ctx.t("btn.other_category"), callbacks.glob("complain"))]
    ctx.say(text + "\n" + ctx.t("notes.kept_for_case"), rows(buttons))


def on_idle_text(ctx: Ctx, text: str) -> None:
    guess = ctx.kb.classify(text)
    told = questions.reading(ctx.wide(text), ctx.kb) == questions.Reading.TOLD  # asks nothing
    if guess.category == intake.NONE_FITS and guess.confidence >= intake.PLAUSIBLE and told:
        notes.keep(ctx, text, "story")
        suggest_nearest(ctx, list(guess.alternatives))
        return
    if guess.category and guess.confidence >= intake.PLAUSIBLE and guess.category != intake.NONE_FITS:
        notes.keep(ctx, text, "story")  # the story goes onto the case the user may now open
        ctx.say(ctx.t("idle.suggest", name=ctx.category_name(guess.category)) + "\n" +
                ctx.t("notes.kept_for_case"), rows([
            Button(ctx.t("btn.start_with"), callbacks.suggest(guess.category)),
            Button(ctx.t("btn.other_category"), callbacks.glob("complain"))]))
        return
    if told:  # "what kind of service is this?": a complaint, of no clear category
        questions.offer_unsure(ctx, text)
        return
    with ctx.answering(text):
        found = ctx.kb.ask(text, ctx.lang)  # "我想起诉商家": not a category, but the base knows
        if found.answer is not None:
            questions.show_answer(ctx, found)
            return
    if guess.category == intake.NONE_FITS and guess.confidence >= intake.PLAUSIBLE:
        notes.keep(ctx, text, "story")  # a complaint none of the named kinds fits, and no question
        suggest_nearest(ctx, list(guess.alternatives))
        return
    ctx.say(ctx.t("idle.fallback"), views.menu(ctx))
