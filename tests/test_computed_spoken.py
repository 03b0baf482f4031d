"""Computed answers from numbers and days said the way people say them (issue 12, must-show 4):
a coming day (明天, 聽日, tomorrow) a window may count from, a shopping festival named as a day,
a time of day with am/pm or at the end of a sentence, a run-on voice message whose second date is an
amount edit, a phone number read out in numerals, and a service's hours asked at a named moment.
Every sentence here was written for this file (none comes from a blind set)."""

from __future__ import annotations

from datetime import datetime

import pytest

from knowledge.base import KnowledgeBase
from knowledge.datefind import find_dates
from knowledge.loader import load_kb

NOW = datetime.fromisoformat("2026-11-18T10:00:00+08:00")  # a Wednesday


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _lang(question: str) -> str:
    return "en" if question.isascii() else "zh"


# (question, rule, deadline as an ISO prefix)
SPOKEN: list[tuple[str, str, str]] = [
    # a coming day: the window counts from it (calendar days end at 23:59:59)
    ("表哥話佢聽日先收到件褸，七日無理由最遲幾號退？", "no_reason_7d", "2026-11-26T23:59"),
    ("包裹明天签收的话七天无理由最后一天是哪天", "no_reason_7d", "2026-11-26T23:59"),
    ("If the blender gets delivered tomorrow, what's the last day of the 7-day no-reason return?",
     "no_reason_7d", "2026-11-26T23:59"),
    # an evening said with the day (昨晚, 晚8点, yesterday evening at 7); a day of last month
    ("昨晚8点申请的仅退款，商家最晚几点前要处理", "seller_reply_72h", "2026-11-20T20:00"),
    ("仅退款 11.9 晚8点 商家最晚", "seller_reply_72h", "2026-11-12T20:00"),
    ("I asked for a refund only yesterday evening at 7, when's the seller's deadline?", "seller_reply_72h",
     "2026-11-20T19:00"),
    ("Asked for a refund only last night at 11 and the seller is silent, when does his time run out?",
     "seller_reply_72h", "2026-11-20T23:00"),
    ("上个月28号签收的电饭煲坏了，30天维修最后一天是哪天", "repair_30d", "2026-11-27T23:59"),
    ("Got the parcel on the 28th of last month, when does the 30-day repair window close?", "repair_30d",
     "2026-11-27T23:59"),
    # dates and times in the shapes forms and English write them (Nov 9 8pm, 11/2/2026 21:00, 11-09 08:00)
    ("refund only filed Nov 9 8pm, seller deadline?", "seller_reply_72h", "2026-11-12T20:00"),
    ("Paid on 11/12/2026 21:00 and nothing shipped yet. From when can I ask for the refund for late shipping?",
     "late_ship_72h", "2026-11-15T21:00"),
    ("仅退款 11-09 08:00 申请 商家最晚", "seller_reply_72h", "2026-11-12T08:00"),
    # "N days ago" is when it happened, not a window's length
    ("The courier delivered it 4 days ago, what's the last day to send it back without a reason?", "no_reason_7d",
     "2026-11-21T23:59"),
    # a festival named as the day, its time after 那天
    ("双十一那天晚上九点申请的仅退款，卖家最晚啥时候要回应", "seller_reply_72h", "2026-11-14T21:00"),
    # minutes right before a full stop; am/pm after a time written with a colon
    ("Order was placed 2026-11-02 21:40. The seller broke his promise; last moment to complain?",
     "created_15d", "2026-11-17T21:40"),
    ("transaction became successful on Nov 3 at 8:30pm, last day for after-sales?", "success_15d",
     "2026-11-18T20:30"),
    # voice, no punctuation: the second date goes with the edit said after it, not the refund before it
    ("我是十一月十五号早上八点申请的仅退款十一月十七号晚上十点又改了一下退款金额商家最晚什么时候要回复",
     "seller_reply_72h", "2026-11-18T22:00"),
    # a service's hours asked at a moment: staffed then, or when next
    ("后天上午十点打12315有人接吗", "hotline_12315_open", "2026-11-20T10:00"),
    ("明天中午十二点半打12315有人接听吗", "hotline_12315_open", "2026-11-19T14:00"),
    # "today" in a later clause does not take the event its own date was told with
    ("订单2026年11月1号下午4点交易成功的，今天打开发现屏幕有划痕，申请售后最迟啥时候", "success_15d",
     "2026-11-16T16:00"),
    # a banned-goods report said in pinyin (the glossary's words of 违禁品)
    ("I reported a seller of jinshoupin on Monday 2 November 2026, when must Taobao finish handling it?",
     "report_banned_1wd", "2026-11-03T23:59"),
]


@pytest.mark.parametrize(("question", "rule", "deadline"), SPOKEN)
def test_a_day_as_said_gives_the_rules_deadline(kb: KnowledgeBase, question: str, rule: str,
                                                 deadline: str) -> None:
    answer = kb.ask(question, lang=_lang(question), now=NOW)
    assert answer.computed is not None, answer.answer
    assert answer.computed["rule"] == rule
    assert str(answer.computed["deadline"]).startswith(deadline), answer.answer


