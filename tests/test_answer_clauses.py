"""Answers that generalise (issue 12, items 2, 3, 5, 7): a run-on question whose asking clause
finds the same entry as the whole question, a best match that is a known gap, an answer stating
another aspect the question names, English courtesy and negation, and facts FACTS.md states that
are asked as yes-or-no questions. Sentences written for this test, not taken from any set."""

from __future__ import annotations

import pytest

from knowledge.base import KnowledgeBase
from knowledge.clauses import split
from knowledge.loader import load_kb


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def test_clauses_are_read_alone_only_when_long_enough() -> None:
    assert split("消协 几点") == []
    assert split("投诉之后在哪里看进度，我找了一圈") == ["投诉之后在哪里看进度", "我找了一圈"]
    assert split("how do I complain in the app? thanks") == ["how do I complain in the app"]


# (question, lang, entry, a word its answer must hold): the story around the question lowers the
# whole question's score; the clause that asks finds the same entry surely. A won lawsuit the seller
# ignores asks what comes next: the ladder's answer (knowledge/ladder_answer.py) names the next step
RUN_ON: list[tuple[str, str, str, str]] = [
    ("投诉提交了以后想看进度，但是我在App里翻来翻去都找不到那个页面", "zh", "track_complaint", "投诉管理"),
    ("举报了那个卖假货的店 店主会不会知道是我 我有点担心", "zh", "report_anonymous", "匿名"),
    ("打官司赢了，可是商家到现在都不给钱，还有什么办法", "zh", "escalation_ladder", "强制执行"),
    ("告贏咗官司，間舖頭仲係唔肯賠錢，點算好", "zh", "escalation_ladder", "强制执行"),
    ("How can I complain in the app? sorry my chinese is not good", "en", "complain_app", "客服小蜜"),
]


@pytest.mark.parametrize(("question", "lang", "entry", "word"), RUN_ON)
def test_a_run_on_question_is_answered_by_its_asking_clause(kb: KnowledgeBase, question: str, lang: str,
                                                             entry: str, word: str) -> None:
    found = kb.ask(question, lang=lang)
    assert (found.entry, word in (found.answer or "")) == (entry, True), found


@pytest.mark.parametrize("question", ["I bought shoes and the sole came off. what are the rules of shoe san bao?",
                                      "数码家电30天维修的具体规则是什么，笔记本坏了能修几次"])
def test_a_gap_the_question_names_stays_unknown_however_weakly_matched(kb: KnowledgeBase, question: str) -> None:
    found = kb.ask(question, lang="en" if question.isascii() else "zh")
    assert found.answer is None and found.gap == "gap_guarantee_details"


@pytest.mark.parametrize("question", ["民法典里期限最后一天碰上节假日怎么办", "期限的最后一天是周日的话 法律上会顺延吗 几点截止"])
def test_an_answer_stating_another_aspect_named_keeps_its_place(kb: KnowledgeBase, question: str) -> None:
    """Holidays name hours too, but the question counts days: not the online service's hours."""
    found = kb.ask(question)
    assert found.entry == "how_days_counted" and "顺延" in (found.answer or "")


# yes-or-no questions about what FACTS.md states (§16 #1, #3): answered, with the fact
YES_NO: list[tuple[str, str, str, str]] = [
    ("人工客服9:00-18:30是不是天猫的上班时间", "zh", "doc_site_hours", "不是"),
    ("is 9:00-18:30 really when tmall agents work", "en", "doc_site_hours", "No."),
    ("订单页面能不能申请仲裁", "zh", "appeal", "申诉"),
    ("is there a button to apply for arbitration in the order page", "en", "appeal", "appeal"),
]


@pytest.mark.parametrize(("question", "lang", "entry", "word"), YES_NO)
def test_a_yes_or_no_question_gets_the_fact(kb: KnowledgeBase, question: str, lang: str, entry: str,
                                            word: str) -> None:
    found = kb.ask(question, lang=lang)
    assert found.entry == entry and word in (found.answer or ""), found


@pytest.mark.parametrize("question", ["假货的惩罚性赔偿能拿多少", "買到假貨想要懲罰性賠償，可以賠幾多"])
def test_punitive_damages_ask_an_amount_not_a_penalty(kb: KnowledgeBase, question: str) -> None:
    assert kb.aspects.asked(question) == "amount"
    assert "500" in (kb.ask(question).answer or "")


# a closer entry of the complaint's own category answers once the category confirms it, not the
# category's playbook; days that are told ("for days since") ask no deadline
SAME_CATEGORY: list[tuple[str, str]] = [
    ("佢哋寄錯咗顏色俾我", "wrong_item"),
    ("快递单号有了但是包裹一直没动，是不是假发货", "fake_shipping"),
    ("物流只有一条揽收记录 后面几天一直没更新", "fake_shipping"),
]


@pytest.mark.parametrize(("question", "entry"), SAME_CATEGORY)
def test_the_categorys_closer_entry_answers(kb: KnowledgeBase, question: str, entry: str) -> None:
    assert kb.ask(question).entry == entry


# a sure answer that states the fact keeps its place against a loosely matching entry that only
# happens to be tagged with the aspect asked (where, evidence)
@pytest.mark.parametrize("question", ["找消协要去哪里的消协", "去消协要带什么东西",
                                      "which consumer association do I go to and what do I bring"])
def test_a_sure_answer_is_not_displaced_by_a_loose_one(kb: KnowledgeBase, question: str) -> None:
    assert kb.ask(question, lang="en" if question.isascii() else "zh").entry == "consumer_association"


# Taiwan wording (檢舉 for 举报, 專線 for 热线) and a call that harasses, which asks no number
TAIWAN: list[tuple[str, str, str]] = [
    ("檢舉是不是匿名的", "report_anonymous", "匿名"),
    ("天貓客服專線幾號", "hotline_9510211", "9510211"),
    ("賣家用電話一直騷擾我", "harassment_how", "录音"),
]


@pytest.mark.parametrize(("question", "entry", "word"), TAIWAN)
def test_taiwan_wording_is_understood(kb: KnowledgeBase, question: str, entry: str, word: str) -> None:
    found = kb.ask(question)
    assert found.entry == entry and word in (found.answer or ""), found
