"""An answer its question's reader takes whole — a date, an amount, an order number, a button's
label typed out — is not read again for the other fields (dialogs/flows/intake.py
`_taken_whole`): like a press, there is nothing else in it. That holds only if the slot finder
(knowledge/slots.py) never finds another field in such a text; here it is checked over every
shape the readers take, mixed with the words the finder listens for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.store.cases import show_case
from dialogs import validators
from dialogs.validators import Valid
from knowledge.loader import load_kb
from knowledge.slots import SAID_DATE, extract
from tests.chat import Chat
from tests.scenario_form import slot_of

KB = load_kb()
TODAY = date(2026, 11, 27)
FORM = KB.date_words.form
LEX = KB.slot_lexicon.raw


def _words(node: object) -> list[str]:
    """Every word of a slots.yaml section (lists of words under any keys), patterns left out."""
    if isinstance(node, dict):
        return [w for v in node.values() for w in _words(v)]
    if isinstance(node, list):
        return [w for v in node for w in _words(v)]
    return [node] if isinstance(node, str) and len(node) < 12 and "\\" not in node else []


# the words around a date, an amount or an order number that make the finder take it for a field
CUES = sorted({*_words(LEX["dates"]), *_words(LEX["amounts"]), *_words(LEX["orders"]),
               *_words(LEX["platforms"]), *_words(LEX["demands"])})
DAY = st.integers(1, 31).map(str)
MONTH = st.integers(1, 12).map(str)
TIME = st.sampled_from(["", " 晚上8点", "下午3点30", " 20:30", "早上9点", "中午12点"])
DATES = st.one_of(
    st.tuples(MONTH, st.sampled_from(["月", ".", "/", "-"]), DAY,
              st.sampled_from(["", "日", "号"])).map("".join),
    st.tuples(st.sampled_from(["2025", "2026"]), st.sampled_from(["-", "/", "年", "."]), MONTH,
              st.sampled_from(["-", "/", "月", "."]), DAY, st.sampled_from(["", "日"])).map("".join),
    st.sampled_from([*FORM.relative, *FORM.festivals, "去年双11", "今年618", "3天前", "10 days ago",
                     "上周五", "周三", "星期天", "上上周一", "last friday", "monday", "nov 10",
                     "10 november", "november 3, 2026"]),
)
NUMBER = st.one_of(st.integers(1, 99999).map(str), st.sampled_from(
    ["399.5", "1,299", "三百九十九", "两千", "1.5万", "300块5", "八百九十九", "12.00"]))
AMOUNTS = st.tuples(st.sampled_from(["", "¥", "￥", "rmb ", "人民币"]), NUMBER,
                    st.sampled_from(["", "元", "块", "块钱", " yuan", "圆", "rmb"])).map("".join)
ORDERS = st.tuples(st.sampled_from(["", "订单号", "订单号：", "order no: "]),
                   st.lists(st.integers(100, 99999).map(str), min_size=3, max_size=5),
                   st.sampled_from(["", " ", "-"])).map(lambda t: t[0] + t[2].join(t[1]))
ANSWERS = st.tuples(st.one_of(DATES.flatmap(lambda d: TIME.map(lambda t: d + t)), AMOUNTS, ORDERS),
                    st.sampled_from(["", *CUES]), st.sampled_from(["", *CUES]), st.booleans()) \
    .map(lambda t: t[1] + t[0] + t[2] if t[3] else t[0])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS)
def test_a_text_a_strict_reader_takes_whole_holds_no_other_field(text: str) -> None:
    # a date whose words say no field (SAID_DATE) fills nothing but the question asked
    found = {f.slot for f in extract(text, TODAY, KB) if f.slot != SAID_DATE}
    if isinstance(validators.a_date(text, TODAY, KB), Valid):
        assert not found, f"{text!r}: a date answer the finder also reads as {found}"
    if isinstance(validators.amount(text, TODAY, KB), Valid):
        assert found <= {"amount"}, f"{text!r}: an amount the finder also reads as {found}"
    if isinstance(validators.order_no(text, TODAY, KB), Valid):
        assert found <= {"order_no"}, f"{text!r}: an order number the finder also reads as {found}"


def fields(chat: Chat) -> dict[str, str]:
    return {k: v for k, v in show_case(chat.store, 1)["fields"].items() if v}  # type: ignore[index]


def test_a_sentence_answering_the_shop_still_fills_the_amount(tmp_path: Path) -> None:
    """What the cut leaves alone: a free answer is read for the other fields as before."""
    chat = Chat(tmp_path / "s.db", lang="zh-hans")
    try:
        chat.send("投诉")
        chat.click(KB.category("quality").name.get("zh"))
        chat.send("天猫")  # the button's label typed out: the platform, and nothing else
        assert fields(chat) == {"platform": "tmall"} and slot_of(chat) == "shop"
        chat.send("小李数码专营店，花了399块")
        assert fields(chat)["amount"] == "399.00"
        assert slot_of(chat) == "order_no"
    finally:
        chat.close()
