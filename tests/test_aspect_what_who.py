"""What a thing is, what a body can do, who complains about whom (issue 12).

Written by hand from ../shared/domain/FACTS.md (§2.5 and §15 a seller's pre-sale date and a
courier's stamped suspension letter; §4 the logistics list: the seller complains about the courier
and is paid; §5.8 the platform's decision binds both sides; §5.13 and §16 no. 4 the consumer
association mediates, it does not judge; §5.16 a judgment is enforced; §10.1 and §17 what 先行赔付
is, its conditions unknown). Each row: a question, and a fact the answer must state.
"""

from __future__ import annotations

import pytest

from knowledge.loader import load_kb

# what a thing is: the entry defining the term named, whatever the question's category
DEFINITIONS: list[tuple[str, str]] = [
    ("付款五天了还不发货，客服说我那边是停发区域，还有快递的公函，公函是啥", "停发"),
    ("停發區域公函即係點", "停发"),
    ("The seller keeps mentioning a suspension letter from the courier. What is a suspension letter?", "suspended"),
    ("页面上的先行赔付是什么意思", "先把钱赔"),
    ("what does xianxing peifu mean", "compensates the buyer first"),
    ("维权中心是干嘛的", "9 天"),
    ("小二介入係咩嚟", "专业团队"),
    ("What's the weiquan zhongxin?", "9 days"),
]

# what a body can do: its own entry (FACTS §5.8, §5.13, §5.16)
POWERS: list[tuple[str, str]] = [
    ("消协 能做什么", "协调"),
    ("消委會有冇權話商家一定要退錢", "调解"),
    ("What can the consumer association do for me, can it make the shop pay?", "mediates"),
    ("平台的判定结果商家可以不执行吗", "约束力"),
    ("法院判了商家不赔，法院有权力查封他的东西吗", "强制执行"),
    ("消协可以直接判商家退款吗", "调解"),
    # the body named nearest the question's cue is the one asked about
    ("卖家不理人，下一步是12315还是消协，消协有权判吗", "调解"),
]

# who complains about whom (FACTS §4: an item of the logistics list is the seller's complaint)
PARTIES: list[tuple[str, str]] = [
    ("快递员不让开箱验货，这个是谁投诉谁", "赔给商家"),
    ("送货不送到家门口，未送货入户是我投诉还是商家投诉", "赔给商家"),
    ("The courier refused an unboxing inspection. Who complains about whom?", "paid to the seller"),
]


# English wording of a law's exception (Food Safety Law Art. 148: a harmless label flaw)
WORDING: list[tuple[str, str]] = [
    ("Is a misprinted label on safe food also paid ten times the price?", "label"),
    ("食品标签有个错字但不影响安全，也能要十倍赔偿吗", "标签"),
]

# a gap's marker word the answer knows through its own term (12315 inside 全国12315平台): the
# 12315 website's steps say where the company's full name is found (FACTS §5.12 step 4)
OWN_TERM: list[tuple[str, str]] = [
    ("12315平台上被投诉公司的全称去哪查", "企查查"),
    ("全國12315平台嘅公司全名點樣查", "企查查"),
    ("How do I look up the company's full name for the 12315 website?", "企查查"),
]


def _ask(question: str) -> str:
    found = load_kb().ask(question, lang="en" if question.isascii() else "zh")
    assert found.answer is not None, question
    return found.answer


@pytest.mark.parametrize(("question", "fact"), DEFINITIONS + POWERS + PARTIES + WORDING + OWN_TERM)
def test_the_question_gets_the_fact_it_asks(question: str, fact: str) -> None:
    assert fact in _ask(question)


def test_the_tables_hold_both_languages() -> None:
    for table in (DEFINITIONS, POWERS, PARTIES, WORDING, OWN_TERM):
        assert any(q.isascii() for q, _ in table) and any(not q.isascii() for q, _ in table)


@pytest.mark.parametrize("question", [
    "先行赔付的条件是什么",  # the conditions, which the sources lack (FACTS §17), not what it is
    "88VIP是什么意思",  # a term no entry defines
])
def test_a_term_not_asked_about_or_not_known_is_no_definition(question: str) -> None:
    assert load_kb().defined_terms.defining(question) is None


def test_the_conditions_of_a_defined_term_stay_unknown() -> None:
    assert load_kb().ask("先行赔付的条件是什么").answer is None


@pytest.mark.parametrize("question", ["我能做什么", "买到假货了我还能做什么", "能直接判断是不是假货吗"])
def test_what_the_shopper_can_do_asks_no_power(question: str) -> None:
    assert load_kb().aspects.asked(question) != "binding"
