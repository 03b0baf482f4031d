"""Normalisation a shopper notices: numbers written in Chinese and Traditional characters are understood."""

from __future__ import annotations

import pytest

from dialogs.validators import Valid, amount
from knowledge.loader import load_kb

TODAY = __import__("datetime").date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("十二小时内发货", "12小时内发货"),  # was 十2小时
        ("花了八百九十九买的", "花了899买的"),
        ("一千二买的手机", "1200买的手机"),
        ("两千五的电视", "2500的电视"),
        ("七天无理由", "7天无理由"),
        ("二十四小时", "24小时"),
        ("一千零五十元", "1050元"),
        ("十天了还没发货", "10天了还没发货"),
        ("打幺二三幺五投诉", "打12315投诉"),  # voice input reads a hotline out digit by digit
        ("九五一零二一一", "9510211"),
        ("退一赔三", "退一赔三"),  # a lone numeral is a number only before a unit
        ("假一赔三", "假一赔三"),
        ("等一下", "等一下"),
        ("第一次用", "第一次用"),
        ("千万别买", "千万别买"),  # words that only look like numbers
        ("万一坏了", "万一坏了"),
        ("十分满意", "十分满意"),
        ("三四天就到", "三四天就到"),  # two bare digits are a range
        ("小二一般会联系", "小二一般会联系"),
    ],
)
def test_chinese_numerals_become_digits_where_they_are_numbers(text: str, expected: str) -> None:
    assert load_kb().normaliser.basic(text) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [("八百九十九", "899.00"), ("一千二", "1200.00"), ("两千五", "2500.00"), ("八百九十九元", "899.00"),
     ("¥899", "899.00"), ("三百块", "300.00")],
)
def test_amounts_in_chinese_numerals(text: str, value: str) -> None:
    assert amount(text, TODAY, load_kb()) == Valid(value)


@pytest.mark.parametrize(
    ("spoken", "typed"),
    [("打幺二三幺五怎么投诉", "打12315怎么投诉"), ("卖家十二小时不发货怎么办", "卖家12小时不发货怎么办"),
     ("花了八百九十九买的鞋是假的能赔多少", "花了899买的鞋是假的能赔多少")],
)
def test_numbers_in_words_get_the_answer_of_digits(spoken: str, typed: str) -> None:
    kb = load_kb()
    answer = kb.ask(typed)
    assert answer.answer is not None
    assert kb.ask(spoken) == answer


def test_a_hotline_read_out_finds_its_entry() -> None:
    assert load_kb().ask("打幺二三幺五怎么投诉").entry == "gov_12315_phone"


# Simplified questions of the dev set (tests/data/kb_questions.yaml) the base answers, written
# in Traditional characters (Taiwan and Hong Kong forms): the same answer, in Chinese
TRADITIONAL_QUESTIONS = [
    ("協商不成下一步", "escalation_ladder"),
    ("買到假鞋了 能賠錢嗎", "counterfeit_how"),
    ("賣家給我差評了怎麼辦", "malicious_review_how"),
    ("才用兩天就壞了", "quality_how"),
    ("申請客服介入在哪", "intervention_how"),
    ("為啥我訂單裡沒有投訴按鈕", "complaint_window"),
    ("天貓投訴電話多少啊", "hotline_9510211"),
    ("退一賠三最少賠多少", "law_55"),
    ("網購被騙錢了怎麼辦", "fraud_how"),
]
TRADITIONAL_COMPLAINTS = [
    ("快遞已經一個禮拜沒有更新了", "not_received"),
    ("這個LV是仿的吧 五金都掉色", "counterfeit"),
    ("陌生人打電話説我買的東西有質量問題要給我雙倍賠償", "fraud"),
    ("椅子坐了幾天就歪了", "quality"),
    ("説送的保温杯一直沒給", "broken_promise"),
    ("商家在評價下面回覆説我是騙子 造謠我", "malicious_review"),
]


@pytest.mark.parametrize(("question", "entry"), TRADITIONAL_QUESTIONS)
def test_traditional_questions_get_the_simplified_answer(question: str, entry: str) -> None:
    kb = load_kb()
    answer = kb.ask(question)
    assert answer.entry == entry
    assert answer.answer == kb.entry(entry).answer.zh


@pytest.mark.parametrize(("text", "category"), TRADITIONAL_COMPLAINTS)
def test_traditional_complaints_are_classified(text: str, category: str) -> None:
    assert load_kb().classify(text).category == category


def test_simplified_text_is_left_as_it_is() -> None:
    text = "著名品牌的头发护理液 干净卫生 后来发现是假的"
    assert load_kb().normaliser.basic(text) == text
