"""Free text typed on the review card: a correction of the field it most likely belongs to.

A field named with its new value is that field ("change the amount to 799"); a field's name alone
asks that field again, as its change button does. Else a long text is
the account of what happened, an amount is the amount, a date one of the dates, a long digit
string the order number. When the shape does not say, the user picks the field with buttons (or
keeps the text as a note). Nothing typed is dropped.
"""

from __future__ import annotations

import re

from dialogs import forms, notes, understood, views
from dialogs.button_names import Forms, of_names
from dialogs.context import Ctx, rows
from dialogs.flows.intake import _match_choice, _too_long, go, prefix_then_prompt
from dialogs.snapshot import Case
from dialogs.typed_press import one_named
from dialogs.validators import Invalid
from knowledge.textnorm import typed as normalised
from knowledge.texts import LANGS

STORY_LENGTH = 20  # this long, or with a sentence's punctuation, a text is an account
TEXT_SLOTS = ("shop", "item", "demand", "description")
NAME_LONGEST = 24  # characters: a field's name typed before its value is no longer
SENTENCE = re.compile(r"[，。！？；,.!?;]")


def field_value(ctx: Ctx, case: Case, text: str) -> tuple[str, str] | None:
    """(field, new value) when TEXT names a field and then gives its value: the field as its label
    or the card's change button names it (either language, or a clear short form), a joining word,
    the value. A number, an amount or a date may follow the name directly; any other value needs
    a word that says it replaces the field's (or a colon) and is no sentence."""
    slots = forms.slots_for(ctx.kb, case.category or "")
    choices = {slot: _field_names(ctx, slot) for slot in slots}
    for cut in range(1, min(len(text), NAME_LONGEST)):
        value, join = ctx.kb.answer_words.after_join(text[cut:])
        if not value:
            continue
        slot = one_named(ctx, text[:cut], choices)
        if slot is None or slot not in forms.NUMERIC_SLOTS and (join != "change" or
                                                                SENTENCE.search(value)):
            continue
        if _valid(ctx, slot, value):
            return slot, value
    return None


def _field_names(ctx: Ctx, slot: str) -> Forms:
    """A field's names: its label, and the review card's button that changes it."""
    def build() -> Forms:
        texts = ctx.kb.texts
        labels = [texts.t(lang, f"field.{slot}") for lang in LANGS]
        edits = [texts.t(lang, "btn.edit", label=label) for lang, label in zip(LANGS, labels, strict=True)]
        return of_names(ctx.kb, [*labels, *edits])
    return ctx.kb.texts.built(("field_names", slot), "all", build)


def candidates(ctx: Ctx, case: Case, text: str) -> list[str]:
    """The fields this text could correct, most likely first; one means no doubt."""
    slots = forms.slots_for(ctx.kb, case.category or "")
    typed = normalised(text)
    if _valid(ctx, "order_no", typed) and re.fullmatch(r"[\d\s\-]+", typed):
        return ["order_no"]
    dates = [s for s in slots if forms.SLOTS[s].kind == "date"]
    if dates and _valid(ctx, dates[0], typed):
        return dates
    if ctx.kb.form_words.amount_shape.match(typed) and _valid(ctx, "amount", typed):
        return ["amount"]
    for slot in ("platform", "demand"):
        if _match_choice(ctx.kb, slot, case.category or "", typed, False) is not None:
            return [slot]
    if len(typed) >= STORY_LENGTH or re.search(r"[，。！？,.!?；;]", typed.rstrip("。.!！")):
        return ["description"]
    return [s for s in TEXT_SLOTS if s in slots and _valid(ctx, s, typed)]


def _valid(ctx: Ctx, slot: str, text: str) -> bool:
    spec = forms.SLOTS[slot]
    return spec.validate is not None and not isinstance(spec.validate(text, ctx.today, ctx.kb), Invalid)


def on_text(ctx: Ctx, case: Case, text: str) -> None:
    named = field_value(ctx, case, text)
    if named is not None:
        put(ctx, case, *named)
        return
    slots = forms.slots_for(ctx.kb, case.category or "")
    alone = one_named(ctx, text, {slot: _field_names(ctx, slot) for slot in slots})
    if alone is not None:  # a field's name alone: that field's question, as its button asks it
        s = ctx.snap.session
        s.slot, s.editing, ctx.kept = alone, True, True
        go(ctx, "edit_field")
        ctx.say(*views.question(ctx, alone))
        return
    found = candidates(ctx, case, text)
    if len(found) == 1:
        put(ctx, case, found[0], text)
        return
    seq = ctx.new_question()
    ctx.snap.session.pending_text = text
    buttons = [ctx.answer_button(seq, ctx.t("btn.put", label=ctx.t(f"field.{s}")), f"put:{s}")
               for s in found]
    buttons.append(ctx.answer_button(seq, ctx.t("review.put.note"), "put:!note"))
    ctx.kept = True  # quoted back in the question
    ctx.say(ctx.t("review.put.ask", text=text.strip()), rows(buttons))


def on_press(ctx: Ctx, case: Case, slot: str) -> None:
    s = ctx.snap.session
    text, s.pending_text = s.pending_text, None
    if text is None:
        prefix_then_prompt(ctx, ctx.t("stale.button"))
    elif slot == "!note":
        notes.add(ctx, case, text, "unplaced")
        prefix_then_prompt(ctx, ctx.t("review.put.noted", text=text.strip()))
    elif slot in forms.slots_for(ctx.kb, case.category or ""):
        put(ctx, case, slot, text)
    else:
        prefix_then_prompt(ctx, ctx.t("stale.button"))


def put(ctx: Ctx, case: Case, slot: str, text: str) -> None:
    """The text becomes the field's new value; the old one is kept as a note."""
    spec = forms.SLOTS[slot]
    value: str | None
    if spec.kind == "choice" and _match_choice(ctx.kb, slot, case.category or "", text, False):
        value = _match_choice(ctx.kb, slot, case.category or "", text, False)
    else:
        result = spec.validate(text, ctx.today, ctx.kb) if spec.validate else None
        if isinstance(result, Invalid) and result.code == "too_long":
            value = _too_long(ctx, slot, text, result)
        elif result is None or isinstance(result, Invalid):
            notes.add(ctx, case, text, "unplaced")
            prefix_then_prompt(ctx, ctx.t("review.put.noted", text=text.strip()))
            return
        else:
            value = result.value
    if value is None:
        return
    notes.replaced(ctx, case, slot, value)
    case.fields[slot] = value
    understood.confirm(case, slot)
    case.updated_at = ctx.stamp()
    ctx.kept = True
    prefix_then_prompt(ctx, ctx.t("review.put.done", label=ctx.t(f"field.{slot}"),
                                  value=views.field_value(ctx, case, slot)))
