"""Collective complaints, the shopper's side: agreeing (or not) to count a filed case in its
shop's tally, saying which shop when names are alike, being told the counts, withdrawing.

Not counted unless the shopper presses to be counted. What a shopper is told about others is
numbers only — how many, of which kinds, over which months — from the notes the store loaded
(dialogs/tally_notes.py). Callback data: y:<case>:<act>, act = yes | no | new | same.<shop> | off.
"""

from __future__ import annotations

from dialogs import callbacks
from dialogs.actions import Button, Keyboard, TallyChange
from dialogs.context import Ctx, rows
from dialogs.snapshot import Case
from dialogs.tally_notes import Counts, TallyNote
from dialogs.texts import shorten


def note_for(ctx: Ctx, case: Case) -> TallyNote | None:
    return ctx.snap.tally.get(case.id)


def offer(ctx: Ctx, case: Case) -> tuple[str, Keyboard]:
    """On filing: may the case count in its shop's tally? Not unless the shopper says so. The
    question and its buttons, for the filing message; ("", ()) when there is nothing to ask."""
    note = note_for(ctx, case)
    if note is None or note.counted or not note.shop:
        return "", ()
    lines = [counts_text(ctx, note.others)] if note.others.total else []
    lines.append(ctx.t("tally.ask", shop=note.shop))
    return "\n".join(lines), ((Button(ctx.t("btn.tally_yes"), press(case.id, "yes")),
                               Button(ctx.t("btn.tally_no"), press(case.id, "no"))),)


def press(case_id: int, act: str) -> str:
    return callbacks.tally(case_id, act)


def answers_which(value: str) -> bool:
    """A press answering "which of these shops?" (its own message: shown as answered). The
    consent buttons sit on the filing message and the card, whose other buttons stay."""
    act = value.partition(":")[2]
    return act == "new" or act.startswith("same.")


def on_press(ctx: Ctx, value: str) -> None:
    case_id, _, act = value.partition(":")
    case = ctx.snap.cases.get(callbacks.number(case_id) or -1)
    note = note_for(ctx, case) if case is not None else None
    if case is None or note is None:
        ctx.say(ctx.t("tally.stale"))
        return
    if act == "no":
        ctx.say(ctx.t("tally.declined"))
    elif act == "off":
        leave(ctx, case, note)
    elif note.counted:
        ctx.say(ctx.t("tally.already", shop=own_name(note)))
    elif act == "yes":
        agree(ctx, case, note)
    elif act == "new":
        join(ctx, case, None, note.shop, Counts())  # a shop of its own: no one else there yet
    elif act.startswith("same.") and callbacks.number(act[5:]) is not None:
        chosen = next((s for s in note.similar if s.id == int(act[5:])), None)
        if chosen is None:  # not one the shopper was offered on this very press: ask again
            agree(ctx, case, note)
        else:
            join(ctx, case, chosen.id, chosen.name, None)
    else:
        ctx.say(ctx.t("tally.stale"))


def agree(ctx: Ctx, case: Case, note: TallyNote) -> None:
    """The same shop is joined; alike names are put to the shopper; else a shop of its own."""
    if note.shop_id is not None:
        join(ctx, case, note.shop_id, note.shop, note.others)
    elif note.similar:
        buttons = [Button(shorten(ctx.t("btn.tally_same", name=s.name)),
                          press(case.id, f"same.{s.id}")) for s in note.similar]
        buttons.append(Button(ctx.t("btn.tally_none"), press(case.id, "new")))
        ctx.say(ctx.t("tally.which", shop=note.shop), rows(buttons, width=1))
    else:
        join(ctx, case, None, note.shop, Counts())


def join(ctx: Ctx, case: Case, shop_id: int | None, name: str, others: Counts | None) -> None:
    """`others`: the counts at that shop, None when not at hand (then /status shows them)."""
    ctx.out.append(TallyChange(op="join", user_id=case.user_id, case_id=case.id,
                               shop_id=shop_id))
    lines = [ctx.t("tally.joined", shop=name)]
    if others is None:
        lines.append(ctx.t("tally.counts_later"))
    else:
        lines.append(counts_text(ctx, others) if others.total else ctx.t("tally.first"))
    lines.append(ctx.t("tally.how_to_leave"))
    ctx.say("\n".join(lines))


def leave(ctx: Ctx, case: Case, note: TallyNote) -> None:
    if not note.counted:
        ctx.say(ctx.t("tally.not_counted", id=case.id))
        return
    ctx.out.append(TallyChange(op="leave", user_id=case.user_id, case_id=case.id))
    ctx.say(ctx.t("tally.left", id=case.id, shop=own_name(note)))


def withdraw_all(ctx: Ctx) -> None:
    """/withdraw: every counted case of the shopper leaves every tally."""
    counted = [n for n in ctx.snap.tally.values() if n.counted]
    if not counted:
        ctx.say(ctx.t("tally.left_none"))
        return
    ctx.out.append(TallyChange(op="leave", user_id=ctx.snap.session.user_id, case_id=None))
    ctx.say(ctx.t("tally.left_all", n=len(counted)))


def own_name(note: TallyNote) -> str:
    """The shop as this shopper wrote it: another shopper's spelling is shown only when the
    shopper is asked which of the alike shops theirs is."""
    return note.shop or note.shop_name


def counts_text(ctx: Ctx, counts: Counts) -> str:
    """How many, of which kinds, over which months: the only thing told about other cases."""
    kinds = ctx.join([ctx.t("tally.kind", category=ctx.category_name(c), n=n)
                      for c, n in counts.by_category])
    period = counts.first_month if counts.first_month == counts.last_month else \
        ctx.t("tally.period", first=counts.first_month, last=counts.last_month)
    return ctx.t("tally.others", n=counts.total, kinds=kinds, period=period)


def status_line(ctx: Ctx, case: Case) -> str:
    note = note_for(ctx, case)
    if note is None:
        return ""
    if note.counted:
        return ctx.t("tally.status_counted", shop=own_name(note), n=note.others.total)
    if note.shop and note.others.total:
        return ctx.t("tally.status_others", n=note.others.total)
    return ""


def status_buttons(ctx: Ctx, case: Case) -> Keyboard:
    note = note_for(ctx, case)
    if note is None or (not note.counted and not note.shop):
        return ()
    if note.counted:
        return ((Button(ctx.t("btn.tally_leave"), press(case.id, "off")),),)
    return ((Button(ctx.t("btn.tally_join"), press(case.id, "yes")),),)


def similar_complaints(note: TallyNote | None) -> dict[str, object] | None:
    """For the letters to 12315 and the consumer association: the number of other shoppers'
    consenting complaints about the same shop (None when there are none)."""
    if note is None or note.shop_id is None or not note.others.total:
        return None
    c = note.others
    return {"total": c.total, "same_category": c.same_category, "first": c.first_month,
            "last": c.last_month}
