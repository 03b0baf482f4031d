"""Typing a button's name is pressing it, on every screen with buttons (issue 12, item 6).

For each screen the bot shows with buttons — the menu, the category list and a guessed category,
the form's questions (a choice, a date, the demand of two categories), the review card, the cancel
question, the filed case's card, the progress menu and its time question, a reminder, a suggested
category, a knowledge answer, the hand-over's reply without advisers, the language list, the case
list, a complaint text and its demands — and for each of its buttons, typing the button's label,
in either language and with random case, width and punctuation (Traditional characters for
Chinese, the bracketed part dropped, emoji dropped), leaves the case exactly as pressing it does,
with the same replies.

And on every screen, a message that names no button gets a reply (never silence): the form's
question again, a knowledge answer, or the menu.

The engine is stepped alone (dialogs.engine.step on a snapshot in memory): each example is two
steps from a screen built once per language.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs.actions import Action, Button, Reschedule, SendText
from dialogs.engine import step
from dialogs.events import Incoming, Kind, ReminderDue, text_event
from dialogs.snapshot import Session, Snapshot
from dialogs.texts import LANGS, t
from knowledge.loader import load_kb

KB = load_kb()
NOW = datetime.fromisoformat("2026-11-27T10:00:00+08:00")
TO_TRADITIONAL = opencc.OpenCC("s2t").convert


@dataclass
class Pure:
    """One shopper and the engine alone: send, press, the newest keyboard."""

    lang: str
    snap: Snapshot = field(init=False)
    now: datetime = NOW
    sent: list[SendText] = field(default_factory=list)
    reminders: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.snap = Snapshot(session=Session(user_id=1, chat_id=1, lang=self.lang, lang_chosen=True))

    def copy(self) -> Pure:
        twin = Pure(self.lang)
        twin.snap, twin.now = self.snap.clone(), self.now
        twin.sent, twin.reminders = list(self.sent), list(self.reminders)
        return twin

    def step(self, ev: Incoming) -> list[SendText]:
        self.snap, actions = step(self.snap, ev, KB, self.now)
        return self.took(actions)

    def took(self, actions: list[Action]) -> list[SendText]:
        out = []
        for action in actions:
            message = getattr(action, "message", action)
            if isinstance(message, SendText):
                out.append(message)
            if isinstance(action, Reschedule):
                self.reminders = list(action.reminders)
        self.sent += out
        return out

    def send(self, text: str) -> list[SendText]:
        return self.step(text_event(1, text, self.now, lang=self.lang))

    def press(self, button: Button) -> list[SendText]:
        return self.step(Incoming(user_id=1, chat_id=1, kind=Kind.BUTTON, at=self.now,
                                  button=button.data, message_id=len(self.sent), lang=self.lang,
                                  extra={"button_label": button.label}))

    def click(self, data_end: str) -> list[SendText]:
        """Press the newest button whose callback data ends with DATA_END."""
        return self.press(next(b for b in reversed(self.buttons) if b.data.endswith(data_end)))

    def remind(self) -> list[SendText]:
        """The first planned reminder falls due."""
        payload = self.reminders[0]
        self.now = datetime.fromisoformat(payload["due_at"])
        return self.step(Incoming(user_id=1, chat_id=1, kind=Kind.REMINDER, at=self.now,
                                  reminder=ReminderDue(row_id=1, case_id=1, payload=payload)))

    @property
    def buttons(self) -> list[Button]:
        """The newest keyboard's buttons."""
        keyboard = next(m.buttons for m in reversed(self.sent) if m.buttons)
        return [b for row in keyboard for b in row]


Steps = list[Callable[[Pure], object]]


def said(zh: str, en: str) -> Callable[[Pure], object]:
    return lambda chat: chat.send(zh if chat.lang == "zh" else en)


def typed(text: str) -> Callable[[Pure], object]:
    return lambda chat: chat.send(text)


def pressed(data_end: str) -> Callable[[Pure], object]:
    return lambda chat: chat.click(data_end)


COUNTERFEIT_FORM: Steps = [typed("/complain"), pressed(":counterfeit"), pressed(":tmall"),
                           typed("耐克旗舰店"), typed("123456789012345678"), typed("Air Max 90"),
                           typed("899")]
DEMAND: Steps = [*COUNTERFEIT_FORM, typed("2026-11-10"), typed("2026-11-12"), typed("2026-11-20"),
                 said("鞋底开胶，专柜鉴定是假货，商家不认。",
                      "The soles came off; the brand store says fake; the seller denies it.")]
