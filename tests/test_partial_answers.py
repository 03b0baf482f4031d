"""The chat shows the knowledge base's honest partial answers (issue 11, item 11): what is known
and what the sources do not say, as `weiquan kb ask` shows it, instead of a bare "I don't know"."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.loader import load_kb
from tests.chat import Chat

QUESTIONS = [("zh", "9510211几点上班", "9:00-18:30"), ("zh", "消协电话多少", "12315 是市场监管的电话"),
             ("en", "what time does 9510211 open", "9:00-18:30"),
             ("en", "when is the tmall hotline open", "do not give 9510211's hours")]


@pytest.mark.parametrize(("lang", "question", "known"), QUESTIONS)
def test_the_chat_says_what_kb_ask_says(db: Path, lang: str, question: str, known: str) -> None:
    kb = load_kb()
    found = kb.ask(question, lang)
    assert found.answer is None and found.gap is not None  # kb ask: a known gap
    chat = Chat(db, lang=lang)
    reply = "\n".join(chat.send(question))
    assert kb.entry(found.gap).answer.get(lang) in reply and known in reply
    assert ("来源" if lang == "zh" else "Source") in reply
    assert "不想猜" not in reply and "won't guess" not in reply
    chat.close()


def test_mid_form_the_partial_answer_comes_and_the_form_goes_on(db: Path) -> None:
    chat = Chat(db)
    chat.send("投诉")
    chat.click("假货")
    replies = chat.send("消协电话多少")
    assert "12315 是市场监管的电话" in replies[0] and "哪个平台" in replies[-1]
    chat.close()


@pytest.mark.parametrize(("lang", "adviser"), [("zh", "转人工"), ("en", "/human")])
def test_a_true_dont_know_does_not_promise_an_adviser_nobody_is(db: Path, lang: str,
                                                               adviser: str) -> None:
    chat = Chat(db, lang=lang)
    reply = chat.send("火星上能用支付宝吗" if lang == "zh" else "can I pay with bitcoin on mars")[-1]
    if "不想猜" in reply or "won't guess" in reply:
        assert adviser not in reply and "12315" in reply
    chat.close()
