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
