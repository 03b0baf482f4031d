"""Cards and keyboards the engine shows: menu, category choice, questions, review, status, cases."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from dialogs import callbacks, forms, understood
from dialogs.actions import Button, Keyboard
from dialogs.context import Ctx, rows
from dialogs.dates import day_text, minute_text
from dialogs.markup import code
from dialogs.snapshot import Case
from knowledge.commands import SHOPPER

# the main menu's buttons: (text key, callback data), the same for everyone
MENU = tuple((f"menu.{n}", callbacks.glob(n))
             for n in ("complain", "status", "cases", "human", "help", "lang"))


def menu(ctx: Ctx) -> Keyboard:
    """The main menu in the reply's language: the same buttons for everyone, built once."""
    return ctx.kb.texts.built("menu", ctx.lang,
                              lambda: rows([Button(ctx.t(key), data) for key, data in MENU]))


def help_text(ctx: Ctx) -> str:
    """/help: every shopper command of the command list, with the word that also asks for it."""
    advisers = ctx.snap.desk.configured
    lines = [ctx.t("help.title")]
    for command in ctx.kb.commands.of(SHOPPER, advisers):
        text, phrase = command.help_line(ctx.lang, advisers), command.say.get(ctx.lang)
        lines.append(ctx.t("help.line_said", command=command.name, phrase=phrase, text=text)
                     if phrase else ctx.t("help.line", command=command.name, text=text))
    return "\n".join(lines)


def category_keyboard(ctx: Ctx, seq: int) -> Keyboard:
    # the categories' names in the reply's language: the same for every asking (kept with the
    # base's texts, keyed by its categories)
    slugs = ctx.kb.category_slugs
    pairs = ctx.kb.texts.built(("categories", slugs), ctx.lang, lambda: tuple(
        (c.name.get(ctx.lang), c.slug) for c in ctx.kb.categories))
    return rows(answers(seq, pairs), width=3)


COPYABLE = frozenset({"order_no"})  # shown as code: a tap copies it (with the amounts)


def field_value(ctx: Ctx, case: Case, slot: str, copyable: bool = False) -> str:
    """The field as the user reads it; `copyable`: order number and amounts marked as code."""
    value = case.fields.get(slot)
    if not value:
        return ctx.t("review.skipped")
    spec = forms.SLOTS[slot]
    if spec.kind == "choice" and value in forms.choices_for(ctx.kb, case.category or "", slot):
        return ctx.t(f"choice.{slot}.{value}")
    if slot in forms.AMOUNT_SLOTS:
        return ctx.t("amount.value", amount=code(value) if copyable else value)
    return code(value) if copyable and slot in COPYABLE else value


def question(ctx: Ctx, slot: str) -> tuple[str, Keyboard]:
    """The question for `slot` with its buttons, numbered so old keyboards can be told apart."""
    case = ctx.case
    category = case.category if case and case.category else ""
    seq = ctx.new_question()
    spec = forms.SLOTS[slot]
    choices = forms.choices_for(ctx.kb, category, slot) if spec.kind == "choice" else ()
    optional = forms.is_optional(ctx.kb, category, slot)
    asked = ctx.kb.texts.built(("ask", slot, choices, optional), ctx.lang,
                               lambda: _asked(ctx, slot, choices, optional))
    text, pairs = asked.text, asked.head
    if slot == "description" and case is not None and not case.fields.get(slot) and story(case):
        told = story(case)
        text += "\n" + ctx.t("ask.description_story",
                             story=told if len(told) <= PREVIEW else told[:PREVIEW] + "…")
        pairs = (*pairs, (asked.use_story, "!story"))
    nav = asked.nav
    if case is not None and case.fields.get(slot):  # asked again (/back, an edit): keep or retype
        text += "\n" + ctx.t("ask.current", value=field_value(ctx, case, slot))
        nav = asked.nav_keep
    return text, (*rows(answers(seq, (*pairs, *asked.tail)), width=2), tuple(answers(seq, nav)))


