"""The complaint form: choosing the category, filling slots, reviewing, filing, cancelling."""

from __future__ import annotations

import re
from dataclasses import replace

from dialogs import callbacks, date_order, forms, notes, understood, views
from dialogs.actions import SendText
from dialogs.clean import visible
from dialogs.context import Ctx, rows
from dialogs.machines import DIALOG, fire
from dialogs.snapshot import Case
from dialogs.states import IN_FORM
from dialogs.states import DialogState as D
from dialogs.validators import Invalid
from knowledge.base import KnowledgeBase
from knowledge.textnorm import plain
from knowledge.textnorm import typed as normalised

CONFIDENT = 0.75  # a classifier guess at or above this is taken; below it, the user confirms
NONE_FITS = "other"  # FACTS §2.13: none of the named categories fits
PLAUSIBLE = 0.3


def go(ctx: Ctx, trigger: str) -> None:
    s = ctx.snap.session
    s.state = fire(DIALOG, s.state, trigger)


# ---- prompts -------------------------------------------------------------------------------

def prompt(ctx: Ctx) -> None:
    """Ask again whatever the current state is waiting for."""
    state = ctx.snap.session.state
    if state == D.CHOOSING_CATEGORY:
        ctx.say(ctx.t("ask.category"), views.category_keyboard(ctx, ctx.new_question()))
    elif state == D.CONFIRMING_CATEGORY:
        ask_guess(ctx, ctx.snap.session.guess or NONE_FITS, ctx.snap.session.guess_others)
    elif state == D.FILLING and ctx.snap.session.slot:
        ctx.say(*views.question(ctx, ctx.snap.session.slot))
    elif state == D.REVIEWING and ctx.case:
        ctx.say(*views.review(ctx, ctx.case))
    elif state == D.RECORDING_EVENT:
        from dialogs.flows.progress import prompt_time

        prompt_time(ctx)
    elif state == D.CONFIRMING_CANCEL:
        seq = ctx.new_question()
        ctx.say(ctx.t("cancel.confirm"), rows([
            ctx.answer_button(seq, ctx.t("btn.cancel_yes"), "!yes"),
            ctx.answer_button(seq, ctx.t("btn.cancel_no"), "!no")]))


def prefix_then_prompt(ctx: Ctx, text: str, *, alone: bool = True) -> None:
    """One message: a short remark followed by the current question. When no question is
    open, the remark is said by itself, or (alone=False) not at all."""
    before = len(ctx.out)
    prompt(ctx)
    if len(ctx.out) > before:
        first = ctx.out[before]
        assert isinstance(first, SendText)
        ctx.out[before] = replace(first, text=f"{text}\n\n{first.text}")
    elif alone:
        ctx.say(text)


def resume(ctx: Ctx) -> None:
    """After a detour, the question the dialog waits on, again; nothing when none is open
    (handed over to an adviser, say) rather than a lone "back to the last question:"."""
    prefix_then_prompt(ctx, ctx.t("form.resume"), alone=False)


def ask_guess(ctx: Ctx, slug: str, alternatives: list[str]) -> None:
    if slug == NONE_FITS:
        ask_none_fits(ctx, alternatives)
        return
    seq = ctx.new_question()
    text = ctx.t("category.guess", name=ctx.category_name(slug))
    buttons = [ctx.answer_button(seq, ctx.t("btn.yes_category"), "!yes")]
    alts = [a for a in alternatives if a != slug][:3]
    if alts:
        text += "\n" + ctx.t("category.guess_alternatives",
                             names=ctx.join([ctx.category_name(a) for a in alts]))
        buttons += [ctx.answer_button(seq, ctx.category_name(a), a) for a in alts]
    buttons.append(ctx.answer_button(seq, ctx.t("btn.other_category"), "!other"))
    ctx.say(text, rows(buttons))


