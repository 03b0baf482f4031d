"""Questions asked in the middle of anything: answered with a source, and the form goes on."""

from __future__ import annotations

import pytest

from tests.chat import Chat


def test_a_question_while_asked_for_the_order_number(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("假货")
    chat.click("天猫")
    chat.send("某某专营店")
    assert "订单编号是多少" in chat.last
    replies = chat.send("订单号在哪看")
    assert len(replies) == 2
    assert "来源" in replies[0]
    assert "订单编号是多少" in replies[1]  # then the same question again
    chat.send("1234567890123456")
    assert "买的是什么" in chat.last


@pytest.mark.parametrize("question", ["七天无理由怎么算", "12315几点能打通", "假一赔三是什么",
                                      "商家不回复怎么办"])
def test_common_questions_are_answered_in_idle(chat: Chat, question: str) -> None:
    replies = chat.send(question)
    assert replies and "来源" in replies[0], replies
    assert "资料里没有可靠的答案" not in replies[0]


def test_an_unknown_question_offers_a_human(chat: Chat) -> None:
    replies = chat.send("京东的价保规则是什么？")
    assert "没有完整的答案" in replies[0] and "价保" in replies[0]  # the gap, said honestly
    assert "🙋 转人工" in chat.buttons


def test_a_related_entry_button_shows_it(chat: Chat) -> None:
    chat.send("七天无理由怎么算")
    related = [b for b in chat.buttons if "转人工" not in b]
    if not related:
        pytest.skip("this entry has no related entries")
    chat.click(related[0])
    assert "来源" in chat.last


@pytest.mark.parametrize(("number", "official"), [
    ("0571-2828-2058", False), ("9510211", True), ("12315", True), ("这个号码 400-123-4567 说是淘宝客服", False),
])
def test_phone_numbers_are_checked(chat: Chat, number: str, official: bool) -> None:
    reply = chat.send(number)[0]
    if official:
        assert "在官方号码名单上" in reply and "不在" not in reply.split("\n")[0]
    else:
        assert "不在天猫/淘宝的官方号码名单上" in reply
    assert "验证码" in reply or "转账" in reply  # the refund-scam warning comes with it


def test_an_order_number_is_not_taken_for_a_phone(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("假货")
    chat.click("天猫")
    chat.send("某某专营店")
    chat.send("1234567890123456")
    assert "买的是什么" in chat.last


def test_english_question(en_chat: Chat) -> None:
    reply = en_chat.send("how does the 7-day no-reason return work?")[0]
    assert "Source" in reply


def test_a_bare_amount_in_idle_is_not_taken_for_a_phone(chat: Chat) -> None:
    reply = chat.send("399")[0]
    assert "官方号码名单" not in reply
