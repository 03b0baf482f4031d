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


@pytest.mark.parametrize(("typed", "read"), [
    # the weekday swallowed the first character of the misheard word: Monday + report
    ("我礼拜一举保了那家店", "我礼拜一举报了那家店"),
])
def test_a_misheard_word_whose_first_character_a_real_word_took_is_still_heard(typed: str, read: str) -> None:
    assert load_kb().readable(typed) == read


def test_a_bound_half_of_a_real_word_is_not_taken_for_a_misheard_one() -> None:
    # "push" + "style" (of clothes) sounds like refund + a stray character: left as typed
    assert load_kb().readable("我推款式") == "我推款式"


def test_traditional_text_is_heard_by_sound_too() -> None:
    kb = load_kb()
    assert "骚扰" in kb.readable("商家天天打電話騷繞我")
    assert kb.readable("商家天天打電話騷擾我") == "商家天天打電話騷擾我"  # nothing misheard: as typed


def test_a_common_word_a_sound_alike_stretch_would_break_stays() -> None:
    # "three days before" + "received" sounds like "signed for" across the two: said as typed
    text = "三天前收到的衣服颜色跟图片不一样"
    assert load_kb().readable(text) == text


def test_a_real_word_at_the_edge_of_a_sound_alike_stretch_stays() -> None:
    # "price" + "ship" sounds like "fake shipping": the shipping is a real word inside the stretch
    assert load_kb().readable("商家不按活动价发货") == "商家不按活动价发货"


def test_voice_input_pauses_after_a_particle_that_ends_a_clause() -> None:
    kb = load_kb()
    assert kb.readable("我要退货是点申请售后吗还是直接去投诉") == "我要退货是点申请售后吗，还是直接去投诉"
    assert kb.readable("我去酒吧吃饭") == "我去酒吧吃饭"  # a word that ends with a particle's character
