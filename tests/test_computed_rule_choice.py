"""Which deadline rule a question's date goes to when several rules share its words (issue 12, must-show 4),
in zh and en, as a table:

- one event, two rules (payment: the seller's 24 hours to ship, the shopper's 72 hours before a
  refund counts as late shipping): the clause that asks decides, and "not shipped" is read however the
  negation is worded (还没有发货, hasn't been shipped, still no fahuo);
- an event written around its date (订单是…创建的, 交易是…成功的) is still that event, and buying is
  placing the order and paying for it (a purchase date is still no start of the 15 days after 交易成功);
- keywords name the event first ("仅退款 <date> 改金额 <date>"): each date is its label's;
- a question asking how long after an event it gives no date of (交易关闭后多久) gets no date counted
  from another event;
- a refund-amount edit asked about without a date gets FACTS §7.4 itself (48 and 24 hours);
- a date the 12315 hotline is closed all day needs no time of day for its next staffed moment (a
  weekday named alone asks the weekly hours: no date);
- a time limit asked in any words (有时间限制吗) asks days;
- an official number the question doubts (是不是真的, is it really official) gets its verdict;
- days named as shoppers say them: 今早 (not "as early as possible"), Cantonese 今朝, "the day before
  yesterday" (not yesterday).

Every sentence here was written for this file (none comes from a blind set or a dev probe)."""

from __future__ import annotations

from datetime import datetime

import pytest

from knowledge.base import KnowledgeBase
from knowledge.loader import load_kb

NOW = datetime.fromisoformat("2026-12-07T11:00:00+08:00")  # a Monday after every date below


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _lang(question: str) -> str:
    return "en" if question.isascii() else "zh"


# (question, rule, deadline as ISO 8601)
CHOICES: list[tuple[str, str, str]] = [
    ("2026年11月3日晚上9点付的款，到现在没发货，我想投诉，商家最晚应该几点前发货", "ship_24h",
     "2026-11-04T21:00:00+08:00"),
    ("Paid on 2026-11-03 at 9pm, it still hasn't been shipped and I want a refund. When is the seller's "
     "last moment to ship?", "ship_24h", "2026-11-04T21:00:00+08:00"),
    ("付款时间 2026-11-03 21:00 卖家一直没有发货 最早什么时候申请退款能算延迟发货", "late_ship_72h",
     "2026-11-06T21:00:00+08:00"),
    ("Paid 2026-11-03 at 9pm and the shop has not yet sent it out. From what time can I request a refund "
     "for late shipping?", "late_ship_72h", "2026-11-06T21:00:00+08:00"),
    ("paid 2026-11-03 21:00, still no fahuo, earliest refund?", "late_ship_72h", "2026-11-06T21:00:00+08:00"),
    ("订单是2026年10月8日晚上8点创建的，卖家承诺的赠品没给，违背承诺最晚什么时候投诉", "created_15d",
     "2026-10-23T20:00:00+08:00"),
    ("交易是2026年10月8号下午2点成功的，最晚哪天申请售后", "success_15d", "2026-10-23T14:00:00+08:00"),
    # buying is placing the order and paying: the rules counted from those take its date
    ("2026年11月20日上午10点买的，卖家承诺送的赠品没给，违背承诺投诉最晚哪天", "created_15d", "2026-12-05T10:00:00+08:00"),
    ("I bought it on 2026-11-20 at 10am; the seller promised a discount and did not honour it. Broken-promise "
     "complaint deadline?", "created_15d", "2026-12-05T10:00:00+08:00"),
    ("仅退款 2026-10-08 09:00 改金额 2026-10-10 20:00 卖家最晚", "seller_reply_72h", "2026-10-11T20:00:00+08:00"),
    ("仅退款 2026-10-08 09:00 改金额 2026-10-09 08:00 卖家最晚", "seller_reply_72h", "2026-10-11T09:00:00+08:00"),
    ("退款 2026-10-08 09:00 改金额 2026-10-10 20:00 卖家期限", "seller_reply_72h", "2026-10-11T20:00:00+08:00"),
    ("Complained about the shop on 2026-12-03 at 10am, when will I hear back?", "complaint_5d",
     "2026-12-08T10:00:00+08:00"),
    ("2026年12月12日星期六打12315有人接吗", "hotline_12315_open", "2026-12-14T08:30:00+08:00"),
    ("12月13号打12315有冇人聽？幾時先有？", "hotline_12315_open", "2026-12-14T08:30:00+08:00"),
    ("Is anyone answering 12315 on Sunday 2026-12-13? When can I get through?", "hotline_12315_open",
     "2026-12-14T08:30:00+08:00"),
    # days named as shoppers say them: this morning (今早, Cantonese 今朝), the day before yesterday
    ("我今早八点付的款，卖家最晚几点要发货", "ship_24h", "2026-12-08T08:00:00+08:00"),
    ("今朝十點申請咗仅退款，冇收到貨，賣家最遲幾時回覆？", "seller_reply_72h", "2026-12-10T10:00:00+08:00"),
    ("I paid the day before yesterday at 9pm and nothing has shipped. When can I ask for a refund for "
     "late shipping?", "late_ship_72h", "2026-12-08T21:00:00+08:00"),
]