def ask_none_fits(ctx: Ctx, closest: list[str]) -> None:
    """None of the named categories fits (FACTS §2.13): the nearest ones first, each a button, then
    `other` itself, then the whole list."""
    seq = ctx.new_question()
    closest = [c for c in closest if c != NONE_FITS][:3]
    if closest:
        text = ctx.t("category.guess_other", names=ctx.join([ctx.category_name(c) for c in closest]))
    else:
        text = ctx.t("category.guess_other_alone")
    buttons = [ctx.answer_button(seq, ctx.category_name(c), c) for c in closest]
    buttons.append(ctx.answer_button(seq, ctx.t("btn.none_of_these"), "!yes"))
    buttons.append(ctx.answer_button(seq, ctx.t("btn.other_category"), "!other"))
    ctx.say(text, rows(buttons))


# ---- category ------------------------------------------------------------------------------

def start(ctx: Ctx, slug: str | None = None) -> None:
    go(ctx, "start_complaint")
    if slug:
        choose_category(ctx, slug)
    else:
        prompt(ctx)


def on_category_text(ctx: Ctx, text: str) -> None:
    by_name = {plain(c.name.get(lang)): c.slug for c in ctx.kb.categories for lang in ("zh", "en")}
    if plain(text) in by_name:
        ctx.kept = True  # a category's name: the choice is what is stored
        choose_category(ctx, by_name[plain(text)])
        return
    notes.keep(ctx, text, "story")  # the story itself goes onto the case, word for word
    guess = ctx.kb.classify(text)
    if guess.category and guess.confidence >= CONFIDENT:
        choose_category(ctx, guess.category)
    elif guess.category and guess.confidence >= PLAUSIBLE:
        ctx.snap.session.guess = guess.category
        ctx.snap.session.guess_others = list(guess.alternatives)
        if ctx.snap.session.state == D.CHOOSING_CATEGORY:
            go(ctx, "category_unsure")
        ask_guess(ctx, guess.category, list(guess.alternatives))
    else:
        prefix_then_prompt(ctx, ctx.t("category.not_understood"))


def on_category_value(ctx: Ctx, value: str) -> None:
    s = ctx.snap.session
    if value == "!yes" and s.guess:
        choose_category(ctx, s.guess)
    elif value == "!other":
        s.guess, s.guess_others = None, []
        if s.state == D.CONFIRMING_CATEGORY:
            go(ctx, "category_rejected")
        prompt(ctx)
    elif value in {c.slug for c in ctx.kb.categories}:
        choose_category(ctx, value)
    else:
        prefix_then_prompt(ctx, ctx.t("invalid.choice"))


# Categories whose first words are what to do right now (a scam: stop paying, call 110).
URGENT_FIRST = frozenset({"fraud"})


def choose_category(ctx: Ctx, slug: str) -> None:
    s = ctx.snap.session
    s.guess, s.guess_others = None, []
    case = ctx.case
    if case is None or not case.is_draft:
        case = Case(id=ctx.snap.next_case_id, user_id=s.user_id, created_at=ctx.stamp())
        ctx.snap.next_case_id += 1
        ctx.snap.cases[case.id] = case
        s.current_case_id = case.id
        s.trail = []
        notes.attach_pending(ctx, case)
    case.category = slug
    case.updated_at = ctx.stamp()
    if s.state != D.FILLING:
        go(ctx, "category_chosen")
    filled = _from_stories(ctx, case)
    if slug in URGENT_FIRST:  # what cannot wait for the form comes before its first question
        ctx.say(ctx.t(f"category.urgent.{slug}"))
    chosen = ctx.t("category.chosen", name=ctx.category_name(slug))
    ctx.say(chosen + ("\n" + understood.summary(ctx, case, filled) if filled else ""))
    s.editing = False
    advance(ctx)


