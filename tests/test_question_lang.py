"""Answers in the language asked (issue 12): in a Chinese conversation an English question gets
its answer in English, in an English one a Chinese question gets it in Chinese; the form and the
conversation keep their own language."""

from __future__ import annotations

import pytest

from dialogs.question_lang import asked_in
from tests.chat import Chat


def test_an_english_question_in_a_chinese_conversation_is_answered_in_english(chat: Chat) -> None:
    reply = chat.send("how does the 7 day no reason return work?")[0]
    assert "Sources:" in reply and "来源" not in reply
    assert "🙋 转人工" not in chat.buttons  # the buttons speak the answer's language too


def test_a_chinese_question_in_an_english_conversation_is_answered_in_chinese(en_chat: Chat) -> None:
    reply = en_chat.send("七天无理由怎么算")[0]
    assert "来源" in reply and "Sources:" not in reply


def test_the_form_goes_on_in_the_conversations_language(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("假货")
    chat.click("天猫")
    chat.send("某某专营店")
    replies = chat.send("where do I find my order number?")
    assert "Sources:" in replies[0]
    assert "订单编号是多少" in replies[-1]  # the form's question again, in Chinese


def test_a_chinese_question_with_an_english_word_stays_chinese(chat: Chat) -> None:
    reply = chat.send("tmall app里在哪投诉商家")[0]
    assert "来源" in reply


@pytest.mark.parametrize(("text", "conversation", "expected"), [
    ("how do I complain?", "zh", "en"),
    ("shouhou zenme shenqing", "zh", "zh"),  # pinyin is Chinese
    ("天猫客服电话多少", "en", "zh"),
    ("what is 假一赔三", "en", "en"),
    ("what is 假一赔三", "zh", "zh"),  # not clearly English: the conversation's
    ("9510211", "en", "en"),
    ("天猫app怎么投诉", "zh", "zh"),
])
def test_the_language_of_a_question(text: str, conversation: str, expected: str) -> None:
    assert asked_in(text, conversation) == expected
