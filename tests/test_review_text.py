"""Text typed on the review card corrects the field it belongs to (asking when unsure), and a
number that is no button is told so, with the buttons again."""

from __future__ import annotations

import pytest

from bot.store.cases import show_case
from tests.chat import Chat

STORY = "用了三天右耳就没声音了，客服让我等，一直没有结果。"
NEW_STORY = "收到第三天右耳完全没声音，联系客服三次，都说在核实，十天了没有任何答复。"


def fields(chat: Chat) -> dict[str, str | None]:
    case = show_case(chat.store, 1)
    assert case is not None
    return case["fields"]  # type: ignore[no-any-return]


def notes(chat: Chat) -> list[dict[str, str]]:
    case = show_case(chat.store, 1)
    assert case is not None
    return case["notes"]  # type: ignore[no-any-return]


def to_review(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("质量问题")
    chat.click("天猫")
    for text in ("小李数码专营店", "1234567890123456", "蓝牙耳机", "299", "11月10日"):
        chat.send(text)
    chat.click("跳过")
    chat.click("跳过")
    chat.send(STORY)
    chat.click("维修")
    assert "请核对" in chat.last


def test_a_story_typed_on_the_card_replaces_the_account_and_the_old_one_is_kept(chat: Chat) -> None:
    to_review(chat)
    replies = chat.send(NEW_STORY)
    assert "已把「经过」改为" in replies[0] and "请核对" in replies[0]
    assert NEW_STORY in chat.last
    assert fields(chat)["description"] == NEW_STORY
    assert {"kind": "replaced", "field": "description", "text": STORY} == \
        {k: notes(chat)[0][k] for k in ("kind", "field", "text")}


@pytest.mark.parametrize(("typed", "slot", "stored"), [
    ("¥259", "amount", "259.00"),
    ("329.5元", "amount", "329.50"),
    ("9876543210987654", "order_no", "9876543210987654"),
    ("2345 6789 0123 4567", "order_no", "2345678901234567"),
    ("淘宝", "platform", "taobao"),
    ("退货退款", "demand", "refund_return"),
])
def test_a_shape_names_its_field(chat: Chat, typed: str, slot: str, stored: str) -> None:
    to_review(chat)
    chat.send(typed)
    assert "请核对" in chat.last and "已把" in chat.last
    assert fields(chat)[slot] == stored


def test_a_date_asks_which_date(chat: Chat) -> None:
    to_review(chat)
    chat.send("11月12日")
    assert "「11月12日」" in chat.last and "填到哪一项" in chat.last
    assert "填到「签收日期」" in chat.buttons or any("签收" in b for b in chat.buttons)
    chat.click("签收")
    assert "请核对" in chat.last
    assert fields(chat)["received_on"] == "2026-11-12" and fields(chat)["paid_on"] == "2026-11-10"


def test_a_short_text_asks_which_field_and_can_stay_a_note(chat: Chat) -> None:
    to_review(chat)
    chat.send("小王数码")
    assert "填到哪一项" in chat.last and "只作为备注保存" in chat.buttons
    chat.click("店铺")
    assert fields(chat)["shop"] == "小王数码"
    assert any(n["text"] == "小李数码专营店" and n["kind"] == "replaced" for n in notes(chat))
    chat.send("周末再联系")
    chat.click("只作为备注保存")
    assert "备注" in chat.last and "请核对" in chat.last
    assert any(n["text"] == "周末再联系" for n in notes(chat))


@pytest.mark.parametrize("typed", ["9", "42", "［7］"])
def test_a_number_that_is_no_button_on_the_card(chat: Chat, typed: str) -> None:
    to_review(chat)
    before = fields(chat)
    chat.send(typed)
    assert "没有编号为" in chat.last and "请核对" in chat.last
    assert "✅ 确认提交" in chat.buttons  # the buttons again
    assert fields(chat) == before


def test_no_such_button_on_a_question_and_in_english(chat: Chat, en_chat: Chat) -> None:
    chat.send("投诉")
    chat.click("假货")
    chat.send("7")
    assert "没有编号为 7 的按钮" in chat.last and "哪个平台" in chat.last and "天猫" in chat.buttons
    en_chat.send("/complain")
    en_chat.send("15")
    assert "There is no button 15" in en_chat.last


def test_no_such_button_in_idle_shows_the_menu(chat: Chat) -> None:
    chat.send("/start")
    chat.send("8")
    assert "没有编号为 8 的按钮" in chat.last and "📝 我要投诉" in chat.buttons


def test_a_number_is_still_an_amount(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("假货")
    chat.click("天猫")
    for text in ("某店", "1234567890123456", "袜子"):
        chat.send(text)
    chat.send("9")
    assert "付款" in chat.last and fields(chat)["amount"] == "9.00"


def test_english_correction_on_the_card(en_chat: Chat) -> None:
    en_chat.send("/complain")
    en_chat.click("Quality")
    en_chat.click("Tmall")
    for text in ("Li's store", "1234567890123456", "earbuds", "299"):
        en_chat.send(text)
    for _ in range(3):
        en_chat.click("Skip")
    en_chat.send("The right earbud went silent after three days and the seller ignores me.")
    en_chat.click("Repair")
    en_chat.send("The right earbud died on day three; the seller has ignored four messages since.")
    assert "is now" in en_chat.texts[-1] or "is now" in en_chat.texts[-2]
    case = show_case(en_chat.store, 1)
    assert case is not None and case["fields"]["description"].startswith("The right earbud died")