def _from_stories(ctx: Ctx, case: Case) -> list[str]:
    """The stories told so far fill the fields they speak of, the latest first; the latest
    one is also the account of what happened. The form then skips those questions."""
    stories = [n.text for n in reversed(case.notes) if n.kind == "story"]
    filled: set[str] = set()
    for i, told in enumerate(stories):
        filled.update(understood.fill(ctx, case, told, story=i == 0))
    return [s for s in forms.slots_for(ctx.kb, case.category or "") if s in filled]


# ---- slots ---------------------------------------------------------------------------------

def advance(ctx: Ctx) -> None:
    """Ask the next unanswered slot, or show the review card when the form is complete."""
    s, case = ctx.snap.session, ctx.case
    assert case is not None and case.category
    slot = forms.next_slot(ctx.kb, case.category, case.fields)
    if slot is None or s.editing:
        s.slot, s.editing = None, False
        go(ctx, "form_complete")
        ctx.say(*views.review(ctx, case))
        return
    s.slot = slot
    go(ctx, "slot_filled")
    ctx.say(*views.question(ctx, slot))


def on_slot_answer(ctx: Ctx, raw: str, pressed: bool = False) -> None:
    s, case = ctx.snap.session, ctx.case
    assert case is not None and case.category and s.slot
    spec = forms.SLOTS[s.slot]
    if raw == "!skip":
        skip(ctx)
        return
    if raw == "!back":
        back(ctx)
        return
    if raw == "!keep" and s.slot in case.fields:
        understood.confirm(case, s.slot)
        advance(ctx)  # the stored answer stands
        return
    if raw == "!story" and pressed and views.story(case):
        raw, pressed = views.story(case), False  # the story told at the start is the account
    typed = raw
    if not pressed:
        raw = _within(ctx, case, spec, raw)
        if raw == typed and not _answers(ctx, case, spec, raw):
            _fill_others(ctx, case, spec.name, typed)
    value = _read(ctx, spec, raw, case.category, pressed)
    if value is None:
        return
    if raw != typed:  # the value was read out of a longer answer: the words are kept too
        notes.add(ctx, case, typed, "answer", s.slot)
    notes.replaced(ctx, case, s.slot, value)
    case.fields[s.slot] = value
    understood.confirm(case, s.slot)
    ctx.kept = True
    case.updated_at = ctx.stamp()
    s.trail.append(s.slot)
    filled = [] if pressed or _taken_whole(ctx, case, spec, typed, raw) else \
        understood.fill(ctx, case, typed, story=False)
    if filled:
        ctx.say(understood.summary(ctx, case, filled))
    advance(ctx)


def _within(ctx: Ctx, case: Case, spec: forms.Slot, raw: str) -> str:
    """A typed answer its question cannot read as it stands ("spent 899 kuai", "bought on 11 Nov"):
    the value for this question found inside it, else the answer unchanged."""
    if spec.kind == "choice":
        if _match_choice(ctx.kb, spec.name, case.category or "", raw, False) is not None:
            return raw
    elif spec.name in NAMES:  # the name said inside a sentence, when the finder sees one
        found = understood.for_slot(ctx, case, spec.name, raw)
        if found and _sentence_around(raw, found):
            return found
        name = understood.leading_name(ctx, case, spec.name, raw)
        # a name that its own check refuses ("0" of "0!10") is no name: the answer is quoted whole
        valid = name and (spec.validate is None or not isinstance(ctx.valid(spec.validate, name), Invalid))
        return name if valid else raw
    elif spec.validate is None or not isinstance(ctx.valid(spec.validate, raw), Invalid) or \
            spec.name == "description":
        return raw
    return understood.for_slot(ctx, case, spec.name, raw) or raw


NAMES = frozenset({"shop", "item"})  # fields whose reader takes any text: a sentence too
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _sentence_around(raw: str, name: str) -> bool:
    """The answer says more than the name: two or more Chinese characters or English words
    besides it. A name typed whole with a short tail ("Li & Co", a number before it) stays whole."""
    rest = raw.replace(name, " ", 1)
    return len(_CJK.findall(rest)) >= 2 or len(_LATIN_WORD.findall(rest)) >= 2


