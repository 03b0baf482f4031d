"""Aspect within a category (issue 12, item 3): an evidence question about one complaint category
gets that category's own checklist (categories.yaml, FACTS §6.3), not the general evidence list.
Sentences written for this test, in Simplified, Traditional/Cantonese and English."""

from __future__ import annotations

import pytest

from knowledge.base import KnowledgeBase
from knowledge.loader import load_kb


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


# (question, words its answer must hold): an evidence question about one complaint category gets
# that category's checklist (FACTS §6.3), not the general list; zh, Traditional and English
CATEGORY_EVIDENCE: list[tuple[str, str, list[str]]] = [
    ("快递送来箱子压扁了 里面的台灯碎了 要拍什么照片当证据", "zh", ["外包装", "开箱视频"]),
    ("包裹運到嗰陣已經爛晒，要留低咩證據？", "zh", ["外包装"]),
    ("what proof do I need if the courier crushed my parcel", "en", ["Unboxing video"]),
    ("有人冒充客服骗我转账 要留什么证据", "zh", ["转账记录", "报警回执"]),
    ("卖家天天打电话骚扰我 要保留哪些证据", "zh", ["短信"]),
    ("收到的衣服和详情页写的材质不一样 要什么证据", "zh", ["详情页"]),
    ("买到假包了 投诉要准备哪些证据", "zh", ["防伪"]),
    ("what evidence do I need for a counterfeit perfume", "en", ["genuine"]),
]


@pytest.mark.parametrize(("question", "lang", "words"), CATEGORY_EVIDENCE)
def test_evidence_questions_get_the_categorys_own_checklist(kb: KnowledgeBase, question: str, lang: str,
                                                            words: list[str]) -> None:
    found = kb.ask(question, lang=lang)
    assert found.answer is not None, question
    assert all(w in found.answer for w in words), found.answer
    assert found.sources


# (question, lang, the entry that answers it): a topic the question names (申诉, a call) has its own
# entry for the aspect asked, over the general one; and facts reached however they are asked
NAMED: list[tuple[str, str, str]] = [
    ("申诉要准备什么材料", "zh", "appeal"),
    ("appeal: what evidence do I need", "en", "appeal"),
    ("打客服电话的时候要记什么", "zh", "call_tips"),
    ("what should I note down when calling customer service", "en", "call_tips"),
    ("投诉完了想看看进度", "zh", "track_complaint"),
    ("where can I track a complaint I made last month", "en", "track_complaint"),
    ("截图可以修改一下再交吗", "zh", "evidence_how"),
    ("what happens if the evidence I upload is faked", "en", "fake_evidence_liability"),
    ("法院判了商家还是不赔怎么办", "zh", "court"),
    ("I won the lawsuit but the shop still hasn't paid", "en", "court"),
    ("消费者协会应该找商家那边的还是我这边的", "zh", "consumer_association"),
    ("快递把东西弄坏了 物流赔的钱给谁", "zh", "courier_blame"),
    ("do I get the money cainiao pays for a lost parcel", "en", "courier_blame"),
]


@pytest.mark.parametrize(("question", "lang", "entry"), NAMED)
def test_the_entry_that_states_the_fact_answers(kb: KnowledgeBase, question: str, lang: str, entry: str) -> None:
    assert kb.ask(question, lang=lang).entry == entry


# a named topic whose aspect the sources do not give stays a known gap: no confident answer
@pytest.mark.parametrize(("question", "lang"), [("申诉有没有期限 要几天内提", "zh"), ("申訴有冇時限", "zh"),
                                                ("how many days do I have to appeal", "en")])
def test_a_topics_unknown_aspect_stays_a_gap(kb: KnowledgeBase, question: str, lang: str) -> None:
    found = kb.ask(question, lang=lang)
    assert found.answer is None and found.gap == "gap_appeal_deadline"


# the consumer association's hours are not in the sources: a known gap, never another body's hours
@pytest.mark.parametrize(("question", "lang"), [("消费者协会 上班时间", "zh"),
                                                ("what time does the consumer association open", "en")])
def test_the_associations_hours_stay_a_gap(kb: KnowledgeBase, question: str, lang: str) -> None:
    found = kb.ask(question, lang=lang)
    assert found.answer is None and found.gap == "gap_association_hours"
