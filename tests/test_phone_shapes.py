"""Phones are phones: recognised only by a phone's shape, never by an amount, an order number
or a date; the known scam number in every way people write it; and a number inside an answer
never stops the form (the answer is kept, the warning comes with it)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.store.cases import show_case
from knowledge.loader import load_kb
from knowledge.phones import find_phones
from tests.chat import Chat

SCAM = "057128282058"
KB = load_kb()

# (text, the phones in it in their national form)
TABLE: list[tuple[str, list[str]]] = [
    # amounts
    ("3000元", []),
    ("从我银行卡转走了3000元", []),
    ("I paid 300 yuan", []),
    ("¥12315", []),
    ("12315元", []),
    ("399.50", []),
    ("付了110", []),
    ("I paid 110 for it", []),
    ("客服说要退我120", []),
    ("一共 95188 块", []),
    ("refund of 13812345678 rmb", []),
    # order numbers
    ("2345678901234567890", []),
    ("订单号 1234 5678 9012 3456", []),
    ("order no 1381 2345 6789 0123", []),
    ("订单编号：13812345678901234", []),
    # dates and times
    ("2026-11-10", []),
    ("2026 11 10", []),
    ("20261110", []),
    ("11月10日 10:30", []),
    ("paid on 2026-01-05 at 09:15", []),
    # mobiles
    ("13812345678", ["13812345678"]),
    ("138 1234 5678", ["13812345678"]),
    ("138-1234-5678", ["13812345678"]),
    ("+86 138 1234 5678", ["13812345678"]),
    ("+8613812345678", ["13812345678"]),
    ("0086 13812345678", ["13812345678"]),
    ("卖家手机１３８１２３４５６７８", ["13812345678"]),
    # landlines with area code: the scam number in every shape
    ("0571-2828-2058", [SCAM]),
    ("(0571)28282058", [SCAM]),
    ("（0571）2828 2058", [SCAM]),
    ("0571 2828 2058", [SCAM]),
    ("057128282058", [SCAM]),
    ("+86 571 2828 2058", [SCAM]),
    ("+86-571-28282058", [SCAM]),
    ("+86 0571 2828 2058", [SCAM]),
    ("0086 571 2828 2058", [SCAM]),
    ("010-12345678", ["01012345678"]),
    ("客服:0571-2828-2058。", [SCAM]),
    # service numbers
    ("9510211", ["9510211"]),
    ("+86 9510211", ["9510211"]),
    ("12315", ["12315"]),
    ("12315现在能打吗", ["12315"]),
    ("010-12315", ["01012315"]),
    ("95188是什么电话", ["95188"]),
    ("400-123-4567", ["4001234567"]),
    ("800 820 8820", ["8008208820"]),
    ("110", ["110"]),
    ("打110报警", ["110"]),
    ("call 110 now", ["110"]),
    # mixed
    ("对方自称淘宝客服0571-2828-2058，从我银行卡转走了3000元", [SCAM]),
    ("I paid 300 yuan and the seller phone is 13812345678", ["13812345678"]),
    ("订单 2345678901234567890 付了399元，客服电话 0571-2828-2058", [SCAM]),
    ("2026-11-10 付款 299 元，卖家电话 138 1234 5678", ["13812345678"]),
    ("被骗了3000元要不要打110", ["110"]),
    ("the scammer (+86 571 2828 2058) took 3000 yuan on 2026-11-20", [SCAM]),
    ("13812345678 300", ["13812345678"]),
]


@pytest.mark.parametrize(("text", "phones"), TABLE, ids=[t for t, _ in TABLE])
def test_a_phone_only_by_its_shape(text: str, phones: list[str]) -> None:
    assert find_phones(text, KB.phone_words) == phones


def test_the_table_is_big_enough() -> None:
    assert len(TABLE) >= 40
    assert sum(1 for t, _ in TABLE if t.isascii()) >= 10  # English as well as Chinese


@pytest.mark.parametrize("text", ["+86 571 2828 2058", "0086 571 2828 2058", "(0571)28282058",
                                  "对方自称淘宝客服0571-2828-2058，从我银行卡转走了3000元"])
def test_the_scam_number_is_flagged_in_every_shape(text: str) -> None:
    verdict = load_kb().check_hotline(text)
    assert verdict.number == SCAM and not verdict.official
    assert verdict.name is not None and "冒充" in verdict.name.zh


def test_of_several_numbers_the_scam_one_is_spoken_about() -> None:
    verdict = load_kb().check_hotline("官方是9510211，可他用 +86 571 2828 2058 打给我，让我转3000元")
    assert verdict.number == SCAM


def test_kb_hotline_cli_knows_the_plus_86_form() -> None:
    out = subprocess.run([sys.executable, "-m", "bot.cli", "kb", "hotline", "+86 571 2828 2058"],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.startswith(SCAM) and "冒充" in out


def test_an_amount_given_to_kb_hotline_is_no_number() -> None:
    assert load_kb().check_hotline("3000元").number == ""


# ---- in the conversation ------------------------------------------------------------------

STORY = "对方自称淘宝客服，说我的订单异常要退款，让我共享屏幕，从我银行卡转走了3000元"
SCAM_STORY = "对方自称淘宝客服，用 0571-2828-2058 打给我，让我共享屏幕，从我银行卡转走了3000元"


def to_description(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("诈骗")
    chat.click("淘宝")
    for text in ("小李数码专营店", "/skip", "蓝牙耳机", "299", "3000"):  # price, then amount lost
        chat.send(text)
    chat.click("昨天")
    assert "经过" in chat.last


def test_the_fraud_story_at_the_description_question_is_kept(chat: Chat) -> None:
    to_description(chat)
    replies = chat.send(STORY)
    assert not any("官方号码名单" in r for r in replies)  # 3000 is no phone
    assert "怎么解决" in chat.last
    assert show_case(chat.store, 1)["fields"]["description"] == STORY  # type: ignore[index]


def test_a_scam_number_in_the_story_is_kept_and_warned_about(chat: Chat) -> None:
    to_description(chat)
    replies = chat.send(SCAM_STORY)
    assert len(replies) == 2
    assert "⚠️ 0571-2828-2058 不在" in replies[0] and "疑似诈骗" in replies[0]  # as written
    assert "3000 不在" not in replies[0]
    assert "怎么解决" in replies[1]  # the form goes on
    assert show_case(chat.store, 1)["fields"]["description"] == SCAM_STORY  # type: ignore[index]


def test_the_story_at_the_category_step_reaches_the_classifier(chat: Chat) -> None:
    chat.send("投诉")
    replies = chat.send(SCAM_STORY)
    assert "疑似诈骗" in replies[0]  # the warning first
    assert "诈骗" in "".join(replies[1:])  # then the classifier's choice or its guess


def test_a_phone_inside_a_short_answer_is_stored_and_warned_about(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("诈骗")
    chat.click("淘宝")
    replies = chat.send("小李数码专营店 客服电话13812345678")
    assert "13812345678 不在" in replies[0] and "订单编号" in replies[-1]
    case = show_case(chat.store, 1)
    assert case["fields"]["shop"] == "小李数码专营店"  # type: ignore[index]
    # the whole answer, number included, is kept as a note beside the shop's name
    assert {"field": "shop", "text": "小李数码专营店 客服电话13812345678"}.items() <= \
        case["notes"][0].items()  # type: ignore[index]


def test_a_question_about_a_number_is_a_question(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("诈骗")
    chat.click("淘宝")
    replies = chat.send("+86 571 2828 2058 是淘宝客服吗？")
    assert "疑似诈骗" in replies[0] and "店铺名称" in replies[-1]
    assert "shop" not in show_case(chat.store, 1)["fields"] or \
        show_case(chat.store, 1)["fields"]["shop"] is None  # type: ignore[index]


def test_english_amount_and_phone(en_chat: Chat) -> None:
    en_chat.send("/complain")
    en_chat.click("Fraud")
    en_chat.click("Taobao")
    for text in ("Li's Digital Store", "/skip", "earbuds"):
        en_chat.send(text)
    replies = en_chat.send("300 yuan")
    assert not any("official" in r for r in replies)
    en_chat.send("300")  # the amount lost (a scam asks it after the price)
    en_chat.click("Yesterday")
    replies = en_chat.send("I paid 300 yuan and the seller phone is 13812345678, then he vanished")
    assert "13812345678" in replies[0] and "300 is" not in replies[0]
    case = show_case(en_chat.store, 1)
    assert case is not None and case["fields"]["amount"] == "300.00"
    assert "13812345678" in case["fields"]["description"]
