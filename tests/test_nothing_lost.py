"""Nothing typed is lost: after any sequence of events from any state, every text the shopper
sent is stored in the field it answers, kept as a note (on the case, or in the session until
a case exists), or was refused by a reply that quotes it.

Texts that are not answers and so need not be kept: commands and intent words (/help, 投诉,
取消, 上一步 …), language names, blank messages, button words typed for a button (a category's
name at the category step, 是/否 when asked to confirm, 确认 on the review card, the very name of
any button on screen: dialogs/typed_press.py takes it as that press), and, in idle
where no question is open, a question the knowledge base answers or a phone number checked.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.store.cases import show_case
from dialogs import forms
from dialogs.actions import SendText
from dialogs.button_names import names
from dialogs.clean import visible
from dialogs.engine import step
from dialogs.flows.intake import _match_choice, plain
from dialogs.flows.questions import looks_like_question
from dialogs.intents import detect, language_named
from dialogs.snapshot import Snapshot
from dialogs.states import DialogState as D
from dialogs.validators import Invalid
from knowledge.textnorm import name_tokens
from tests.chat import Chat
from tests.test_properties import KB, PREFIXES, Runner, commands, others, presses

STORIES = ["对方自称淘宝客服，0571-2828-2058，从我银行卡转走了3000元",
           "I paid 300 yuan and the seller phone is 13812345678",
           "鞋底开胶了，客服不理", "收到的杯子是碎的，商家说是我自己摔的", "小李数码专营店",
           "大概三千左右吧", "上周吧，记不清了", "2345 6789 0123 4567", "¥259", "11月12日",
           "9", "42", "0", "商家电话是多少", "+86 571 2828 2058 是淘宝客服吗", "坏" * 3001,
           "x" * 5000, "hello", "京东", "其他"]
texts = st.one_of(st.text(max_size=60).filter(lambda t: not t.startswith("!")),  # "!" is the
                  st.sampled_from(STORIES),  # runner's own syntax for presses and files
                  st.sampled_from(["天猫", "淘宝", "假货", "是", "否", "确认", "今天", "昨天", "3天前",
                                   "2026-11-10", "12.5", "-1", "399", "1234567890123456789",
                                   "七天无理由怎么算", "维修", "退货退款"]))
inputs = st.lists(st.one_of(texts, texts, commands, presses, others), min_size=1, max_size=20)

# Every dialog state a text can be typed in, beyond the random-inputs test's starts.
STARTS = {**PREFIXES,
          "confirming_category": ["投诉", "东西有点问题"],
          "recording_event": [*PREFIXES["filed"], "!press:0", "!press:1"],
          "story_told_in_idle": ["快递把箱子压扁了，里面的杯子碎了"]}
CATEGORY_NAMES = {plain(c.name.get(lang)) for c in KB.categories for lang in ("zh", "en")}


def names_a_button(text: str, shown: dict[str, str]) -> bool:
    """Whether TEXT is the very name of a button on screen (callback data -> label)."""
    typed = name_tokens(text)
    return bool(typed) and any(typed == name_tokens(n) for data, label in shown.items()
                               for n in names(KB, label, data))


class Recorder(Runner):
    """Feeds events like the random-inputs test and remembers, for every text, the state it
    was typed in and the replies it got; a text naming a button on screen is that press."""

    def __init__(self) -> None:
        super().__init__()
        self.typed: list[tuple[str, str, list[str]]] = []

    def feed(self, item: str) -> None:
        state = self.snap.session.state
        if names_a_button(item, self.snap.session.shown):
            state = "pressed"
        ev = self.event(item)
        snap, actions = step(self.snap, ev, KB, self.now)
        for action in actions:
            if isinstance(action, SendText) and action.buttons:
                self.message_id += 1
                self.keyboards.append((self.message_id, action))
        if ev.text and not item.startswith("!"):
            self.typed.append((ev.text, state, [a.text for a in actions if isinstance(a, SendText)]))
        self.snap = Snapshot.from_dict(snap.to_dict())


def must_keep(text: str, state: str, recorder: Recorder) -> bool:
    from dialogs.events import text_event

    ev = text_event(1, text, recorder.now)
    if not visible(text).strip() or detect(ev, KB.commands) is not None or language_named(ev, KB.commands):
        return False
    typed = plain(text)
    if state in (D.CHOOSING_CATEGORY, D.CONFIRMING_CATEGORY) and typed in CATEGORY_NAMES:
        return False
    words = KB.answer_words
    if state == D.CONFIRMING_CANCEL and (typed in words.yes or typed in words.no):
        return False
    if state == D.REVIEWING and typed in words.submit:
        return False
    if state == D.IDLE and (looks_like_question(text, KB) or KB.find_phones(text)):
        return False  # a question answered, not an answer to one
    return state not in (D.HUMAN, "pressed")  # relayed to the adviser word for word; a press


def forms_of(text: str, category: str) -> set[str]:
    """How a text may be stored: as typed, or as a field normalises it."""
    found = {text, text.strip(), visible(text), visible(text).strip()}
    for slot, spec in forms.SLOTS.items():
        if spec.validate is not None:
            result = spec.validate(text, T_TODAY, KB)
            if not isinstance(result, Invalid):
                found.add(result.value)
        if spec.kind == "choice":
            picked = _match_choice(KB, slot, category, text, False)
            if picked:
                found.add(picked)
    return found


T_TODAY = Runner().now.date()


def kept_somewhere(text: str, replies: list[str], snap: Snapshot) -> bool:
    stored: set[str] = {p["text"] for p in snap.session.pending_notes}
    moments: list[str] = []
    categories = {""}
    for case in snap.cases.values():
        stored |= set(case.fields.values()) | {n.text for n in case.notes}
        moments += [e.at for e in case.events]
        categories.add(case.category or "")
    shapes = set().union(*(forms_of(text, c) for c in categories))
    if shapes & stored:
        return True
    if any(m.startswith(s) for m in moments for s in shapes if len(s) >= 10):
        return True  # a time recorded for an event on the case
    quoted = visible(text).strip()  # control characters are never stored or echoed
    return bool(quoted) and any(quoted in r for r in replies)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.sampled_from(sorted(STARTS)), items=inputs)
def test_every_text_is_stored_noted_or_quoted(start: str, items: list[str]) -> None:
    recorder = Recorder()
    for item in STARTS[start]:
        recorder.feed(item)
    recorder.typed = []
    for item in items:
        recorder.feed(item)
    for text, state, replies in recorder.typed:
        if must_keep(text, state, recorder):
            assert kept_somewhere(text, replies, recorder.snap), (text, state, replies)


def test_the_extra_starts_reach_their_states() -> None:
    for name, state in (("confirming_category", D.CONFIRMING_CATEGORY),
                        ("recording_event", D.RECORDING_EVENT), ("story_told_in_idle", D.IDLE)):
        recorder = Recorder()
        for item in STARTS[name]:
            recorder.feed(item)
        assert recorder.snap.session.state == state, name
    assert recorder.snap.session.pending_notes[0]["kind"] == "story"


# ---- as a chat ------------------------------------------------------------------------------

def test_a_story_told_in_idle_goes_onto_the_case_and_is_the_account(chat: Chat) -> None:
    """A whole story told before the form is the account of what happened (issue 12): the
    form does not ask for it again, and it is kept word for word as a note too."""
    story = "快递把箱子压扁了，里面的两个玻璃杯都碎了，商家说让我找快递"
    replies = chat.send(story)
    assert "记下了" in replies[-1]
    chat.click("开始投诉")
    assert "经过" in " ".join(chat.texts[-2:])  # said as understood when the form starts
    chat.click("天猫")
    for text in ("某某家居旗舰店", "1234567890123456", "玻璃杯两只", "59"):
        chat.send(text)
    for _ in range(3):
        chat.click("跳过")
    assert "怎么解决" in chat.last  # the account is not asked again
    case = show_case(chat.store, 1)
    assert case is not None and case["fields"]["description"] == story
    assert case["notes"][0]["kind"] == "story" and case["notes"][0]["text"] == story


def test_a_short_story_told_in_idle_can_be_the_account_with_one_tap(chat: Chat) -> None:
    story = "快递把玻璃杯压碎了"
    replies = chat.send(story)
    assert "记下了" in replies[-1]
    chat.click("开始投诉")
    chat.click("天猫")
    for text in ("某某家居旗舰店", "1234567890123456", "玻璃杯两只", "59"):
        chat.send(text)
    for _ in range(3):
        chat.click("跳过")
    assert "经过" in chat.last and "你开头说过" in chat.last and story in chat.last
    chat.click("用开头说的经过")
    assert "怎么解决" in chat.last
    case = show_case(chat.store, 1)
    assert case is not None and case["fields"]["description"] == story
    assert case["notes"][0]["kind"] == "story" and case["notes"][0]["text"] == story


def test_a_question_mid_form_is_answered_and_kept(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("假货")
    chat.click("天猫")
    chat.send("订单号在哪看")
    assert "店铺名称" in chat.last
    case = show_case(chat.store, 1)
    assert case is not None and case["notes"] == [
        {"kind": "question", "field": None, "text": "订单号在哪看", "at": case["notes"][0]["at"]}]