@pytest.mark.parametrize(("question", "rule", "deadline"), CHOICES)
def test_the_rule_the_question_asks_about_is_counted(kb: KnowledgeBase, question: str, rule: str,
                                                     deadline: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.computed is not None, (question, found.entry, found.answer)
    assert (found.computed["rule"], found.computed["deadline"]) == (rule, deadline)


# how long after an event the question gives no date of: no date counted from the payment
AFTER_UNDATED: list[str] = [
    "3天前付的款还没发货，交易关闭后多久内还能投诉延迟发货",
    "12月1号买的，交易成功后多久内能申请售后",
    "Paid 3 days ago, nothing shipped yet. How long do I have to complain after the order is closed?",
]


# a weekday named alone for the hotline asks its weekly hours, not one date
WEEKLY: list[str] = ["12315星期天有没有人接电话", "Does 12315 pick up on Saturdays?"]


@pytest.mark.parametrize("question", WEEKLY)
def test_a_weekday_alone_gets_the_weekly_hours(kb: KnowledgeBase, question: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.computed is None and found.entry == "gov_12315_hours", (question, found.entry)


@pytest.mark.parametrize("question", AFTER_UNDATED)
def test_how_long_after_an_undated_event_is_not_counted_from_another(kb: KnowledgeBase, question: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.answer is not None and found.computed is None, (question, found.computed)
    assert "15" in found.answer


# an amount edit asked about without a date: FACTS §7.4 (the first 48 hours, the last 24)
EDITS_UNDATED: list[str] = [
    "仅退款提交以后我把金额改低了，卖家的72小时要重新算吗",
    "I lowered the refund amount after filing the not-received claim. Does that reset the seller's 72 hours?",
]


@pytest.mark.parametrize("question", EDITS_UNDATED)
def test_an_amount_edit_without_a_date_gets_the_edit_rule(kb: KnowledgeBase, question: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.entry == "amount_edit_72h", (question, found.entry)
    assert "48" in str(found.answer) and "24" in str(found.answer)


# a time limit asked in other words: the days aspect, and the 15 days of a malicious-review complaint
TIME_LIMITS: list[str] = [
    "被商家恶意评价了，想投诉，有时间限制吗",
    "賣家俾咗個惡評我，投訴有冇時間限制？",
    "Is there a time limit to complain about a malicious review from the seller?",
]


@pytest.mark.parametrize("question", TIME_LIMITS)
def test_a_time_limit_in_other_words_asks_days(kb: KnowledgeBase, question: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.aspect == "days", (question, found.aspect, found.entry)
    assert "15" in str(found.answer)


# an official number the question doubts gets its verdict (on the list, and what it is); the same
# number in another question (what to do after calling it) is left to the search
DOUBTED: list[tuple[str, str]] = [
    ("朋友说9510211是天猫的官方热线，到底是不是真的？", "9510211"),
    ("Someone told me 9510211 is the Tmall hotline. Is it really official or a scam?", "9510211"),
    ("幺二三幺五是不是官方电话啊", "12315"),
]


@pytest.mark.parametrize(("question", "number"), DOUBTED)
def test_an_official_number_doubted_gets_its_verdict(kb: KnowledgeBase, question: str, number: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.computed is not None, (question, found.entry)
    assert (found.computed["kind"], found.computed["number"], found.computed["official"]) == ("phone", number, True)
    assert number in str(found.answer)


def test_an_official_number_not_doubted_is_left_to_the_search(kb: KnowledgeBase) -> None:
    found = kb.ask("打了9510211官方客服说不能退怎么办", now=NOW)
    assert found.computed is None
