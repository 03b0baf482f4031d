"""Answers in the script asked (issue 12 item 5): a question typed in Traditional characters
(Taiwan wording or written Cantonese) gets its answer in Traditional ones, in `weiquan kb ask` and
in the chat; a Simplified or English question does not, and the conversation's language stays."""

from __future__ import annotations

import pytest

from knowledge.loader import load_kb
from knowledge.textnorm import traditional_chars
from tests.blind_eval import run_cli
from tests.chat import Chat

# (question, in Traditional, a figure or label the answer must keep as it is)
QUESTIONS = [
    ("天貓消費者熱線幾號？", True, "9510211"),  # Taiwan wording
    ("搞唔掂嘅話，先打12315定係先搵消協", True, "12315"),  # written Cantonese
    ("喺12315網站要揀被投訴公司，但我唔知佢全名，點查？", True, "企查查"),
    ("天猫消费者热线是多少", False, "9510211"),
    ("12315和消协是一回事吗", False, "12315"),
    ("What is the Tmall consumer hotline number?", False, "9510211"),
]


def written_in_traditional(text: str) -> bool:
    """Traditional characters, and none that Traditional text writes otherwise."""
    kb = load_kb()
    return any(c in traditional_chars() for c in text) and kb.scripts.traditional(text) == text


@pytest.mark.parametrize(("question", "traditional", "kept"), QUESTIONS)
def test_kb_ask_answers_in_the_script_asked(question: str, traditional: bool, kept: str) -> None:
    reply = run_cli(["kb", "ask", "-", "--json"], [question])[0]
    answer = reply["answer"]
    assert answer is not None and kept in answer
    assert written_in_traditional(answer) is traditional
    if not traditional:
        assert not any(c in traditional_chars() for c in answer)


def test_the_chat_answers_in_the_script_asked(chat: Chat) -> None:
    """One conversation, in Chinese, through every question of the table: each reply (the answer
    and, for a number in the text, the verdict on it) in the question's script, and its buttons;
    a Simplified question after a Traditional one is answered in Simplified again."""
    for question, traditional, kept in QUESTIONS:
        replies = chat.send(question)
        assert any(kept in reply for reply in replies), question
        for reply in replies:
            answer = reply.split("\n\n")[0]  # before the sources line
            assert written_in_traditional(answer) is traditional, (question, answer)
            if not traditional:
                assert not any(c in traditional_chars() for c in answer), (question, answer)
        assert ("轉人工" in " ".join(chat.buttons)) is traditional, question


def test_a_traditional_question_in_an_english_conversation_is_answered_in_traditional(en_chat: Chat) -> None:
    reply = en_chat.send("天貓消費者熱線幾號？")[0]
    assert "9510211" in reply and written_in_traditional(reply.split("\n\n")[0])


@pytest.mark.parametrize(("text", "traditional"), [
    ("天貓消費者熱線幾號", True),
    ("佢哋冇發貨點算", True),
    ("天猫消费者热线是多少", False),
    ("淘寶怎么退款", False),  # one Traditional character against one Simplified: not decided by it
    ("我的淘寶訂單還沒到", True),
    ("how do I complain", False),
    ("12315", False),
])
def test_the_script_of_a_question(text: str, traditional: bool) -> None:
    assert load_kb().scripts.is_traditional(text) is traditional


@pytest.mark.parametrize(("simplified", "traditional"), [
    ("拨打 0571-2828-2058 前先核对", "撥打 0571-2828-2058 前先核對"),  # digits as they are
    ("按 success_15d 的规则，见《消费者权益保护法》第55条", "按 success_15d 的規則，見《消費者權益保護法》第55條"),
    ("在 https://www.12315.cn 点「我要投诉」", "在 https://www.12315.cn 點「我要投訴」"),
    ("平台介入", "平台介入"),  # the form Taiwan and Hong Kong write, not OpenCC's 平臺
    ("点「业务信息」", "點「業務信息」"),  # a label's words stay (s2twp would write 業務資訊)
    ("点「乾货」", "點「乾货」"),  # a label whose Traditional form reads back as another (干货)
])
def test_what_a_traditional_reply_keeps(simplified: str, traditional: str) -> None:
    assert load_kb().scripts.traditional(simplified) == traditional
