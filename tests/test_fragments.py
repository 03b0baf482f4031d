"""Bare fragments: a topic word and an aspect word, no sentence around them, get the fact asked.

Written by hand for issue 12 from FACTS.md (not from the blind sets): (fragment, a fact the answer
must state). A shopper typing on a phone often leaves out everything but the subject and what
they want to know ("假货 举报 几天"); the aspect word is then the only cue and the topic word is a
category or a service. An out-of-scope fragment (FACTS §17: the 消协's number and hours) must
get no answer.
"""

from __future__ import annotations

import pytest

from knowledge.loader import load_kb

TABLE: list[tuple[str, str]] = [
    ("假货 举报 几天", "3-5"),
    ("申诉 要带什么", "新证据"),
    ("消协 有权判 赔钱不", "调解"),
    ("假货 要拍哪些照片", "防伪"),
    ("12315 上班时间", "8:30"),
    ("禁售品 举报 多久处理", "1 个工作日"),
    ("维权中心 几天能进", "9 天"),
    ("投诉信 语气", "冷静"),
    ("七天无理由 从哪天算", "次日"),
    ("快递压坏 证据", "包装"),
    ("订单投诉 几天处理完", "5 天"),
    ("阿里小蜜 转真人", "转人工"),
    ("骚扰电话 留什么证据", "录音"),
    ("假客服 骗钱 报警电话", "110"),
    ("12315 opening hours", "8:30"),
    ("jiahuo jubao how many days", "3-5"),
    ("shensu what to bring", "new evidence"),
    ("tmall hotline number", "9510211"),
    ("rights center how many days", "9 days"),
    ("harassment evidence", "recording"),
]

OUT_OF_SCOPE = ["消协 几点", "消协 电话号码", "运费险 赔多少", "9510211 几点上班", "xiaoxie phone number"]


def test_the_table_is_big_enough_in_both_languages() -> None:
    assert len(TABLE) >= 20 and sum(q.isascii() for q, _ in TABLE) >= 5


@pytest.mark.parametrize(("fragment", "fact"), TABLE)
def test_a_fragment_gets_the_fact_asked(fragment: str, fact: str) -> None:
    found = load_kb().ask(fragment, lang="en" if fragment.isascii() else "zh")
    assert found.answer is not None, fragment
    assert fact.lower() in found.answer.lower(), (found.entry, found.answer)


@pytest.mark.parametrize("fragment", OUT_OF_SCOPE)
def test_an_out_of_scope_fragment_gets_no_answer(fragment: str) -> None:
    assert load_kb().ask(fragment, lang="en" if fragment.isascii() else "zh").answer is None


@pytest.mark.parametrize(("fragment", "fact"), [
    ("举报 违禁 多久 处理 结果", "1 个工作日"),
    ("管制刀具 举报 多久", "1 个工作日"),
    ("退款拖着 维权中心 满几天", "9 天"),  # a channel's entry (no complaint's own) stays
    ("假货 举报 几天", "3-5"),
])
def test_the_complaint_described_keeps_its_own_answer(fragment: str, fact: str) -> None:
    """A fragment the classifier surely reads as one complaint gets that complaint's entry for the
    aspect, not another complaint's entry the channel words match better (knowledge/own_complaint.py)."""
    found = load_kb().ask(fragment, lang="zh")
    assert found.answer is not None and fact in found.answer, (found.entry, found.answer)
