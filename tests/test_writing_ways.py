"""The other ways of writing are read as the careful Simplified question would be (issue 12): a law
asked about a fake in Traditional, whether chasing the agent speeds things up (voice, Cantonese,
English), a time limit asked as 时间限制, a bare fragment asking 啥意思, and an English word that is
a thing ("order", 订单) read as the verb it is after a modal or "to".

Written by hand from ../shared/domain/FACTS.md (§10.2, §13.1, §2.10, §16 #4, appendix B Art. 55),
not from any blind set.
"""

from __future__ import annotations

import pytest

from knowledge.glossary import as_verbs, read
from knowledge.loader import load_kb

TABLE: list[tuple[str, str, str]] = [
    # (question, lang, a fact the answer states)
    # a playbook names the law only in passing (法律途径): the law asked about a fake is Art. 55
    ("買到假貨的話，可以依據哪一部法律主張權益？", "zh", "消费者权益保护法"),
    ("买到假货，可以依据哪一部法律维权", "zh", "55"),
    # whether chasing customer service makes it faster: 催也快不了 (FACTS §13.1)
    ("客服介入以后我每天都去催好几遍这样会不会快一点", "zh", "快不了"),
    ("客服介入以后我一天打好几次电话催他们这样有用吗", "zh", "快不了"),
    ("客服介入咗，我一日打幾次電話去催佢哋，會唔會快啲？", "zh", "快不了"),
    ("Should I message kefu ten times a day to push them during jieru?", "en", "won't go faster"),
    # a time limit asked as 时间限制: the malicious-review window (FACTS §2.10)
    ("商家给我回了个很难听的评价说我是骗子我想投诉恶意评价有时间限制吗", "zh", "15 天"),
    # a fragment: a term of the base and 啥意思 asks what it means (FACTS §10.2)
    ("表面一致 啥意思", "zh", "表面一致"),
    # "order" after a modal commands: the consumer association mediates, it judges nothing
    ("xiaoxie can order refund?", "en", "mediat"),
    # calls counted (好几次电话) are the calls made, no phone number asked
    ("客服介入以后我能不能一天打好几次电话去催这样是不是处理得快一点", "zh", "快不了"),
    # English ways of asking the least amount and what to have ready
    ("The fake scarf only cost 50 yuan. What's the least I can get back under the three-times rule?", "en", "500"),
    ("What details should I have ready before I ring the Tmall hotline?", "en", "order number"),
    ("Do I need to sign my complaint letter with my name and contact details?", "en", "contact"),
    # Traditional 資料 is what to fill in, not OpenCC's 数据 (data)
    ("天貓售後申請要填寫哪些資料", "zh", "订单号"),
]


@pytest.mark.parametrize(("question", "lang", "fact"), TABLE)
def test_each_way_of_writing_gets_the_fact(question: str, lang: str, fact: str) -> None:
    found = load_kb().ask(question, lang)
    assert found.answer is not None and fact.lower() in found.answer.lower(), (question, found.entry)


@pytest.mark.parametrize("question", ["银行 啥时候 开门", "医院挂号 啥意思"])
def test_a_question_word_joined_to_a_word_names_nothing_of_a_dispute(question: str) -> None:
    assert load_kb().ask(question).answer is None


def test_a_thing_stays_a_thing_where_no_verb_can_stand() -> None:
    assert load_kb().ask("where is my order number", "en").entry == "order_number"


def test_a_verb_is_read_only_right_after_a_modal_or_to() -> None:
    assert as_verbs(["order"], ["can", "to"]) == ["can order", "can orders", "to order", "to orders"]
    table = read()
    assert "can order" in table["要求"] and "order" in table["订单"]