REVIEW: Steps = [*DEMAND, pressed(":triple")]
FILED: Steps = [*REVIEW, pressed(":!confirm")]
SCREENS: dict[str, Steps] = {
    "menu": [typed("/start")],
    "categories": [typed("/complain")],
    "category guessed": [typed("/complain"), typed("收到的东西不对劲")],
    "platform": [typed("/complain"), pressed(":counterfeit")],
    "a date": COUNTERFEIT_FORM,
    "demand": DEMAND,
    "demand, late shipping": [typed("/complain"), pressed(":late_shipping"), pressed(":taobao"),
                              typed("小米专卖店"), typed("1234567890123"), typed("台灯"), typed("59"),
                              typed("/skip"), said("付款一周了还没发货", "paid a week ago, not shipped")],
    "review": REVIEW,
    "cancel question": [*REVIEW, typed("/cancel")],
    "filed": FILED,
    "progress": [*FILED, typed("/progress")],
    "progress time": [*FILED, typed("/progress"), pressed(":seller_refused")],
    "reminder": [*FILED, Pure.remind],
    "suggested category": [said("买的蓝牙耳机用了三天就坏了，客服一直不理我",
                                "my headphones broke after three days and the seller ignores me")],
    "knowledge answer": [said("七天无理由退货从哪天开始算？",
                              "When does the 7-day no-reason return period start?")],
    "hand-over": [typed("/human")],
    "languages": [typed("/lang")],
    "cases": [*FILED, typed("/cases")],
    "complaint text": [*FILED, typed("/letter")],
    "complaint text's demand": [*FILED, typed("/letter"), pressed(":demand")],
}


def build(name: str, lang: str) -> Pure:
    chat = Pure(lang)
    for move in SCREENS[name]:
        move(chat)
    return chat


# related entries are chosen per language; a complaint text offers the other language's version
PER_LANGUAGE = {"knowledge answer", "complaint text"}
BUILT = {(name, lang): build(name, lang) for name in SCREENS for lang in LANGS}


def test_every_screen_shows_buttons_in_both_languages_alike() -> None:
    for name in SCREENS:
        zh, en = (BUILT[(name, lang)] for lang in LANGS)
        assert zh.buttons, name
        if name not in PER_LANGUAGE:
            assert [b.data for b in zh.buttons] == [b.data for b in en.buttons], name


def label_in(name: str, lang: str, data: str) -> str | None:
    return next((b.label for b in BUILT[(name, lang)].buttons if b.data == data), None)


FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in map(chr, range(0x21, 0x7F))}


@st.composite
def noisy(draw: st.DrawFn, label: str) -> str:
    """The label as a shopper might type it: emoji gone, another case and width, Traditional
    characters, the bracketed part dropped, a mark or a blank at either end."""
    text = "".join(c for c in label if unicodedata.category(c) != "So").replace("\ufe0f", "").strip()
    if "(" in text and draw(st.booleans()):
        text = (text[:text.index("(")] + text[text.index(")") + 1:]).strip()
    if draw(st.booleans()):
        text = TO_TRADITIONAL(text)
    case = draw(st.sampled_from([str.lower, str.upper, str.title, str]))
    text = case(text)
    if draw(st.booleans()):
        text = "".join(FULL_WIDTH.get(c, c) for c in text)
    before = draw(st.sampled_from(["", " ", "“"]))
    after = draw(st.sampled_from(["", "。", "!", "！", " ", "~", "”", "..."]))
    return before + text + after


def effect(chat: Pure, replies: list[SendText]) -> tuple[Any, ...]:
    return chat.snap.to_dict(), [(m.text, m.buttons) for m in replies]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_typing_a_button_s_name_does_what_pressing_it_does(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(SCREENS)), label="screen")
    lang = data.draw(st.sampled_from(LANGS), label="conversation")
    screen = BUILT[(name, lang)]
    button = data.draw(st.sampled_from(screen.buttons), label="button")
    in_lang = data.draw(st.sampled_from(LANGS), label="typed in")
    label = label_in(name, in_lang, button.data) or button.label
    text = data.draw(noisy(label), label="typed")
    pressing, typing = screen.copy(), screen.copy()
    assert effect(typing, typing.send(text)) == effect(pressing, pressing.press(button))


NAMING_NOTHING = ["嗯嗯", "asdf qwer", "今天天气不错", "🙂", "12", "好吧我想想", "ok then",
                  "我昨天在淘宝买了一双鞋，到现在还没收到，客服也不回消息，怎么办",
                  "What about the thing from before?"]


@pytest.mark.parametrize("name", sorted(SCREENS))
@pytest.mark.parametrize("lang", LANGS)
def test_a_message_naming_no_button_gets_a_reply(name: str, lang: str) -> None:
    for text in NAMING_NOTHING:
        chat = BUILT[(name, lang)].copy()
        replies = [m for m in chat.send(text) if m.chat_id == 1]
        assert replies and all(m.text.strip() for m in replies), (name, text)
        assert t(lang, "error.generic") not in [m.text for m in replies], (name, text)
        assert not any(m.text.startswith(t(lang, "nav.typed_which", text=text)[:4]) for m in replies)
