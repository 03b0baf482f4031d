"""Voice input and pinyin keyboards write a domain word by its sound (knowledge/voice.py): a long
word of the base heard right is that word even when its typo makes a real short word (权宜 for
权益), and ordinary words that only share a sound stay as typed. Written by hand, not from any
evaluation set."""

from __future__ import annotations

import pytest

from knowledge.loader import load_kb


@pytest.mark.parametrize(("typed", "read"), [
    ("按消费者权宜保护法能赔多少", "按消费者权益保护法能赔多少"),
    ("七天无理有退货从哪天算", "七天无理由退货从哪天算"),
    ("找消废者协会有用吗", "找消费者协会有用吗"),
])
def test_a_long_domain_word_heard_right_is_written_right(typed: str, read: str) -> None:
    assert load_kb().readable(typed) == read


@pytest.mark.parametrize("typed", ["这只是权宜之计", "消费者的权益受到侵害", "商家说这是权宜的办法"])
def test_ordinary_words_stay_as_typed(typed: str) -> None:
    assert load_kb().readable(typed) == typed
