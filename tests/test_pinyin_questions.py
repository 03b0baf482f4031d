"""Chinese typed as pinyin (issue 12): joined or one syllable a word, in a Chinese or an English
sentence, it reads as the base's Chinese words, for computed answers, aspects and search alike."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.loader import load_kb
from knowledge.pinyin_text import is_pinyin, is_pinyin_text


@pytest.mark.parametrize(("question", "entry"), [
    ("what does jia yi pei san mean", "fake_3x_what"),
    ("qi tian wu li you zen me suan", "no_reason_7d"),
    ("wo de kuaidi mei shoudao", "not_received_how"),
])
def test_pinyin_questions_are_answered(question: str, entry: str) -> None:
    assert load_kb().ask(question).entry == entry


def test_pinyin_reaches_the_computed_answer() -> None:
    found = load_kb().ask("80块买的假货 tuiyipeisan zuishao duoshao")
    assert found.computed is not None and found.computed["extra"] == "500.00"


def test_english_stays_english() -> None:
    kb = load_kb()
    for text in ("the seller is selling fake shoes", "can you help me", "change the size"):
        assert kb.readable(text) == text


@pytest.mark.parametrize(("word", "pinyin"), [("shenme", True), ("zuishao", True), ("xian", True),
                                              ("hotline", False), ("seller", False)])
def test_pinyin_words(word: str, pinyin: bool) -> None:
    assert is_pinyin(word) is pinyin


def test_a_pinyin_question_is_chinese_and_an_english_one_is_not() -> None:
    assert is_pinyin_text("shouhou zenme shenqing")
    assert not is_pinyin_text("what does jia yi pei san mean")
    assert not is_pinyin_text("9510211")


def test_kb_ask_answers_pinyin_in_chinese() -> None:
    weiquan = str(Path(sys.executable).with_name("weiquan"))
    out = subprocess.run([weiquan, "kb", "ask", "qitianwuliyou zenme suan", "--json"],
                         capture_output=True, text=True, check=True, timeout=120)
    answer = json.loads(out.stdout)["answer"]
    assert answer and any("\u4e00" <= c <= "\u9fff" for c in answer.split("。")[0])