def _answers(ctx: Ctx, case: Case, spec: forms.Slot, raw: str) -> bool:
    """The typed text is an answer this question can take as it stands."""
    if spec.kind == "choice":
        return spec.free_text or \
            _match_choice(ctx.kb, spec.name, case.category or "", raw, False) is not None
    return spec.validate is None or not isinstance(ctx.valid(spec.validate, raw), Invalid)


def _fill_others(ctx: Ctx, case: Case, slot: str, typed: str) -> None:
    """An answer that does not answer this question ("I want a refund" asked for a date) still
    fills the other empty fields it speaks of, before the question is asked again."""
    filled = understood.fill(ctx, case, typed, story=False, besides=slot)
    if filled:
        ctx.kept = True
        ctx.say(understood.summary(ctx, case, filled))


def _taken_whole(ctx: Ctx, case: Case, spec: forms.Slot, typed: str, raw: str) -> bool:
    """The answer is a button's label typed out, or a number or date its reader took whole:
    like a press, it holds nothing for the other fields and is not read for them."""
    if raw != typed:
        return False
    if spec.kind == "choice":
        return case.fields[spec.name] in forms.choices_for(ctx.kb, case.category or "", spec.name)
    return spec.name in forms.NUMERIC_SLOTS


def _read(ctx: Ctx, spec: forms.Slot, raw: str, category: str, pressed: bool) -> str | None:
    """The slot's value from a press or a typed answer; None after telling the user why not."""
    if spec.kind == "date" and raw in ("today", "yesterday"):
        raw, pressed = ctx.t(f"btn.{raw}"), False  # as if the button's word was typed
    if spec.kind == "choice":
        picked = _match_choice(ctx.kb, spec.name, category, raw, pressed)
        if picked == "other":
            ctx.kept = True
            ctx.say(ctx.t("ask.demand_other"))
            return None
        if picked is not None:
            return picked
        if pressed or not spec.free_text:
            refuse(ctx, raw, ctx.t("invalid.choice"), pressed)
            return None
    if pressed or spec.validate is None:  # a stray press on a typed-answer question
        refuse(ctx, raw, ctx.t("invalid.choice"), pressed)
        return None
    result = ctx.valid(spec.validate, raw)
    if isinstance(result, Invalid) and result.code == "too_long":
        return _too_long(ctx, spec.name, raw, result)
    if isinstance(result, Invalid):
        refuse(ctx, raw, ctx.t(f"invalid.{result.code}", **result.params))
        return None
    clash = date_order.conflict(spec.name, result.value, ctx.case.fields) if ctx.case else None
    if clash is not None:
        key = "invalid.date_before" if clash.earlier else "invalid.date_after"
        refuse(ctx, raw, ctx.t(key, this=ctx.t(f"field.{spec.name}"), day=result.value[:10],
                               other=ctx.t(f"field.{clash.other}"),
                               other_day=clash.other_day.isoformat()))
        return None
    return result.value


QUOTE_MAX = 200  # a refused text up to this long is quoted back; a longer one becomes a note


def refuse(ctx: Ctx, raw: str, reason: str, pressed: bool = False) -> None:
    """Say why a typed answer is not taken, quoting it so nothing is lost (a long one is kept
    as a note instead), then ask again."""
    shown = visible(raw).strip()  # never echo escape sequences or bidi controls back
    if not pressed and shown:
        if len(raw) <= QUOTE_MAX:
            reason = ctx.t("refused.quote", text=shown) + "\n" + reason
            ctx.kept = True
        else:
            notes.keep(ctx, raw, "unplaced", ctx.snap.session.slot or "")
    prefix_then_prompt(ctx, reason)


