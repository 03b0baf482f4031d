"""A typed message that names a button on screen is that button's press.

A shopper who types a demand's name, a field's change on the review card or a reminder's "remind
me later" instead of pressing the button means the button: the engine takes such a message as the
press before the question gate and the knowledge base read it. The buttons on screen are kept in
the session (`Session.shown`, written at the end of every step by `remember`): the keyboards of
the latest replies, and the current question's answers while the form waits on them (a reminder
may arrive in between).

A message names a button when, compared as `textnorm.name_tokens` reads them, it is
- EXACT: one of the button's names (its label, the label in the other language, the label without
  its bracketed part) - this wins over a command word too ("done" on a reminder's "Done");
- WHOLE: one of its names once the words around a choice ("I want", "please") and the small
  English words are set aside (knowledge/data/answer_words.yaml button_*);
- SHORT: a clear short form of one ("triple", "refund" of "Refund only"): its tokens in the
  name's order, with three Chinese characters (two of a name of at most four), or with no Chinese
  an English word of three letters or more; never of a knowledge-base title (a question).
A message that asks something names no button unless it is one's exact name. Several buttons
named alike are offered again, those only.
"""
# Examples, for the reader: typed 假一赔三 / 假一賠三 / Triple compensation for fakes at the demand
# question is the triple button; 改金额 on the review card is ✏️ 改支付金额; 退款 names both
# 退货退款 and 仅退款, which are offered again; 什么是假一赔三？ asks and is answered.

from __future__ import annotations

from dataclasses import dataclass

from dialogs import callbacks
from dialogs.actions import Action, Button, ReminderWorded, SendText
from dialogs.button_names import forms
from dialogs.context import Ctx, rows
from dialogs.snapshot import Snapshot
from dialogs.states import IN_FORM
from dialogs.states import DialogState as D
from knowledge.textnorm import name_tokens as tokens
from knowledge.textnorm import simplified, width

EXACT, WHOLE, SHORT = 0, 1, 2
LONGEST = 24  # tokens: no button's name is longer, and a longer message is read no further
ANSWERING = IN_FORM | {D.RECORDING_EVENT}  # where a form answer's button may be pressed


@dataclass(frozen=True)
class Named:
    """The buttons a typed message names, and whether it is one's exact name."""

    buttons: tuple[Button, ...]
    exact: bool


def find(ctx: Ctx, text: str) -> Named | None:
    """The buttons on screen that TEXT names, best first; None when it names none."""
    shown = ctx.snap.session.shown
    typed = tokens(text) if shown else ()
    if not typed or len(typed) > LONGEST:
        return None
    words = ctx.kb.answer_words
    bare = words.button_bare(typed)
    asks = words.is_question(simplified(width(text).lower()))
    tiers: dict[int, dict[str, Button]] = {}
    for label, data in shown:
        tier = _tier(ctx, forms(ctx.kb, label, data), typed, bare, asks,
                     short=not data.startswith("k:"))  # an entry's title is a question
        if tier is not None:
            tiers.setdefault(tier, {}).setdefault(data, Button(label, data))
    if not tiers:
        return None
    best = min(tiers)
    return Named(tuple(tiers[best].values()), best == EXACT)


def _tier(ctx: Ctx, named: tuple[tuple[str, ...], ...], typed: tuple[str, ...],
          bare: tuple[str, ...], asks: bool, short: bool = True) -> int | None:
    """How well TYPED names one of NAMED (names as tokens); `short`: a short form may."""
    words = ctx.kb.answer_words
    best = None
    for told in named:
        if told == typed:
            return EXACT
        if asks or not bare:
            continue
        core = words.button_small_dropped(told)
        if core == bare:
            best = WHOLE
        elif best is None and short and _short(bare, core) and not words.button_vague_alone(bare):
            best = SHORT
    return best


def one_named(ctx: Ctx, text: str, choices: dict[str, tuple[tuple[str, ...], ...]]) -> str | None:
    """The one of CHOICES (a key and its names as tokens) that TEXT names as a button is named;
    None when it names none, or several equally well."""
    typed = tokens(text)
    if not typed or len(typed) > LONGEST:
        return None
    bare = ctx.kb.answer_words.button_bare(typed)
    tiers: dict[int, list[str]] = {}
    for key, named in choices.items():
        tier = _tier(ctx, named, typed, bare, asks=False)
        if tier is not None:
            tiers.setdefault(tier, []).append(key)
    best = tiers[min(tiers)] if tiers else []
    return best[0] if len(best) == 1 else None


def _short(typed: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """TYPED is a clear short form of NAME: its tokens in NAME's order, with three Chinese
    characters (two of a name of at most four), or with no Chinese an English word of three
    letters or more."""
    if len(typed) >= len(name) or not _in_order(typed, name):
        return False
    chinese = sum(1 for t in typed if not t.isascii())
    if chinese:
        return chinese >= 3 or chinese == 2 and 4 >= sum(1 for t in name if not t.isascii())
    return any(len(t) >= 3 and not t.isdigit() for t in typed)


def _in_order(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    rest = iter(whole)
    return all(token in rest for token in part)


def take(ctx: Ctx, named: Named, text: str) -> Button | None:
    """The one button TEXT names (the caller presses it); several: they are offered again, alone."""
    ctx.kept = True  # pressed, or quoted back with the buttons it may mean
    if len(named.buttons) == 1:
        return named.buttons[0]
    ctx.say(ctx.t("nav.typed_which", text=text.strip()), rows(list(named.buttons)))
    return None


def remember(snap: Snapshot, out: list[Action]) -> None:
    """After a step: the buttons now on screen. The keyboards this step sent (the newest first)
    replace what was there; the question the form waits on keeps its answers until it is
    answered. A step that said nothing to the shopper leaves the screen as it was."""
    s = snap.session
    sent: list[list[list[str]]] = []
    spoke = False
    for action in out:
        message = action.message if isinstance(action, ReminderWorded) else action
        if isinstance(message, SendText) and message.chat_id == s.chat_id and \
                message.thread_id is None:
            spoke = True
            sent.insert(0, [[b.label, b.data] for row in message.buttons for b in row])
    if not spoke and not s.shown:
        return
    before = s.shown if not spoke else [b for b in s.shown if _answers_current(snap, b[1])]
    shown: dict[str, list[str]] = {}
    for label, data in [b for keyboard in sent for b in keyboard] + before:
        if not _is_answer(data) or _answers_current(snap, data):
            shown.setdefault(data, [label, data])
    s.shown = list(shown.values())


def _is_answer(data: str) -> bool:
    return data.startswith("f")


def _answers_current(snap: Snapshot, data: str) -> bool:
    """A form answer's button of the question the form waits on now."""
    s = snap.session  # asked of every button on screen after every step: no Press is built
    return s.state in ANSWERING and _is_answer(data) and callbacks.form_seq(data) == s.ask_seq
