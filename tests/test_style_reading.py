"""Ways of writing read as the plain question (issue 12): written Cantonese function words and
phrases of a dispute (knowledge/data/dialect.yaml), an English state said through a copula (the
deal is closed: knowledge/glossary.py), a term variant typed with the term's rest after it
(knowledge/textnorm.py). Written by hand, not from any evaluation set."""

from __future__ import annotations

import pytest

from knowledge.loader import load_kb


@pytest.mark.parametrize(("typed", "plain"), [
    ("同客服講嘢", "说话"),
    ("佢扮係天貓客服叫我過數", "转账"),
    ("可唔可以快啲處理", "快一点"),
    ("投訴咗佢先會理我", "才会"),
    ("部機用咗兩日就爛咗", "坏了"),
    ("啲碟碎晒", "全碎了"),  # 晒 after a verb: completely
    ("付款後幾個鐘頭要出貨", "几小时要发货"),  # the whole word for hours, no stray character after it
])
def test_cantonese_words_read_as_their_mandarin_words(typed: str, plain: str) -> None:
    assert plain in load_kb().normaliser.basic(typed)


def test_cantonese_malice_is_not_taken_for_fierceness() -> None:
    assert "恶意" in load_kb().normaliser.basic("佢俾咗個惡意評價我")


def test_posting_photos_stays_posting_photos() -> None:
    assert "晒图" in load_kb().normaliser.basic("我想晒图")


@pytest.mark.parametrize(("question", "fact"), [
    ("點樣同客服講嘢先會有效啲？", "冷静"),
    ("同客服講嘢可唔可以惡啲？", "冷静"),
])
def test_a_cantonese_question_about_tone_gets_the_tone_rules(question: str, fact: str) -> None:
    found = load_kb().ask(question)
    assert found.answer is not None and fact in found.answer, found.answer


@pytest.mark.parametrize(("typed", "word"), [
    ("the deal is closed", "交易关闭"),
    ("my order was marked as completed", "交易成功"),
    ("the parcel got lost", "丢件"),
])
def test_an_english_state_through_a_copula_reads_as_its_phrase(typed: str, word: str) -> None:
    assert word in load_kb().glossary.chinese(typed)


def test_a_negated_state_is_not_the_state() -> None:
    assert "交易关闭" not in load_kb().glossary.chinese("the order is not closed")


def test_a_term_variant_with_the_terms_rest_after_it_leaves_no_stray_character() -> None:
    index = load_kb().build_index()
    assert "不发货货" not in index.own_rewrite("商家一直不发货")


@pytest.mark.parametrize(("typed", "number"), [
    ("打十二三幺五投诉", "12315"),  # twelve, then three-one-five digit by digit
    ("九十五幺零二幺幺是官方的吗", "9510211"),
    ("打幺二三幺五一般几点有人", "12315一般"),  # the one of "in general" is no digit
])
def test_a_number_read_out_in_chunks_is_one_number(typed: str, number: str) -> None:
    assert number in load_kb().normaliser.basic(typed)


@pytest.mark.parametrize("typed", ["一百二三块", "二十三四天", "二零二一年三月"])
def test_counts_and_years_are_not_taken_for_read_out_numbers(typed: str) -> None:
    assert not any(n in load_kb().normaliser.basic(typed) for n in ("10023", "2334", "202一"))


@pytest.mark.parametrize(("typed", "plain"), [
    ("這是不實廣告", "虚假宣传"),  # Taiwan's word for false advertising
    ("可以向賣家求償嗎", "索赔"),
    ("佢叫我轉帳", "转账"),  # OpenCC writes the account character of Taiwan, not the mainland's
])
def test_taiwan_words_opencc_keeps_read_as_the_mainland_words(typed: str, plain: str) -> None:
    assert plain in load_kb().normaliser.basic(typed)
