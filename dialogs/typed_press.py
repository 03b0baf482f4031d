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

from dialogs.actions import Action, Button, ReminderWorded, SendText
from dialogs.button_names import Forms, screen
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
    if not typed or len(typed) > LONGEST or "".join(typed).isdigit():  # tokens are never empty
        return None  # nothing, a story, or a number (an amount, an order number: no button's name)
    on_screen = screen(ctx.kb, shown)
    whole = frozenset(typed)
    if whole.isdisjoint(on_screen.tokens):
        return None  # not one word of any button (most answers to a question)
    words = ctx.kb.answer_words
    bare = words.button_bare(typed)
    said = (whole, frozenset(bare))
    tiers: dict[int, dict[str, Button]] = {}
    for data, label, named in on_screen.buttons:
        tier = _tier(ctx, named, typed, bare, said,
                     short=not data.startswith("k:"))  # an entry's title is a question
        if tier is not None:
            tiers.setdefault(tier, {}).setdefault(data, Button(label, data))
    if not tiers:
        return None
    best = min(tiers)
    if best != EXACT and words.is_question(simplified(width(text).lower())):
        return None  # it asks: only a button's very name is a press
    return Named(tuple(tiers[best].values()), best == EXACT)


def _tier(ctx: Ctx, named: Forms, typed: tuple[str, ...], bare: tuple[str, ...],
          said: tuple[frozenset[str], frozenset[str]], short: bool = True) -> int | None:
    """How well TYPED names one of NAMED; `said`: the tokens of TYPED and of BARE; `short`: a
    short form may."""
    if not (said[0] <= named.tokens or bare and said[1] <= named.tokens):
        return None  # a token none of the names has
    best = None
    for told, core in named.names:
        if told == typed:
            return EXACT
        if not bare:
            continue
        if core == bare:
            best = WHOLE
        elif best is None and short and _short(bare, core) and \
                not ctx.kb.answer_words.button_vague_alone(bare):
            best = SHORT
    return best


def one_named(ctx: Ctx, text: str, choices: dict[str, Forms]) -> str | None:
    """The one of CHOICES (a key and its names as `button_names.forms` gives them) that TEXT names
    as a button is named;
    None when it names none, or several equally well."""
    typed = tokens(text)
    if not typed or len(typed) > LONGEST:
        return None
    bare = ctx.kb.answer_words.button_bare(typed)
    said = (frozenset(typed), frozenset(bare))
    tiers: dict[int, list[str]] = {}
    for key, named in choices.items():
        tier = _tier(ctx, named, typed, bare, said)
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
    sent: list[dict[str, str]] = []
    spoke = False
    for action in out:
        message = action.message if isinstance(action, ReminderWorded) else action
        if isinstance(message, SendText) and message.chat_id == s.chat_id and \
                message.thread_id is None:
            spoke = True
            sent.insert(0, {b.data: b.label for row in message.buttons for b in row})
    if not spoke and not s.shown:
        return
    current = f"f{s.ask_seq}:" if s.state in ANSWERING else None  # the question's answers
    shown: dict[str, str] = {}
    for keyboard in sent:
        for data, label in keyboard.items():
            if data not in shown and (data[:1] != "f" or current and data.startswith(current)):
                shown[data] = label
    for data, label in s.shown.items():  # what was on screen: all of it if nothing was said
        if current and data.startswith(current) or not spoke and data[:1] != "f":
            shown.setdefault(data, label)
    s.shown = shown
