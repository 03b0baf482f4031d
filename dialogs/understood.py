"""Fields understood from the shopper's own words: the opening story and every typed answer.

knowledge.slots finds what a text says about the form; each piece goes through the field's own
reader (the validators, the date parser), fills a field only while it is empty (an answer or
a skip is never overwritten), and is marked as understood in `case.meta["understood"]` until
the shopper confirms or retypes it. The form then asks only what is missing, and the review
card shows which values were understood, each with its one-tap "that's wrong".
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from dialogs import date_order, forms
from dialogs.context import Ctx
from dialogs.snapshot import Case
from dialogs.validators import Invalid, Valid
from knowledge.slots import SAID_DATE, SAID_DEMAND, Found

KEY = "understood"


def marks(case: Case) -> dict[str, str]:
    """Field -> the words it was understood from, for fields not yet confirmed."""
    found = case.meta.get(KEY)
    return found if isinstance(found, dict) else {}


def confirm(case: Case, slot: str) -> None:
    """The shopper answered, kept or retyped this field: it is theirs, no longer a guess."""
    marked = marks(case)
    if slot in marked:
        del marked[slot]
        if not marked:
            case.meta.pop(KEY, None)


def fill(ctx: Ctx, case: Case, text: str, *, story: bool, besides: str = "") -> list[str]:
    """Fill the empty fields this text speaks of; the fields filled, in the form's order.
    The account of what happened is taken only from a story told before the form; `besides`
    is a field left for its own question."""
    order = [s for s in forms.slots_for(ctx.kb, case.category or "") if s != besides]
    if all(s in case.fields or (s == "description" and not story) for s in order):
        return []  # no field left that the text could fill: nothing to read it for
    filled: list[str] = []
    for found in ctx.slots_in(text, _wanted(order, case, story)):
        placed = place(ctx, case, found)
        if placed is None:
            continue
        slot, value = placed
        if slot not in order or slot in case.fields or slot in filled:
            continue
        case.fields[slot] = value
        case.meta.setdefault(KEY, {})[slot] = found.words
        filled.append(slot)
    if filled:
        case.updated_at = ctx.stamp()
    return [s for s in order if s in filled]


def _wanted(order: list[str], case: Case, story: bool) -> frozenset[str]:
    """The slots of knowledge.slots worth reading for: those that could fill an empty field
    (every date the form asks for is one slot there)."""
    empty = [s for s in order if s not in case.fields and (story or s != "description")]
    return frozenset("date" if forms.SLOTS[s].kind == "date" else s for s in empty)


def for_slot(ctx: Ctx, case: Case, slot: str, text: str) -> str | None:
    """The value for `slot` inside a longer answer to its own question ("spent 899 kuai",
    "bought on 11 Nov")."""
    dated = forms.SLOTS[slot].kind == "date"
    for found in ctx.slots_in(text):
        if dated and found.slot == SAID_DATE or dated and found.slot == "date" and (
                slot in found.fields or not _other_date(ctx, case, found)):
            return _date_value(ctx, found)
        if found.slot == SAID_DEMAND:  # named without a word of wanting: asked, so wanted
            found = replace(found, slot="demand")
        placed = place(ctx, case, found)
        if placed is not None and placed[0] == slot:
            return placed[1]
    return None


# where a name typed first ends: a clause mark, or a space before a figure (一双跑鞋 899)
NAME_END = re.compile(r"\s*[，。；！？,;!?]\s*|\s+(?=[\d¥￥$])")
CJK, LATIN_WORD = re.compile(r"[\u3400-\u9fff]"), re.compile(r"[A-Za-z]{2,}")
LEFT_OVER = 2  # characters or words besides the other fields: a unit (块, kuai), no sentence


def leading_name(ctx: Ctx, case: Case, slot: str, text: str) -> str | None:
    """The name a longer answer to a name question starts with ("a rice cooker, 399 kuai"): its
    first part, when the rest says other fields of the form (a price, a date, the platform) and
    the first part says none."""
    parts = NAME_END.split(text.strip(), maxsplit=1)
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return None
    head, tail = parts
    said = [*ctx.slots_in(tail), *(f for f in ctx.slots_in(text) if f.words and f.words in tail)]
    other = [f for f in said if f.slot not in (slot, "description", SAID_DEMAND, SAID_DATE)]
    if not other or {f.slot for f in ctx.slots_in(head)} - {slot, "description"}:
        return None
    left = tail
    for f in other:
        left = left.replace(f.words, " ")
    # the rest is those fields and little else (a unit): a sentence after a name is no answer
    # (Got a call from ..., he says he's Tmall kefu, is that official?)
    figures = ctx.kb.slot_lexicon.names.number_chars  # a figure as typed, in any numerals
    left = "".join(" " if c in figures or c in ",¥￥$" else c for c in left)
    return head if len(CJK.findall(left)) <= LEFT_OVER and len(LATIN_WORD.findall(left)) <= LEFT_OVER \
        else None


def _other_date(ctx: Ctx, case: Case, found: Found) -> bool:
    """The words say this date is another of the form's dates."""
    order = forms.slots_for(ctx.kb, case.category or "")
    return any(f in order for f in found.fields)


def place(ctx: Ctx, case: Case, found: Found) -> tuple[str, str] | None:
    """(field, value as the form stores it), or None when the form has no place for it."""
    category = case.category or ""
    order = forms.slots_for(ctx.kb, category)
    if found.slot == "date":
        slot = next((f for f in found.fields if f in order), None)
        value = _date_value(ctx, found)
        if slot is None or value is None or date_order.conflict(slot, value, case.fields):
            return None
        return slot, value
    if found.slot in ("platform", "demand"):
        allowed = forms.choices_for(ctx.kb, category, found.slot)
        options = [v for v in (found.fields or (found.value,)) if v in allowed]
        return (found.slot, options[0]) if len(options) == 1 else None
    spec = forms.SLOTS.get(found.slot)
    if spec is None or spec.validate is None:
        return None
    result = ctx.valid(spec.validate, found.value)
    return (found.slot, result.value) if isinstance(result, Valid) else None


def _date_value(ctx: Ctx, found: Found) -> str | None:
    """The date through the form's own reader; the finder's reading when the form cannot."""
    result = ctx.valid(forms.SLOTS["paid_on"].validate, found.value)  # type: ignore[arg-type]
    if isinstance(result, Invalid):
        if found.day is None:
            return None
        result = ctx.valid(forms.SLOTS["paid_on"].validate, found.day.isoformat())  # type: ignore[arg-type]
        if isinstance(result, Invalid):
            return None
    if found.at is not None and "T" not in result.value:
        return datetime.combine(datetime.fromisoformat(result.value).date(), found.at) \
            .isoformat(timespec="minutes")
    return result.value


def summary(ctx: Ctx, case: Case, slots: list[str]) -> str:
    """One line: what was understood, and that it can be corrected on the card."""
    from dialogs.views import field_value

    parts = [ctx.t("understood.part", label=ctx.t(f"field.{s}"),
                   value=_short(field_value(ctx, case, s), STORY_PREVIEW if s == "description"
                                else PREVIEW)) for s in slots]
    return ctx.t("understood.summary", fields=ctx.join(parts))


PREVIEW, STORY_PREVIEW = 30, 12  # characters of a value shown in the one-line summary


def _short(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[:limit] + "…"