def _too_long(ctx: Ctx, slot: str, raw: str, result: Invalid) -> str | None:
    """Longer than the field takes: the whole text is kept as a note. The account of what
    happened is taken as far as it fits; a short field asks again for the short answer."""
    notes.keep(ctx, raw, "long", slot)
    limit = int(result.params["max"])
    if slot != "description":
        prefix_then_prompt(ctx, ctx.t("invalid.too_long", **result.params))
        return None
    taken = forms.SLOTS[slot].validate(cut(raw.strip(), limit), ctx.today, ctx.kb)  # type: ignore[misc]
    value = taken.value if not isinstance(taken, Invalid) else cut(raw.strip(), limit)
    ctx.say(ctx.t("long.kept", n=result.params["n"], max=limit, used=len(value)))
    return value


def cut(text: str, limit: int) -> str:
    """At most `limit` characters, ending at a sentence end when one is near the limit."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(mark) for mark in "。！？!?\n.；;")
    return head[:end + 1] if end >= limit * 0.8 else head


def no_such_button(ctx: Ctx, text: str) -> bool:
    """A bare small number where the answer is no number: a button that does not exist.
    Says so, with the buttons again."""
    typed = normalised(ctx.wide(text)).strip("[]【】（）()")
    s = ctx.snap.session
    if not 1 <= (callbacks.number(typed) or 0) <= 99 or s.state not in BUTTON_STATES or \
            (s.state == D.FILLING and s.slot in forms.AMOUNT_SLOTS):
        return False
    ctx.kept = True
    if s.state == D.IDLE:
        ctx.say(ctx.t("nav.no_such_button", n=text.strip()), views.menu(ctx))
    else:
        prefix_then_prompt(ctx, ctx.t("nav.no_such_button", n=text.strip()))
    return True


BUTTON_STATES = IN_FORM | {D.IDLE, D.RECORDING_EVENT}


def _match_choice(kb: KnowledgeBase, slot: str, category: str, raw: str, pressed: bool) -> str | None:
    choices = forms.choices_for(kb, category, slot)
    texts = kb.texts
    if pressed:
        return raw if raw in choices else None
    typed = plain(raw)
    for choice in choices:
        if typed == choice or typed in texts.said(f"choice.{slot}.{choice}"):
            return choice
    return None


def skip(ctx: Ctx) -> None:
    s, case = ctx.snap.session, ctx.case
    if s.state == D.IDLE:
        ctx.say(ctx.t("nav.nothing"))
        return
    if s.state == D.REVIEWING:
        prefix_then_prompt(ctx, ctx.t("skip.review"))
        return
    if s.state in (D.CHOOSING_CATEGORY, D.CONFIRMING_CATEGORY):
        prefix_then_prompt(ctx, ctx.t("skip.category"))
        return
    if s.state != D.FILLING or case is None or not s.slot or \
            not forms.is_optional(ctx.kb, case.category or "", s.slot):
        prefix_then_prompt(ctx, ctx.t("skip.not_allowed"))
        return
    notes.replaced(ctx, case, s.slot, "")  # skipping an answered question keeps the answer
    case.fields[s.slot] = ""
    understood.confirm(case, s.slot)
    s.trail.append(s.slot)
    advance(ctx)


def back(ctx: Ctx) -> None:
    """Move to the question before this one, in the form's order. Nothing is deleted: the
    stored answer is shown with the question and stays unless the user types a new one."""
    s, case = ctx.snap.session, ctx.case
    if s.state == D.IDLE:
        ctx.say(ctx.t("nav.nothing"))
        return
    if s.state in (D.FILLING, D.REVIEWING) and case is not None:
        s.editing = False
        order = forms.slots_for(ctx.kb, case.category or "")
        here = order.index(s.slot) if s.state == D.FILLING and s.slot in order else len(order)
        if here == 0:
            go(ctx, "back_to_category" if s.state == D.FILLING else "change_category")
            prompt(ctx)
            return
        if s.state == D.REVIEWING:
            go(ctx, "edit_field")
        s.slot = order[here - 1]
        ctx.say(*views.question(ctx, s.slot))
        return
    prefix_then_prompt(ctx, ctx.t("back.at_start"))
