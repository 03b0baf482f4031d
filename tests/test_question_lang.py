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


def test_a_question_that_tells_the_purchase_keeps_its_facts_for_the_form(chat: Chat) -> None:
    """Answered first (the figure), then offered as a complaint; started, the form asks only
    what the question did not tell."""
    replies = chat.send("我11月11号在天猫耐克旗舰店花899买的鞋是假的，能退一赔三吗？")
    assert "2697" in replies[0]  # 3 × 899: the computed answer
    assert "开一个投诉" in replies[-1]
    chat.click("📝 开始投诉")
    assert "天猫" in chat.replies[-2] and "耐克旗舰店" in chat.replies[-2] and "899" in chat.replies[-2]
    assert "订单编号" in chat.last  # not the platform, the shop nor the amount


def test_an_english_question_that_tells_the_purchase(en_chat: Chat) -> None:
    en_chat.send("I bought fake Nike shoes on Tmall for 899 yuan on Nov 11, can I get three times compensation?")
    en_chat.click("📝 Start the complaint")
    assert "Tmall" in en_chat.replies[-2] and "899" in en_chat.replies[-2]
    assert "platform" not in en_chat.last.lower() and "how much" not in en_chat.last.lower()


def test_a_bare_question_is_not_offered_as_a_complaint(chat: Chat) -> None:
    replies = chat.send("假货怎么投诉")
    assert not any("开一个投诉吗" in r for r in replies)
