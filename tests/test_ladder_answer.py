"""Which channel first and what comes next, answered from the escalation ladder (FACTS §8, §5.16).

Table-driven, zh and en, written by hand from FACTS.md (not from the dev sets): the rung the answer
must put first, or the step it must give next, and what it must not say.
"""

from __future__ import annotations

import pytest

from knowledge.ladder_answer import check
from knowledge.loader import load_kb

# (question, language, a fact said before another one in the answer)
ORDER: list[tuple[str, str, str, str]] = [
    # the seller first, then the rung named
    ("可以不理商家直接去法院起诉吗", "zh", "与商家协商", "法律途径"),
    ("Can I take the seller to court right away?", "en", "Negotiate with the seller", "Court"),
    # the platform before 12315 (FACTS §5.12: 12315 when the platform did not solve it)
    ("先在淘宝投诉还是先打12315", "zh", "平台投诉", "市场监管12315"),
    ("Should I complain on the platform first or call 12315 first?", "en", "Platform complaint", "12315"),
    # a fake is reported where the platform complaint stands (FACTS §8 level 3, §5.10)
    ("假鞋是先在平台举报商品，还是直接打12315", "zh", "举报此商品", "市场监管12315"),
]

# (question, language, the next step the answer gives)
NEXT: list[tuple[str, str, str]] = [
    ("商家拒绝退货了，下一步怎么办", "zh", "平台投诉"),
    ("The seller refused my return. What next?", "en", "Platform complaint"),
    ("客服介入判我输了，接下来怎么办", "zh", "申诉"),
    ("The intervention went against me, what's my next step?", "en", "Appeal"),
    ("12315那边一直没结果，下一步", "zh", "消费者协会"),
    ("打赢官司了商家还是不给钱，然后呢", "zh", "强制执行"),
    ("I won the case but the seller won't pay. What now?", "en", "enforcement"),
]


@pytest.mark.parametrize(("question", "lang", "before", "after"), ORDER)
def test_the_earlier_rung_comes_first(question: str, lang: str, before: str, after: str) -> None:
    found = load_kb().ask(question, lang=lang)
    assert found.aspect == "first" and found.answer is not None, found
    assert before in found.answer and after in found.answer, found.answer
    assert found.answer.index(before) < found.answer.index(after), found.answer


@pytest.mark.parametrize(("question", "lang"), [
    ("12315和消协先找哪个", "zh"),
    ("消委會同12315，應該先搵邊個？", "zh"),
    ("12315 or the xiaoxie, which first?", "en"),
])
def test_12315_and_the_association_run_side_by_side(question: str, lang: str) -> None:
    found = load_kb().ask(question, lang=lang)
    assert found.answer is not None and ("并行" in found.answer or "parallel" in found.answer), found


@pytest.mark.parametrize(("question", "lang", "step"), NEXT)
def test_the_next_rung_follows_the_one_named(question: str, lang: str, step: str) -> None:
    found = load_kb().ask(question, lang=lang)
    assert found.answer is not None and step in found.answer, found


@pytest.mark.parametrize(("question", "entry"), [
    # a parcel not received: the seller's refusal brings the platform's intervention (its own entry)
    ("未收到货卖家拒绝了，然后呢", "not_received_72h"),
])
def test_a_complaints_own_next_step_keeps_its_entry(question: str, entry: str) -> None:
    assert load_kb().ask(question).entry == entry


def test_how_to_use_a_rung_is_not_what_comes_after_it() -> None:
    found = load_kb().ask("怎么打12315投诉")
    assert found.entry != "escalation_ladder", found


def test_every_rung_the_words_name_is_on_the_ladder() -> None:
    assert check(set(load_kb().ladder)) == []
    assert check({"seller"}) != []


@pytest.mark.parametrize("question", [
    "網頁版要去邊度先搵到投訴入口",  # Cantonese 先 after a verb: "only then", no order
    "先行赔付到底是谁先赔钱",  # who pays first under the guarantee, not which channel
    "消协能不能直接判商家赔钱",  # whether the association can judge, not skipping a rung
    "卖家联系不上，能不能直接找平台赔",  # the platform's liability (Art. 44), not an order
])
def test_first_and_directly_in_other_senses_ask_no_order(question: str) -> None:
    assert load_kb().ask(question).aspect != "first"