@dataclass(frozen=True)
class Asked:
    """A question's words and its buttons' (label, value) pairs: the same for every asking."""

    text: str
    head: tuple[tuple[str, str], ...]  # the choices, or today / yesterday
    tail: tuple[tuple[str, str], ...]  # skip, when the question may be skipped
    use_story: str
    nav: tuple[tuple[str, str], ...]  # back
    nav_keep: tuple[tuple[str, str], ...]  # keep, back: for a question answered before


def _asked(ctx: Ctx, slot: str, choices: tuple[str, ...], optional: bool) -> Asked:
    text, head = ctx.t(f"ask.{slot}"), tuple((ctx.t(f"choice.{slot}.{c}"), c) for c in choices)
    if forms.SLOTS[slot].kind == "date":
        text += "\n" + ctx.t("hint.date")
        head = ((ctx.t("btn.today"), "today"), (ctx.t("btn.yesterday"), "yesterday"))
    back = (ctx.t("btn.back"), "!back")
    return Asked(text, head, ((ctx.t("btn.skip"), "!skip"),) if optional else (),
                 ctx.t("btn.use_story"), (back,), ((ctx.t("btn.keep"), "!keep"), back))


def answers(seq: int, pairs: Iterable[tuple[str, str]]) -> list[Button]:
    """Answer buttons of question `seq`: (label, value) pairs (callbacks.form(seq, value))."""
    head = callbacks.form(seq, "")
    room = callbacks.MAX_BYTES - len(head)  # an ASCII value this long fits: no check needed
    return [Button(label, head + value if value.isascii() and len(value) <= room else
                   callbacks.form(seq, value)) for label, value in pairs]


PREVIEW = 80  # characters of an earlier story shown with the question


def story(case: Case) -> str:
    """What the user told before the form started (the latest such note), if anything."""
    told = [n.text for n in case.notes if n.kind == "story"]
    return told[-1] if told else ""


def review(ctx: Ctx, case: Case) -> tuple[str, Keyboard]:
    seq = ctx.new_question()
    slots = forms.slots_for(ctx.kb, case.category or "")
    card = review_card(ctx, slots)
    guessed = understood.marks(case)
    mark = card.mark if guessed else ""
    lines = [*card.title, ctx.t("field.line", label=card.category,
                                value=ctx.category_name(case.category))]
    lines += [ctx.t("field.line", label=card.labels[s], value=field_value(ctx, case, s, copyable=True))
              + (mark if s in guessed else "") for s in slots]
    if case.notes:
        lines.append(ctx.t("notes.count", n=len(case.notes)))
    lines += card.footer
    if guessed and any(s in guessed for s in slots):
        lines.append(card.understood)
    # what was understood comes first, as "that's wrong": one tap asks the field again
    if guessed:
        edits = [card.wrong[s] for s in slots if s in guessed]
        edits += [card.edit[s] for s in slots if s not in guessed]
    else:
        edits = [card.edit[s] for s in slots]
    keyboard = (tuple(answers(seq, card.submit)),
                *rows(answers(seq, (*edits, card.edit_category)), width=2))
    return "\n".join(lines), keyboard


Pair = tuple[str, str]  # an answer button's label and value


@dataclass(frozen=True)
class ReviewCard:
    """The review card's words and buttons for one form's fields, in one language: the same for
    every review of those fields, built once per texts object."""

    title: tuple[str, ...]
    category: str  # the category's label
    labels: Mapping[str, str]  # each field's label
    footer: tuple[str, ...]
    mark: str  # after a value understood from the shopper's words
    understood: str  # the footer line saying what the mark means
    edit: Mapping[str, Pair]  # each field's edit button
    wrong: Mapping[str, Pair]  # each field's "that's wrong" button, for an understood value
    edit_category: Pair
    submit: tuple[Pair, Pair]  # confirm, cancel