def test_a_forms_date_never_reads_a_coming_day(kb: KnowledgeBase) -> None:
    """Slots take dates that happened: "the seller says he ships tomorrow" names no order date."""
    words = kb.date_words.questions
    text = kb.normaliser.basic("卖家说明天发货")
    assert find_dates(text, NOW, words) == []
    assert [f.day.isoformat() for f in find_dates(text, NOW, words, ahead=True)] == ["2026-11-19"]


@pytest.mark.parametrize("question", [
    "有个人打电话说是天猫客服，号码是幺三九幺二三四五六七八，让我点链接退款，这是官方的吗",
    "佢話客服熱線係零二幺八八八八六六六六，係咪真㗎？",
    "400 821 7777 天猫客服？",  # 天猫 after a number is no count of days
])
def test_a_number_read_out_gets_the_official_check(kb: KnowledgeBase, question: str) -> None:
    answer = kb.ask(question, lang="zh", now=NOW)
    assert answer.computed is not None and answer.computed["kind"] == "phone"
    assert answer.computed["official"] is False
    assert "9510211" in (answer.answer or "")


def test_the_official_hotline_read_out_is_not_flagged(kb: KnowledgeBase) -> None:
    answer = kb.ask("九五幺零二幺幺是天猫的官方电话吗", lang="zh", now=NOW)
    assert answer.answer is not None and "9510211" in answer.answer
    assert (answer.computed or {}).get("official", True) is True  # on the list: never told it is not


# (question, law, extra compensation): the figure by the law that applies
AMOUNTS: list[tuple[str, str, str]] = [
    # a food word made into an appliance is no food: Art. 55, not the food law alone
    ("在淘宝花了1100买的豆浆机是冒牌货，这算欺诈吧，能赔多少钱", "cpl_55", "3300.00"),
    ("Paid 640 for a coffee grinder that turned out to be a knock-off, how much compensation?", "cpl_55",
     "1920.00"),
    # a list price before the price paid: the price paid
    ("原价1299，活动价899买的球鞋是假的，按消保法能赔多少", "cpl_55", "2697.00"),
    ("List price 1,599 yuan but I paid 1,199 for fake earbuds, what is the triple compensation?", "cpl_55",
     "3597.00"),
    # deceit said outright in a long story, with a compensation word typed wrong
    ("网上买的真丝睡衣付了三百二，洗一次就发现是化纤，商家这就是欺骗消费者，我能要多少陪偿", "cpl_55",
     "960.00"),
]


@pytest.mark.parametrize(("question", "law", "extra"), AMOUNTS)
def test_an_amount_gives_the_laws_figure(kb: KnowledgeBase, question: str, law: str, extra: str) -> None:
    answer = kb.ask(question, lang=_lang(question), now=NOW)
    assert answer.computed is not None and answer.computed["kind"] == "compensation", answer.answer
    assert answer.computed["law"] == law
    assert answer.computed["extra"] == extra


def test_a_day_checked_against_the_calendar_is_the_nearest_one(kb: KnowledgeBase) -> None:
    """Whether 12月8号 is a working day, asked in November, is about the coming one; a deadline's
    start without a year stays the most recent such day (an event has happened)."""
    answer = kb.ask("12月8号要上班吗", lang="zh", now=NOW)
    assert answer.answer is not None and "2026-12-08" in answer.answer
    counted = kb.ask("12月8号签收的 七天无理由最晚哪天", lang="zh", now=NOW)
    assert counted.computed is not None and str(counted.computed["from"]).startswith("2025-12-08")


@pytest.mark.parametrize(("question", "shown"), [
    ("菜鸟赔付表 拒签那一栏是45元 退货那一栏应该赔多少", "58.5"),
    ("菜鳥賠付表退貨場景係52蚊，咁拒簽場景係幾多？", "40"),
    ("In Cainiao's compensation table the refusal case pays 60 yuan, what does the return case pay?", "78"),
    ("菜鸟物流赔付表 退货场景和拒签场景是几倍的关系", "1.3"),
])
def test_the_logistics_tables_pattern_is_worked_out(kb: KnowledgeBase, question: str, shown: str) -> None:
    """FACTS §4.3: each row's return case is its refusal case × 1.3; paid to the merchant."""
    answer = kb.ask(question, lang=_lang(question), now=NOW)
    assert answer.computed is not None and answer.computed["kind"] == "logistics", answer.answer
    assert shown in (answer.answer or "") and "1.3" in (answer.answer or "")
    assert "商家" in (answer.answer or "") or "merchant" in (answer.answer or "")


@pytest.mark.parametrize(("question", "price"), [
    ("七十九块九买的洗面奶是假货，退一赔三能拿多少", "79.90"),
    ("假货 199块5 赔多少", "199.50"),
    ("三十块一个的假手机壳，能赔多少钱", "30.00"),  # 一个 is a count, not 1 jiao
])
def test_jiao_said_after_the_yuan_are_part_of_the_price(kb: KnowledgeBase, question: str, price: str) -> None:
    answer = kb.ask(question, lang="zh", now=NOW)
    assert answer.computed is not None and answer.computed["price"] == price, answer.answer
