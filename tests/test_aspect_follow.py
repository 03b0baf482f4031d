"""Where to follow what is already filed, and the proof a named complaint needs (issue 12, item 3).

A shopper who has filed a complaint, a refund or a report and asks where to look gets where to
follow it (FACTS §5.17: 退款维权 → 投诉管理 / 举报管理), not the steps to file it again; one asking
where to do something next keeps the where of that step. An evidence question gets the proof of
the complaint it names (FACTS §6.3), also typed with a slip of the same sound (证剧 for 证据).
Sentences written for this test, in Simplified, Traditional/Cantonese and English.
"""

from __future__ import annotations

import pytest

from knowledge.base import KnowledgeBase
from knowledge.loader import load_kb


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


# (question, the aspect asked, a word the answer must hold)
FOLLOW: list[tuple[str, str, str]] = [
    # a progress word narrows where: the thing filed is followed, not filed again
    ("我在app上已经投诉过这个店了，处理到哪一步了去哪里看", "progress", "投诉管理"),
    ("退货退款申请提交了，进度在哪儿查", "progress", "退款维权"),
    ("投訴咗間舖之後，去邊度睇進度", "progress", "投诉管理"),
    ("I filed a tousu last week, where can I see its progress?", "progress", "投诉管理"),
    ("how do I check the status of my complaint against the shop", "progress", "投诉管理"),
    # a where asked with a verb of looking about a thing filed
    ("举报了卖假货的店以后在哪看", "progress", "举报管理"),
    ("投诉完商家去哪看", "progress", "投诉管理"),
    ("退货寄回去了，商家收到没有在哪看", "progress", "退款维权"),
    ("I reported a listing selling fakes, where do I check it now?", "progress", "举报管理"),
    # ... but where a thing is, or where to do the next step, is no progress
    ("订单号哪里看", "where", "已买到的宝贝"),
    ("where can I see my order number", "where", "已买到的宝贝"),
    ("投诉了商家没用，在哪里申请客服介入", "where", "客服介入"),
]


@pytest.mark.parametrize(("question", "aspect", "word"), FOLLOW)
def test_where_to_follow_what_is_filed(kb: KnowledgeBase, question: str, aspect: str, word: str) -> None:
    assert kb.aspects.asked(question) == aspect
    found = kb.ask(question, lang="en" if question.isascii() else "zh")
    assert found.answer is not None, question
    assert word in found.answer, (found.entry, found.answer)


def test_a_12315_complaint_s_progress_stays_a_gap(kb: KnowledgeBase) -> None:
    found = kb.ask("在12315平台投诉了以后，进度在哪里看")
    assert found.answer is None and found.gap == "gap_12315_progress"


# (question, lang, a word the answer must hold): the proof of the complaint named, typed with a
# slip of the same sound (证剧, 证局, 正据) or described in words no cue held before (对不上)
EVIDENCE: list[tuple[str, str, str]] = [
    ("买的手表怀疑是假的，投诉要准备啥证剧", "zh", "防伪"),
    ("卖家半夜打电话骚扰我，要留哪些证局", "zh", "录音"),
    ("运动鞋质量不行开胶了 要啥正据", "zh", "质检报告"),
    ("收到的沙发跟宝贝详情里写的尺寸对不上，要准备哪些证据", "zh", "详情页"),
    ("收到嘅外套同詳情頁寫嘅唔一樣，要準備咩證據", "zh", "详情页"),
    ("the jacket I got looks nothing like the listing, what proof do I need?", "en", "listing"),
    ("what zhengju do I need for a jiahuo complaint", "en", "genuine"),
]


@pytest.mark.parametrize(("question", "lang", "word"), EVIDENCE)
def test_the_proof_of_the_complaint_named(kb: KnowledgeBase, question: str, lang: str, word: str) -> None:
    found = kb.ask(question, lang=lang)
    assert found.aspect == "evidence", found
    assert found.answer is not None and word in found.answer, (found.entry, found.answer)


@pytest.mark.parametrize("question", ["拼多多仅退款要准备什么证据", "京东的投诉进度在哪里看"])
def test_another_platform_s_proof_or_progress_is_not_ours(kb: KnowledgeBase, question: str) -> None:
    assert kb.ask(question).answer is None


@pytest.mark.parametrize(("typed", "meant"), [("证剧", "证据"), ("要啥正据", "要啥证据"), ("投素记录", "投诉记录")])
def test_a_rare_word_of_the_same_sound_is_a_slip_for_the_base_s_word(kb: KnowledgeBase, typed: str,
                                                                     meant: str) -> None:
    assert kb.typos(typed) == meant
