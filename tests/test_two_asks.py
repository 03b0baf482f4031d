"""A message asking two things gets both answers (knowledge/two_asks.py)."""

from __future__ import annotations

import pytest

from knowledge.loader import load_kb
from knowledge.two_asks import asking_sentences


@pytest.mark.parametrize(
    ("question", "lang", "wanted"),
    [
        ("Can I call 12315 on the weekend? And what area code do I put in front?", "en",
         ["Monday", "area code"]),
        ("12315周末能打吗？要加哪里的区号？", "zh", ["区号", "8:30"]),
        ("打12315要加什么区号？周末有没有人接？", "zh", ["区号", "周末"]),
    ],
)
def test_both_questions_are_answered(question: str, lang: str, wanted: list[str]) -> None:
    answer = load_kb().ask(question, lang).answer
    assert answer is not None
    for words in wanted:
        assert words in answer


@pytest.mark.parametrize(
    "question",
    ["12315几点上班？几点下班？", "What are 12315's hours? When do they close?"],
)
def test_one_thing_asked_twice_is_answered_once(question: str) -> None:
    answer = load_kb().ask(question, "en" if question.isascii() else "zh").answer
    assert answer is not None and "\n\n" not in answer


def test_a_gap_stays_unanswered_whatever_else_is_asked() -> None:
    assert load_kb().ask("京东买的东西怎么退货？要多少天？").answer is None


@pytest.mark.parametrize(
    ("message", "sentences"),
    [
        ("12315几点上班？要加区号吗？", ["12315几点上班？", "要加区号吗？"]),
        ("假货怎么投诉？真的吗？", []),  # a sentence too short to ask anything of its own
        ("假货怎么投诉", []),
        ("Is it open? What number?", ["Is it open?", "What number?"]),
    ],
)
def test_asking_sentences(message: str, sentences: list[str]) -> None:
    assert asking_sentences(message) == sentences
