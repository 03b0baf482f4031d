"""Dates as questions name them, with the rule and start they imply (issue 12, item 4): a full
date with its weekday in brackets, written-out Chinese numerals (二零二五年四月三号, 九点半), ISO dates
(2025-03-30) next to a time or a hotline number, written Cantonese times (下晝), in Simplified,
Traditional, English and bare fragments. The deadline is computed from the date written, never
from today. Sentences written for this test."""

from __future__ import annotations

from datetime import datetime

import pytest

from knowledge.base import KnowledgeBase
from knowledge.datefind import find_dates
from knowledge.loader import load_kb

NOW = datetime.fromisoformat("2026-12-07T13:00:00+08:00")  # a Monday, long after every date below


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


# (question, rule, deadline as ISO prefix: date and, where a time of day was given, the time)
DATED: list[tuple[str, str, str]] = [
    ("卖家在2025年3月6号（周四）拒绝了我的退款，平台2个工作日内介入，最晚哪天", "intervention_2wd", "2025-03-10"),
    ("商家2025年6月13日(星期五)驳回了我的仅退款，小二几号前要介入", "intervention_2wd", "2025-06-17"),
    ("洗衣机是二零二五年四月三号签收的，坏了，质量问题十五天包退换，最后一天是几号", "quality_15d", "2025-04-18"),
    ("我二零二五年三月二号晚上九点半付的款，一直没发货，满七十二小时是几时，我要申请退款",
     "late_ship_72h", "2025-03-05T21:30"),
    ("張單喺2025年4月1日下晝3點10分顯示交易成功，但我冇收到貨，最遲幾時要維權？", "success_15d", "2025-04-16T15:10"),
    ("仅退款 卖家拒绝 2025-09-30 平台介入 最晚", "intervention_2wd", "2025-10-10"),
    ("违背承诺 拍下 2025-03-10 16:00 投诉截止", "created_15d", "2025-03-25T16:00"),
    ("收货 2025-03-30 七天无理由 最后一天", "no_reason_7d", "2025-04-06"),
    ("my package was delivered on 2025-04-28, I want a 7-day no reason return, what's the last day?",
     "no_reason_7d", "2025-05-05"),
    ("I placed it on 2025-05-02 at 14:30 and the order became 'transaction closed' on 2025-05-04 at 08:00, "
     "until when can I complain about late shipping?", "closed_15d", "2025-05-19T08:00"),
    ("吹风机2025年8月1日签收，数码家电30天维修，保修到哪天", "repair_30d", "2025-08-31"),
    ("平板2025年3月2日簽收，數碼家電30天維修，到哪一天為止？", "repair_30d", "2025-04-01"),
    ("我2025年5月20號檢舉咗一個賣假貨嘅舖頭，話3至5個工作天處理，最遲幾時？", "report_fake_3_5wd", "2025-05-27"),
    ("违背承诺 交易创建 2025-05-10 10:00 截止", "created_15d", "2025-05-25T10:00"),
    # a service's next opening from the moment the question names (none without a time of day)
    ("今天是2025年12月13日星期六下午3点，我想打12315找人工，最早什么时候能接通", "hotline_12315_open", "2025-12-15T08:30"),
    ("12315 2025-12-10 12:40 下次人工", "hotline_12315_open", "2025-12-10T14:00"),
    ("it's 2025-12-12 at 18:00, when can I next reach a 12315 agent?", "hotline_12315_open", "2025-12-15T08:30"),
    ("我二零二六年十月九号星期五举保了一个卖管制药品的店 说一个工作日出结果 是哪天", "report_banned_1wd", "2026-10-10"),
]


@pytest.mark.parametrize(("question", "rule", "deadline"), DATED)
def test_the_deadline_counts_from_the_date_written(kb: KnowledgeBase, question: str, rule: str,
                                                   deadline: str) -> None:
    lang = "en" if question.isascii() else "zh"
    found = kb.ask(question, lang=lang, now=NOW)
    assert found.computed is not None, question
    assert found.computed["rule"] == rule, found.computed
    assert str(found.computed["deadline"]).startswith(deadline), found.computed


# (text, the dates found in it, as ISO days): a weekday after a date is that date's weekday
FOUND: list[tuple[str, list[str]]] = [
    ("2025年3月6号（周四）", ["2025-03-06"]),
    ("2025-03-06 (thursday) and 2025-03-09", ["2025-03-06", "2025-03-09"]),
    ("3月6号 星期四", ["2026-03-06"]),
    ("二零二五年十二月十号", ["2025-12-10"]),
    ("12315 2025-12-10 12:40", ["2025-12-10"]),
]


@pytest.mark.parametrize(("text", "days"), FOUND)
def test_each_date_is_found_once(kb: KnowledgeBase, text: str, days: list[str]) -> None:
    found = find_dates(kb.normaliser.basic(text), NOW, kb.date_words.questions)
    assert [f.day.isoformat() for f in found] == days


# a number written with 点 is a time only before a number: 便宜一点 stays "a bit"
@pytest.mark.parametrize(("text", "basic"), [("晚上九点半", "晚上9点半"), ("下晝兩點二十分", "下昼2点20分"),
                                             ("便宜一点", "便宜一点"), ("四月三号", "4月3号"),
                                             ("0571 2828 2058", "057128282058")])
def test_dates_and_times_written_out_become_digits(kb: KnowledgeBase, text: str, basic: str) -> None:
    assert kb.normaliser.basic(text) == basic

