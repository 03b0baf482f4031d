"""What the form refuses, as the shopper sees it: the reason, what they typed quoted back, the
same question again, and nothing stored; and what it accepts in the forms people type."""

from __future__ import annotations

import pytest

from bot.store.cases import show_case
from tests.chat import Chat


def to_slot(chat: Chat, question: str, *, en: bool = False) -> None:
    """Start a quality complaint on Tmall and answer up to the question containing `question`."""
    answers = ({"shop": "Xiaomi flagship store", "order number": "2345678901234567890",
                "What did you buy": "Xiaomi Band 9", "How much": "249.50"} if en else
               {"店铺": "小米官方旗舰店", "订单编号": "2345678901234567890",
                "买的是什么": "小米手环 9", "支付了多少": "249.50"})
    chat.send("complain" if en else "投诉")
    chat.click("Quality" if en else "质量问题")
    chat.click("Tmall" if en else "天猫")
    for _ in range(10):
        if question in chat.last:
            return
        key = next((k for k in answers if k in chat.last), None)
        if key is None:
            chat.send("2026-11-10")
        else:
            chat.send(answers[key])
    raise AssertionError(f"never asked {question!r}: {chat.last}")


def fields(chat: Chat) -> dict[str, object]:
    return show_case(chat.store, 1)["fields"]


@pytest.mark.parametrize(("question", "typed", "reason", "field"), [
    ("支付了多少", "1e5", "写法我不认", "amount"),
    ("支付了多少", "0x10", "写法我不认", "amount"),
    ("支付了多少", "1_000", "写法我不认", "amount"),
    ("支付了多少", "inf", "写法我不认", "amount"),
    ("店铺", "天猫", "是平台的名字", "shop"),
    ("店铺", "Tmall", "是平台的名字", "shop"),
    ("买的是什么", "100", "没有选项按钮", "item"),
])
def test_refused_with_reason_and_the_original_quoted(chat: Chat, question: str, typed: str,
                                                     reason: str, field: str) -> None:
    to_slot(chat, question)
    chat.send(typed)
    assert reason in chat.last
    assert f"你发的是：「{typed}」" in chat.last
    assert question in chat.last  # asked again
    assert not fields(chat).get(field)


@pytest.mark.parametrize(("question", "typed", "reason"), [
    ("How much", "1e5", "I don't take amounts written that way"),
    ("shop", "Taobao", "is the platform, not the shop"),
    ("What did you buy", "250", "no buttons"),
])
def test_refusals_in_english(en_chat: Chat, question: str, typed: str, reason: str) -> None:
    to_slot(en_chat, question, en=True)
    en_chat.send(typed)
    assert reason in en_chat.last and f'You sent: "{typed}"' in en_chat.last
    assert question in en_chat.last


def test_an_item_typed_as_a_button_number_is_not_stored(chat: Chat) -> None:
    to_slot(chat, "买的是什么")
    chat.send("2")
    assert "买的是什么" in chat.last and "2" in chat.last.split("\n")[0]
    assert not fields(chat).get("item")


def test_received_before_paid_is_refused_with_the_reason(chat: Chat) -> None:
    to_slot(chat, "哪天付款")
    chat.send("2026-11-12")
    assert "签收" in chat.last
    chat.send("11月10日")
    assert "签收日期（2026-11-10）早于付款日期（2026-11-12）" in chat.last
    assert "你发的是：「11月10日」" in chat.last and "哪天签收" in chat.last
    assert "received_on" not in fields(chat) or not fields(chat)["received_on"]
    chat.send("11月13日")
    assert fields(chat)["received_on"] == "2026-11-13"


def test_a_date_before_its_order_date_is_refused_in_english(en_chat: Chat) -> None:
    to_slot(en_chat, "When did you pay", en=True)
    en_chat.send("Nov 12")
    en_chat.send("Nov 10")
    assert "Date received (2026-11-10) would be before Payment date (2026-11-12)" in en_chat.last
    assert 'You sent: "Nov 10"' in en_chat.last


def test_editing_an_earlier_date_past_a_later_one_is_refused(chat: Chat) -> None:
    to_slot(chat, "哪天付款")
    chat.send("11月10日")
    chat.send("11月12日")
    chat.click("跳过")  # success
    chat.send("收到后第三天就开不了机，客服不理。")
    chat.click("维修")
    chat.click("改付款日期")
    chat.send("11月15日")
    assert "付款日期（2026-11-15）晚于签收日期（2026-11-12）" in chat.last
    assert fields(chat)["paid_on"] == "2026-11-10"


def test_shopping_festivals_are_dates(chat: Chat) -> None:
    to_slot(chat, "哪天付款")
    chat.send("双十一")
    assert fields(chat)["paid_on"] == "2026-11-11"


def test_order_number_with_spaces_and_dashes_is_kept(chat: Chat) -> None:
    to_slot(chat, "订单编号")
    chat.send("2345 6789－0123 4567 890")
    assert fields(chat)["order_no"] == "2345678901234567890"


def test_chinese_amount_is_kept(chat: Chat) -> None:
    to_slot(chat, "支付了多少")
    chat.send("两百四十九块五")
    assert fields(chat)["amount"] == "249.50"


def test_control_characters_are_neither_stored_nor_echoed(chat: Chat) -> None:
    to_slot(chat, "店铺")
    chat.send("\x1b[31m小李数码\u202e专营店\u200b\x1b[0m")
    assert fields(chat)["shop"] == "小李数码专营店"
    chat.send("\x1b[1m\x07")  # nothing visible left: refused, nothing echoed raw
    for text in chat.texts:
        assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text


def test_emoji_only_story_is_refused(chat: Chat) -> None:
    to_slot(chat, "经过")
    chat.send("😡😡😡😡😡😡")
    assert "只有表情或标点" in chat.last and "你发的是：「😡😡😡😡😡😡」" in chat.last
    assert not fields(chat).get("description")


def test_progress_dates_keep_the_order_too(chat: Chat) -> None:
    to_slot(chat, "哪天付款")
    chat.send("双十一")
    chat.send("11月13日")
    chat.click("跳过")
    chat.send("收到后第三天就开不了机，客服不理。")
    chat.click("维修")
    chat.click("确认提交")
    chat.send("/progress")
    chat.click("申请退款")
    chat.send("11月10日")
    assert "「申请退款/维权」（2026-11-10）早于付款日期（2026-11-11）" in chat.last
    assert "你发的是：「11月10日」" in chat.last
    assert "refund_requested" not in {e["kind"] for e in show_case(chat.store, 1)["events"]}
    chat.send("11月20日")
    assert "已记录" in chat.last
    assert "refund_requested" in {e["kind"] for e in show_case(chat.store, 1)["events"]}
