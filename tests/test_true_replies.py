"""Replies that say what is so: /skip, /status and /letter on a finished draft, /status N,
and wanting to sue."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chat import Chat
from tests.test_intake import answer_everything

EN_ANSWERS = {"shop": "Xiaomi flagship store", "order number": "2345678901234567890",
              "What did you buy": "Xiaomi Band 9", "How much": "249.50",
              "what happened": "It stopped working on the third day; the seller does not answer."}


def to_review(chat: Chat, *, en: bool = False) -> None:
    if not en:
        chat.send("投诉")
        chat.click("质量问题")
        answer_everything(chat)
        return
    chat.send("complain")
    chat.click("Quality")
    chat.click("Tmall")
    for _ in range(15):
        last = chat.last
        if "Please check your complaint" in last:
            return
        if "How would you like it resolved" in last:
            chat.click(chat.buttons[0])
        elif "When" in last:
            chat.send("3 days ago")
        else:
            chat.send(next(v for k, v in EN_ANSWERS.items() if k in last))
    raise AssertionError(chat.last)


def test_skip_on_the_review_card_says_there_is_nothing_to_skip(chat: Chat, en_chat: Chat) -> None:
    to_review(chat)
    chat.send("/skip")
    assert "没有要回答的问题可以跳过" in chat.last and "必填" not in chat.last
    assert "请核对" in chat.last  # the card again, nothing changed
    to_review(en_chat, en=True)
    en_chat.send("/skip")
    assert "there is no question to skip" in en_chat.last and "required" not in en_chat.last


def test_status_on_a_finished_draft_tells_it_is_not_submitted(chat: Chat, en_chat: Chat) -> None:
    to_review(chat)
    chat.send("/status")
    card = chat.texts[-2]
    assert "已经填完，但还没有提交" in card and "还没填完" not in card
    assert "📋 回到核对页" in [b.label for s in chat.transport.sent[-2:]
                             for row in getattr(s.action, "buttons", ()) for b in row]
    to_review(en_chat, en=True)
    en_chat.send("/status")
    assert "filled in but not submitted" in en_chat.texts[-2]


def test_status_on_an_unfinished_draft_says_so(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("质量问题")
    chat.send("/status")
    assert "还没填完" in chat.texts[-2]


def test_letter_on_the_review_card_explains_it_comes_after_filing(chat: Chat,
                                                                  en_chat: Chat) -> None:
    to_review(chat)
    chat.send("/letter")
    assert "提交后才能生成" in chat.texts[-2] and "输入「投诉」开始" not in chat.texts[-2]
    assert "确认提交" in chat.last  # the card with its submit button again
    to_review(en_chat, en=True)
    en_chat.send("/letter")
    assert "comes after the case is submitted" in en_chat.texts[-2]
    assert "✅ Submit" in en_chat.buttons


def file_one(chat: Chat, category: str) -> None:
    chat.send("投诉")
    chat.click(category)
    answer_everything(chat)
    chat.click("确认提交")


def test_status_with_a_number_shows_that_case(chat: Chat) -> None:
    file_one(chat, "质量问题")
    file_one(chat, "假货")
    file_one(chat, "延迟发货")
    chat.send("/status 2")
    assert "案件 #2 · 假货" in chat.last
    chat.send("/status #1")
    assert "案件 #1 · 质量问题" in chat.last
    chat.send("/status 9")
    assert "没有编号为 #9 的案件" in chat.last and "案件 #" not in chat.last.split("\n")[0][2:]


def test_status_with_another_users_case_number_is_no_such_case(db: Path) -> None:
    alice, bob = Chat(db, user_id=1), Chat(db, user_id=2, lang="en")
    try:
        file_one(alice, "质量问题")
        bob.send("/status 1")
        assert "You have no case #1" in bob.last and "Quality" not in bob.last
    finally:
        alice.close()
        bob.close()


@pytest.mark.parametrize(("text", "shown"), [
    ("我想起诉商家", ["律师", "强制执行", "来源：", "起诉淘宝商家索赔流程"]),
    ("我要起诉", ["律师", "来源："]),
])
def test_wanting_to_sue_gets_the_court_step(chat: Chat, text: str, shown: list[str]) -> None:
    chat.send(text)
    for part in shown:
        assert part in chat.last, chat.last
    assert "我能帮你处理天猫、淘宝的售后纠纷" not in chat.last


def test_wanting_to_sue_in_english(en_chat: Chat) -> None:
    en_chat.send("I want to sue the seller")
    assert "lawyer" in en_chat.last and "Sources:" in en_chat.last
    assert "enforcement" in en_chat.last
