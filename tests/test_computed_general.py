"""Computed answers as a table (issue 12, must-show 4 and 7): a figure or a date computed by the rule
that applies, whatever the language or the way it is written, with the rule's source.

- a time of day written after or before the date (下午两点, 晚上十点, 9:30 pm, 晏晝12點) is the start
  of a window counted in hours or exact days (FACTS §7.2);
- a refund-amount edit moves the seller's 72 hours only in their last 24 (FACTS §7.4), and a
  request filed again starts them again;
- working days follow the official calendar (appendix A: Labour Day, National Day, Spring Festival
  and their make-up Saturdays and Sundays); a day named alone gets its kind by that calendar;
- 12315's next staffed moment from the moment the question names;
- Art. 55 (3×, at least 500) and Food Safety Law Art. 148 (10×, at least 1000, food only), named
  in any language.

Every sentence here was written for this file (none comes from a blind set)."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from bot.cli import main
from knowledge.base import KnowledgeBase
from knowledge.loader import load_kb
from tests.chat import Chat

NOW = datetime.fromisoformat("2026-12-07T11:00:00+08:00")  # a Monday after every date below


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def english(question: str) -> bool:
    return question.isascii()


# (question, law id, extra compensation in yuan)
AMOUNTS: list[tuple[str, str, str]] = [
    ("网上买的蓝牙音箱花了二百六，鉴定是假冒的，按消保法商家要赔我多少", "cpl_55", "780"),
    ("Paid 45 yuan for a fake phone case, seller lied about it, how much compensation under the "
     "consumer protection law?", "cpl_55", "500"),
    ("喺網店買咗盒月餅，268蚊，食完先發現唔合食品安全標準，可以索償幾多？", "food_safety_148", "2680"),
    ("Bought baby formula for 188 RMB and it failed food safety checks, what can I claim under the "
     "food safety law?", "food_safety_148", "1880"),
    ("奶粉 88元 食品安全法 赔偿", "food_safety_148", "1000"),
    ("我花了三百八十块买的羽绒服是假货 商家骗我说是正品 能赔多少", "cpl_55", "1140"),
    ("假貨 1999元 賠償幾多", "cpl_55", "5997"),
    ("the honey was 35 kuai and not up to food safety standard, minimum I can get?", "food_safety_148", "1000"),
]


@pytest.mark.parametrize(("question", "law", "extra"), AMOUNTS)
def test_an_amount_gives_the_figure_by_the_law_named(kb: KnowledgeBase, question: str, law: str,
                                                     extra: str) -> None:
    found = kb.ask(question, lang="en" if english(question) else "zh", now=NOW)
    assert found.computed is not None, question
    assert (found.computed["law"], found.computed["extra"]) == (law, f"{extra}.00")
    article = "55" if law == "cpl_55" else "148"
    text = str(found.answer)
    assert f"{extra} yuan" in text if english(question) else f"{extra} 元" in text
    assert (f"art. {article}" if english(question) else f"第 {article} 条") in text
    assert any(article in source for source in found.sources)


# (question, rule, deadline as ISO 8601, edits): the start's time of day kept where it was given
DATES: list[tuple[str, str, str]] = [
    ("2026年9月3日上午十点交易成功，售后入口最晚什么时候关", "success_15d", "2026-09-18T10:00:00+08:00"),
    ("張單喺2026年6月1號晏晝12點交易成功，最遲幾時要申請售後？", "success_15d", "2026-06-16T12:00:00+08:00"),
    ("I paid on 2026-09-14 at 9:30 pm and the shop still hasn't shipped. When can I ask for a refund "
     "for late shipping?", "late_ship_72h", "2026-09-17T21:30:00+08:00"),
    ("我二零二六年五月六号早上八点付的款 一直没发货 七十二小时以后是几点", "late_ship_72h",
     "2026-05-09T08:00:00+08:00"),
    ("2026年11月2号申请了仅退款后撤销了，2026年11月4号上午10点重新申请，没收到货，卖家最晚什么时候处理",
     "seller_reply_72h", "2026-11-07T10:00:00+08:00"),
    ("卖家2026年4月29日拒绝了我的退款，平台最迟哪天介入", "intervention_2wd", "2026-05-06T23:59:59+08:00"),
    ("The seller rejected my not-received claim on 2026-09-30. By when must the platform step in?",
     "intervention_2wd", "2026-10-09T23:59:59+08:00"),
    ("2026年2月12號申請退款，賣家當日就拒絕咗，平台最遲幾時介入？", "intervention_2wd",
     "2026-02-14T23:59:59+08:00"),
    ("2026年4月30日举报了卖假货的店，3到5个工作日，最晚哪天出结果", "report_fake_3_5wd",
     "2026-05-11T23:59:59+08:00"),
    ("I reported a shop selling banned knives on 2026-06-18, one working day, when at the latest?",
     "report_banned_1wd", "2026-06-22T23:59:59+08:00"),
    ("我2026年9月29日签收的鞋子，七天无理由最后一天是哪天", "no_reason_7d", "2026-10-06T23:59:59+08:00"),
    ("The kettle was delivered on 2026-12-28. Last day for a seven-day no-reason return?", "no_reason_7d",
     "2027-01-04T23:59:59+08:00"),
    ("部電飯煲2026年1月5號簽收，數碼家電30天維修，最後一日係幾時？", "repair_30d", "2026-02-04T23:59:59+08:00"),
    ("台灯是二零二六年八月二十号到的 用了两天就不亮了 包退换那个十五天 截止到几号", "quality_15d",
     "2026-09-04T23:59:59+08:00"),
    ("我2026年10月20日下午4点申请的退款一直没结果，什么时候能去维权中心", "rights_center_9d",
     "2026-10-29T16:00:00+08:00"),
    ("违背承诺 拍下 2026-05-20 21:00 投诉最晚", "created_15d", "2026-06-04T21:00:00+08:00"),
    ("訂單喺2026年7月1號下晝1點交易關閉，延遲發貨投訴最遲幾時？", "closed_15d", "2026-07-16T13:00:00+08:00"),
    ("2026年12月18日星期五下午5点40分 12315还有人工吗 下次几点", "hotline_12315_open",
     "2026-12-21T08:30:00+08:00"),
    ("It's Wednesday 2026-12-16 at 12:15, when can I reach a 12315 human agent?", "hotline_12315_open",
     "2026-12-16T14:00:00+08:00"),
    ("而家係2026年12月19號星期六朝早10點，12315幾時先有人接聽？", "hotline_12315_open",
     "2026-12-21T08:30:00+08:00"),
    ("2026年11月30號下晝3點申請咗退款，未收到貨，賣家最遲幾時回覆？", "seller_reply_72h",
     "2026-12-03T15:00:00+08:00"),
    ("2026年12月1號上晝9點半申請咗未收到貨退款，賣家最遲幾時要回覆？", "seller_reply_72h",
     "2026-12-04T09:30:00+08:00"),  # 上晝: written Cantonese for the morning
    ("2026年11月29號夜晚十點俾咗錢，到而家都未發貨，幾時可以申請退款？", "late_ship_72h",
     "2026-12-02T22:00:00+08:00"),
    ("I applied for a refund on 2026-12-03 at noon, the parcel never arrived. Seller deadline?",
     "seller_reply_72h", "2026-12-06T12:00:00+08:00"),
    ("paid on 2026-12-01 at 8 in the evening, still not shipped, when can I ask for a refund?",
     "late_ship_72h", "2026-12-04T20:00:00+08:00"),
    ("I submitted the after-sales request on 2026-12-03 at 09:00, when will it be reviewed?",
     "aftersales_review_24h", "2026-12-04T09:00:00+08:00"),
    ("2026年12月2號下晝4點喺小蜜轉咗人工建檔，幾時有結果？", "human_agent_3d", "2026-12-05T16:00:00+08:00"),
    ("I complained about the shop on 2026-12-01 at 10:00, when will the complaint be handled at the latest?",
     "complaint_5d", "2026-12-06T10:00:00+08:00"),
]

# (question, deadline, each edit's effect): FACTS §7.4 spelled out in the answer
EDITS: list[tuple[str, str, list[str]]] = [
    ("我2026年4月10日09:00申请了未收到货的退款，4月12日20:00改了退款金额，商家现在最晚什么时候要回复",
     "2026-04-13T20:00:00+08:00", ["最后 24 小时内"]),
    ("2026年9月1日18点发起未收到货仅退款，9月2日10点修改了金额，卖家期限是哪天",
     "2026-09-04T18:00:00+08:00", ["前 48 小时内，期限不变"]),
    ("Opened a not-received refund request 2026-10-12 at 08:30; on 2026-10-14 at 19:45 I edited the "
     "refund amount. Seller's deadline now?", "2026-10-15T19:45:00+08:00", ["within the last 24 hours"]),
    ("2026年3月10號下晝3點發起未收到貨退款，3月12號晚上8點改咗金額，賣家最遲幾時要回覆？",
     "2026-03-13T20:00:00+08:00", ["最后 24 小时内"]),
]


def _shown(at: datetime, question: str) -> str:
    """How the answer writes a moment: 2026年9月18日 … 10:00, or Fri 18 Sep 2026, 10:00."""
    return f"{at:%a} {at.day} {at:%b} {at.year}" if english(question) else f"{at.year}年{at.month}月{at.day}日"


@pytest.mark.parametrize(("question", "rule", "deadline"), DATES)
def test_a_date_gives_the_deadline_with_its_time_of_day(kb: KnowledgeBase, question: str, rule: str,
                                                         deadline: str) -> None:
    found = kb.ask(question, lang="en" if english(question) else "zh", now=NOW)
    assert found.computed is not None, question
    assert (found.computed["rule"], found.computed["deadline"]) == (rule, deadline), found.computed
    assert found.computed["date_only"] is False
    at = datetime.fromisoformat(deadline)
    text = str(found.answer)
    assert _shown(at, question) in text and f"{at:%H:%M}" in text
    assert f"({rule})" in text or f"（{rule}）" in text
    assert found.sources and all(found.sources)  # the rule's source, shown under the answer


@pytest.mark.parametrize(("question", "deadline", "effects"), EDITS)
def test_an_amount_edit_moves_the_sellers_deadline_as_the_rule_says(
    kb: KnowledgeBase, question: str, deadline: str, effects: list[str],
) -> None:
    found = kb.ask(question, lang="en" if english(question) else "zh", now=NOW)
    assert found.computed is not None, question
    assert (found.computed["rule"], found.computed["deadline"]) == ("seller_reply_72h", deadline)
    assert len(found.computed["edits"]) == len(effects)  # type: ignore[arg-type]
    text = str(found.answer)
    assert all(effect in text for effect in effects), text
    assert _shown(datetime.fromisoformat(deadline), question) in text
    assert any("003_" in source for source in found.sources)


# (question, the day, its kind, counted as a working day)
WORKDAYS: list[tuple[str, str, str, bool]] = [
    ("2026年9月20日是工作日吗", "2026-09-20", "makeup", True),
    ("Does 2026-05-04 count as a business day?", "2026-05-04", "holiday", False),
    ("2026年2月28號要唔要補班？算唔算工作日？", "2026-02-28", "makeup", True),
    ("2027年3月3日算工作日吗", "2027-03-03", "workday", True),
    ("2026-12-12 工作日?", "2026-12-12", "weekend", False),
]


@pytest.mark.parametrize(("question", "day", "kind", "working"), WORKDAYS)
def test_a_day_is_checked_against_the_official_calendar(kb: KnowledgeBase, question: str, day: str,
                                                         kind: str, working: bool) -> None:
    found = kb.ask(question, lang="en" if english(question) else "zh", now=NOW)
    assert found.computed is not None and found.computed["kind"] == "workday", question
    [checked] = found.computed["days"]  # type: ignore[misc]
    assert (checked["date"], checked["day"], checked["working"]) == (day, kind, working)
    text = str(found.answer)
    assert day in text and "工作日" in text  # the Chinese word too, to show to staff in English
    estimated = day.startswith("2027")
    assert ("估算" in text or "assumed" in text) is estimated
    assert found.sources and ("节假日安排的通知" in found.sources[0]) is not estimated


@pytest.mark.parametrize("question", [
    "3个工作日是怎么算的",  # a window's length, no day named
    "工作日怎么算",
    "假一赔三是什么",
])
def test_no_day_or_price_no_figure(kb: KnowledgeBase, question: str) -> None:
    assert kb.ask(question, now=NOW).computed is None


def test_a_count_of_working_days_is_a_deadline_not_a_day_check(kb: KnowledgeBase) -> None:
    found = kb.ask("我2026年10月8号举报了卖管制刀具的 1个工作日 最晚哪天", now=NOW)
    assert found.computed is not None and found.computed["rule"] == "report_banned_1wd"
    assert found.computed["deadline"] == "2026-10-09T23:59:59+08:00"


def test_the_length_named_picks_the_rule(kb: KnowledgeBase) -> None:
    """Paid, not shipped, and "72 hours" named: the 72-hour rule, not the 24-hour shipping one."""
    found = kb.ask("2026年3月3号晚上9点付款 商家没发货 72小时是几号几点", now=NOW)
    assert found.computed is not None and found.computed["rule"] == "late_ship_72h"
    assert found.computed["deadline"] == "2026-03-06T21:00:00+08:00"


def test_without_a_time_of_day_the_safe_side_is_said(kb: KnowledgeBase) -> None:
    found = kb.ask("2026年9月3日交易成功，售后最晚什么时候", now=NOW)
    assert found.computed is not None and found.computed["date_only"] is True
    assert found.computed["deadline"] == "2026-09-18T00:00:00+08:00" and "只给了日期" in str(found.answer)


# ---- through the public command line -------------------------------------------------------

@pytest.mark.parametrize(("question", "key", "value", "shown"), [
    ("周日晚上十点 2026年12月20号 打12315有人接吗 要等到几点", "deadline", "2026-12-21T08:30:00+08:00", "08:30"),
    ("I opened the not-received refund on 2026-11-02 at 09:00 and lowered the amount on 2026-11-04 at "
     "18:00. When is the seller's deadline?", "deadline", "2026-11-05T18:00:00+08:00", "5 Nov 2026, 18:00"),
    ("買咗罐奶粉 158元 唔合食品安全標準 食安法可以賠幾多", "extra", "1580.00", "1580"),
    ("Is 2026-02-14 a working day?", "days", "2026-02-14", "调休上班日"),
])
def test_kb_ask_computes_in_the_language_asked(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                               question: str, key: str, value: str, shown: str) -> None:
    monkeypatch.setenv("WEIQUAN_NOW", NOW.isoformat())
    assert main(["kb", "ask", question, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    computed = data["computed"]
    got = computed[key] if key != "days" else computed["days"][0]["date"]
    assert got == value, computed
    assert shown in data["answer"] and data["sources"]
    latin = len(re.findall(r"[A-Za-z]", data["answer"]))
    assert (latin > len(re.findall(r"[\u4e00-\u9fff]", data["answer"]))) is english(question)


def test_chat_computes_an_edit_in_english(en_chat: Chat) -> None:
    # (the chat takes up to 120 characters as a question: longer is a story)
    reply = en_chat.send("Opened not-received refund 2026-11-02 09:00, lowered the amount 2026-11-04 18:00. "
                         "Seller's deadline?")[0]
    assert "5 Nov 2026, 18:00" in reply and "last 24 hours" in reply and "Source" in reply


def test_chat_computes_a_traditional_question(chat: Chat) -> None:
    reply = chat.send("2026年4月29號賣家拒絕咗我嘅退款，平台最遲幾時介入？")[0]
    assert "2026年5月6日" in reply and "intervention_2wd" in reply and "來源" in reply  # in the script asked


def test_a_staffed_moment_says_until_when_and_a_holiday_is_flagged(kb: KnowledgeBase) -> None:
    found = kb.ask("Thursday 2026-12-17 at 15:10, is a 12315 agent there to take my call? until what time?",
                   lang="en", now=NOW)
    assert found.computed is not None and found.computed["deadline"] == "2026-12-17T15:10:00+08:00"
    assert "within the staffed hours" in str(found.answer) and "17:30" in str(found.answer)
    holiday = kb.ask("2026年10月2日上午九点打12315有人工吗 几点能接通", now=NOW)
    assert holiday.computed is not None and "法定节假日" in str(holiday.answer)


def test_a_request_filed_again_counts_from_the_new_filing(kb: KnowledgeBase) -> None:
    found = kb.ask("Cancelled my first request, then re-filed the not-received refund on 2026-11-09 at 07:45. "
                   "When does the seller's window close?", lang="en", now=NOW)
    assert found.computed is not None
    assert (found.computed["rule"], found.computed["deadline"]) == ("seller_reply_72h", "2026-11-12T07:45:00+08:00")


@pytest.mark.parametrize("question", [
    "运费险能赔多少 我买了128的裤子",
    "寄回去的运费谁赔？鞋子花了260",
    "快递把我350块的花瓶弄丢了，快递公司赔多少",
    "买了420的外套，卖家迟发货一周，能赔多少",
    "The courier company lost my 180 yuan parcel, how much compensation?",
    "the lamp cost 90 yuan and the quality is poor, how much compensation can I claim?",
])
def test_a_payout_the_laws_do_not_set_gets_no_multiple(kb: KnowledgeBase, question: str) -> None:
    """Art. 55 and Art. 148 pay for deceit and unsafe food: shipping insurance, postage, a lost
    parcel, late shipping or poor quality get the answer about those, not the laws' figure."""
    found = kb.ask(question, lang="en" if english(question) else "zh", now=NOW)
    assert found.computed is None, found.computed


def test_a_cantonese_clock_time_is_not_read_as_how(kb: KnowledgeBase) -> None:
    """點 after a number is o'clock; alone before a verb it is Cantonese for "how"."""
    assert "3点申请" in kb.normaliser.basic("下晝3點申請退款")
    assert "怎么申请" in kb.normaliser.basic("點申請退款")


def test_a_weekday_alone_for_12315_is_the_coming_one(kb: KnowledgeBase) -> None:
    """Asked on Monday 7 Dec: "Sunday 3 pm" is Sunday 13 Dec, whose next staffed moment is Monday 14 Dec."""
    found = kb.ask("周日下午三点打12315 要等到几点才有人", now=NOW)
    assert found.computed is not None
    assert (found.computed["from"], found.computed["deadline"]) == ("2026-12-13T15:00:00+08:00",
                                                                    "2026-12-14T08:30:00+08:00")
    english_found = kb.ask("Saturday at 9pm, when can I reach a 12315 agent?", lang="en", now=NOW)
    assert english_found.computed is not None
    assert english_found.computed["deadline"] == "2026-12-14T08:30:00+08:00"
    assert "Mon 14 Dec 2026, 08:30" in str(english_found.answer)
