"""The complaint text in the chat: for the current step, shorter, in English, with another demand."""

from __future__ import annotations

from bot.store.cases import show_case
from tests.chat import Chat
from tests.test_intake import answer_everything


def filed(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("质量问题")
    answer_everything(chat)
    chat.click("确认提交")


def test_the_text_for_the_current_step(chat: Chat) -> None:
    filed(chat)
    chat.click("投诉文本")
    full = chat.last
    assert "小米官方旗舰店" in full and "2345678901234567890" in full
    assert "{{" not in full and "None" not in full
    chat.click("精简版")
    assert len(chat.last) < len(full)
    chat.click("English")
    assert "order" in chat.last.lower()
    chat.click("改诉求")
    chat.click("维修")
    assert show_case(chat.store, 1)["fields"]["demand"] == "repair"  # type: ignore[index]
    chat.click("其他渠道")
    chat.click("12315")
    assert "12315" in chat.last


def test_no_text_without_a_case(chat: Chat) -> None:
    chat.send("/letter")
    assert "先提交一个案件" in chat.last