def review_card(ctx: Ctx, slots: list[str]) -> ReviewCard:
    def build() -> ReviewCard:
        labels = {s: ctx.t(f"field.{s}") for s in slots}
        return ReviewCard(
            (ctx.t("review.title"), ""), ctx.t("field.category"), MappingProxyType(labels),
            ("", ctx.t("review.footer")), ctx.t("understood.mark"), ctx.t("understood.footer"),
            MappingProxyType({s: (ctx.t("btn.edit", label=v), f"edit:{s}")
                              for s, v in labels.items()}),
            MappingProxyType({s: (ctx.t("btn.understood_wrong", label=v), f"edit:{s}")
                              for s, v in labels.items()}),
            (ctx.t("btn.edit_category"), "!category"),
            ((ctx.t("btn.confirm"), "!confirm"), (ctx.t("btn.cancel"), "!cancel")))
    return ctx.kb.texts.built(("review", *slots), ctx.lang, build)


def short_time(ctx: Ctx, iso: str) -> str:
    try:
        return minute_text(datetime.fromisoformat(iso))
    except ValueError:
        return iso


def event_time(iso: str, note: str) -> str:
    stamp = datetime.fromisoformat(iso)
    return day_text(stamp) if note == "date_only" else minute_text(stamp)


def status_card(ctx: Ctx, case: Case) -> tuple[str, Keyboard]:
    lines = [ctx.t("status.title", id=case.id, category=ctx.category_name(case.category)),
             ctx.t("status.status", status=ctx.t(f"status.label.{case.status}")),
             ctx.t("status.created", created=short_time(ctx, case.created_at)), ""]
    for slot in forms.slots_for(ctx.kb, case.category or ""):
        if case.fields.get(slot):
            lines.append(ctx.t("field.line", label=ctx.t(f"field.{slot}"),
                               value=field_value(ctx, case, slot, copyable=True)))
    if case.notes:
        lines.append(ctx.t("notes.count", n=len(case.notes)))
    if case.events:
        lines += ["", ctx.t("status.timeline")]
        for e in sorted(case.events, key=lambda e: e.at):
            lines.append(ctx.t("status.event", at=event_time(e.at, e.note),
                               kind=ctx.t(f"event.{e.kind}")))
    keyboard: Keyboard = ()
    if case.is_draft:
        complete = case.category and forms.next_slot(ctx.kb, case.category, case.fields) is None
        lines += ["", ctx.t("status.draft_ready" if complete else "status.draft_next")]
        keyboard = ((Button(ctx.t("btn.review_draft" if complete else "btn.continue_draft"),
                            callbacks.case(case.id)),),)
    elif case.status != "abandoned":
        from dialogs.deadline_view import deadlines_block
        from dialogs.flows import tally
        from dialogs.flows.progress import status_buttons
        from dialogs.ladder import next_step_text

        lines += ["", deadlines_block(ctx, case), "", ctx.t("status.next_step_title"),
                  next_step_text(ctx, case)]
        counted = tally.status_line(ctx, case)
        lines += ["", counted] if counted else []
        keyboard = (*status_buttons(ctx, case),
                    (Button(ctx.t("btn.picture"), callbacks.glob("picture")),),
                    *tally.status_buttons(ctx, case))
    return "\n".join(lines), keyboard


def case_list(ctx: Ctx) -> tuple[str, Keyboard]:
    cases = sorted(ctx.snap.cases.values(), key=lambda c: c.id, reverse=True)
    lines = [ctx.t("cases.title")]
    buttons = []
    for c in cases:
        label = ctx.t("cases.item", id=c.id, category=ctx.category_name(c.category),
                      status=ctx.t(f"status.label.{c.status}"),
                      created=short_time(ctx, c.created_at)[:10])
        marker = "▶ " if c.id == ctx.snap.session.current_case_id else ""
        lines.append(marker + label)
        buttons.append((Button(f"#{c.id} {ctx.category_name(c.category)}", callbacks.case(c.id)),))
    return "\n".join(lines), tuple(buttons)
