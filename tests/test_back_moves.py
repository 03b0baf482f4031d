"""/back moves to the previous question and shows what is stored there; it deletes nothing."""

from __future__ import annotations

from bot.store.cases import show_case
from tests.chat import Chat


def fields(chat: Chat) -> dict[str, str | None]:
    case = show_case(chat.store, 1)
    assert case is not None
    return case["fields"]  # type: ignore[no-any-return]


def to_received_on(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("质量问题")
    chat.click("天猫")
    for text in ("小李数码专营店", "1234567890123456", "蓝牙耳机", "299", "11月10日"):
        chat.send(text)
    assert "签收" in chat.last


def test_three_backs_and_a_retyped_item_keep_the_rest(chat: Chat) -> None:
    to_received_on(chat)
    chat.send("/back")
    assert "付款" in chat.last and "2026-11-10" in chat.last
    chat.send("/back")
    assert "支付了多少" in chat.last and "299.00" in chat.last
    chat.send("上一步")
    assert "买的是什么" in chat.last and "蓝牙耳机" in chat.last
    assert fields(chat)["amount"] == "299.00"  # moving back deleted nothing
    chat.send("降噪蓝牙耳机")
    assert "签收" in chat.last  # on to the first question still open
    stored = fields(chat)
    assert stored["item"] == "降噪蓝牙耳机"
    assert stored["amount"] == "299.00" and stored["paid_on"] == "2026-11-10"
    assert stored["shop"] == "小李数码专营店" and stored["order_no"] == "1234567890123456"


def test_back_then_keep_leaves_the_answer(chat: Chat) -> None:
    to_received_on(chat)
    chat.click("上一步")
    chat.click("上一步")
    assert "现在填的是" in chat.last and "✅ 保留" in chat.buttons
    chat.click("保留")
    assert "签收" in chat.last
    assert fields(chat)["amount"] == "299.00" and fields(chat)["paid_on"] == "2026-11-10"


def test_back_from_the_review_card_shows_the_last_answer(chat: Chat) -> None:
    to_received_on(chat)
    chat.click("跳过")
    chat.click("跳过")
    chat.send("用了三天右耳就没声音了，客服让我等，一直没有结果。")
    chat.click("维修")
    assert "请核对" in chat.last
    chat.send("/back")
    assert "怎么解决" in chat.last and "维修" in chat.last
    assert fields(chat)["demand"] == "repair"
    chat.send("/back")
    assert "经过" in chat.last and "右耳" in chat.last
    chat.click("保留")
    assert "请核对" in chat.last and "维修" in chat.last  # nothing was lost on the way


def test_back_shows_the_stored_shop_and_it_stays(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("假货")
    chat.click("天猫")
    chat.send("小李数码专营店")
    chat.send("/back")
    assert "店铺名称" in chat.last and "小李数码专营店" in chat.last
    chat.send("/back")
    assert "哪个平台" in chat.last
    assert fields(chat)["shop"] == "小李数码专营店"
    chat.click("天猫")
    assert "订单编号" in chat.last  # the shop is still there: straight on to the next open one


def test_english_back(en_chat: Chat) -> None:
    en_chat.send("/complain")
    en_chat.click("Counterfeit")
    en_chat.click("Tmall")
    en_chat.send("Li's store")
    en_chat.send("/back")
    assert "Li's store" in en_chat.last and "✅ Keep" in en_chat.buttons


def test_skipping_an_answered_date_keeps_the_date_as_a_note(chat: Chat) -> None:
    to_received_on(chat)
    chat.send("/back")
    chat.click("跳过")
    assert "签收" in chat.last
    case = show_case(chat.store, 1)
    assert case is not None and case["fields"]["paid_on"] is None
    assert {"kind": "replaced", "field": "paid_on", "text": "2026-11-10"} == \
        {k: case["notes"][0][k] for k in ("kind", "field", "text")}
