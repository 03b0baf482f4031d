"""Computed answers from loosely written questions (issue 12, must-show 4): the date and figure by
FACTS §7 and appendix B however the shopper writes it, in zh and en alike.

- an amount edit however worded (又改了一次退款金额, edited the refund amount) is an edit of
  FACTS §7.4: in the first 48 hours it changes nothing, in the last 24 it moves the deadline;
- numbers and lengths written as English words (twelve hundred yuan, seventy-two hours);
- English dates with their year (Nov 9 2026, 27 Feb 2026) and ranges (3-5 working days);
- fragments without an event word or without an asking word (仅退款 11月20 截止);
- a length and a date without any rule's event (deadline 72h from nov 3): every rule of that length;
- a bare "N日" that is the rule's length (七日无理由) is no day of the month;
- a word asking for a date wins over another aspect's cue (在哪日 is no "where");
- a negated event word (not received, 没收到) is no event.

Every sentence was written for this file from FACTS.md (none comes from a blind set)."""

from __future__ import annotations

from datetime import datetime

import pytest

from knowledge.base import KnowledgeBase
from knowledge.loader import load_kb
from knowledge.number_words import english_digits

NOW = datetime.fromisoformat("2026-12-07T18:00:00+08:00")  # a Monday after every date below


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _lang(question: str) -> str:
    return "en" if question.isascii() else "zh"


# (question, rule, deadline)
DEADLINES: list[tuple[str, str, str]] = [
    # FACTS §7.4 edits worded freely
    ("我2026年3月2号上午10点申请了未收到货退款，3月3号下午4点又改了一次退款金额，卖家最晚啥时候回应",
     "seller_reply_72h", "2026-03-05T10:00:00+08:00"),
    ("2026年3月2號上午10點申請未收到貨退款，3月4號晚上8點改咗一次金額，賣家最遲幾時？",
     "seller_reply_72h", "2026-03-05T20:00:00+08:00"),
    ("Asked for a refund on Mar 2 2026 at 10:00 since the parcel never came; I lowered the refund amount "
     "on Mar 4 at 20:00. When does the seller's time run out?", "seller_reply_72h", "2026-03-05T20:00:00+08:00"),
    ("Filed a refund for a missing parcel on 2 Mar 2026 at 10:00, changed the amount on Mar 3 at 9:00 "
     "and again on Mar 4 at 21:00. Seller's deadline now?", "seller_reply_72h", "2026-03-05T21:00:00+08:00"),
    # English number words and English dates with a year
    ("I opened a refund for a parcel that never arrived on Jun 8 2026 at 9 am, the seller has seventy-two "
     "hours to answer. When exactly?", "seller_reply_72h", "2026-06-11T09:00:00+08:00"),
    ("The seller turned down my claim on Friday, 27 Feb 2026. The platform steps in within two working "
     "days, which date is that?", "intervention_2wd", "2026-03-02T23:59:59+08:00"),  # Sat 28 Feb: make-up day
    # fragments: no event word, no asking word
    ("仅退款 2026-08-10 14:00 卖家 截止", "seller_reply_72h", "2026-08-13T14:00:00+08:00"),
    ("七天无理由 签收 2026-05-30", "no_reason_7d", "2026-06-06T23:59:59+08:00"),
    ("tuikuan 2026-08-10 14:00 seller deadline", "seller_reply_72h", "2026-08-13T14:00:00+08:00"),
    # a bare N日 that is the length, a date asked where another cue is nearer the end
    ("件衫2026年9月30號簽收，七日無理由退貨最遲幾時？", "no_reason_7d", "2026-10-07T23:59:59+08:00"),
    ("我2026年9月24號檢舉賣假貨嘅賣場，話3到5個工作天，最遲會喺邊日有結果？", "report_fake_3_5wd",
     "2026-10-09T23:59:59+08:00"),
    # an event word after a negation is none
    ("I filed a not-received refund on Nov 9 2026 at 10:00. When must the seller reply?", "seller_reply_72h",
     "2026-11-12T10:00:00+08:00"),
]


@pytest.mark.parametrize(("question", "rule", "deadline"), DEADLINES)
def test_a_loosely_written_question_gets_the_deadline(kb: KnowledgeBase, question: str, rule: str,
                                                      deadline: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.computed is not None, (question, found.entry, found.answer)
    assert (found.computed["rule"], found.computed["deadline"]) == (rule, deadline), question
    assert found.sources, question


def test_an_edit_in_the_first_48_hours_says_the_deadline_stays(kb: KnowledgeBase) -> None:
    zh = kb.ask("我2026年3月2号上午10点申请了未收到货退款，3月3号下午4点又改了一次退款金额，卖家最晚啥时候回应",
                lang="zh", now=NOW)
    assert "前 48 小时内" in str(zh.answer) and "期限不变" in str(zh.answer)
    en = kb.ask("Asked for a refund on Mar 2 2026 at 10:00 since it never came; edited the amount on Mar 3 "
                "at 16:00. Seller's deadline?", lang="en", now=NOW)
    assert en.computed is not None and en.computed["deadline"] == "2026-03-05T10:00:00+08:00"
    assert "first 48 hours" in str(en.answer)


@pytest.mark.parametrize(("question", "rules", "deadline"), [
    ("deadline 72h from nov 3 2026 10:00", {"late_ship_72h", "seller_reply_72h"}, "2026-11-06T10:00:00+08:00"),
    ("2026年11月3号 10点 72小时 截止", {"late_ship_72h", "seller_reply_72h"}, "2026-11-06T10:00:00+08:00"),
    ("3-5个工作日 2026年12月1号 最晚", {"report_fake_3_5wd"}, "2026-12-08T23:59:59+08:00"),
])
def test_a_length_without_its_event_counts_every_rule_of_that_length(kb: KnowledgeBase, question: str,
                                                                     rules: set[str], deadline: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.computed is not None and found.computed["kind"] == "deadline_by_length", question
    listed = {item["rule"]: item["deadline"] for item in found.computed["rules"]}
    assert set(listed) == rules and set(listed.values()) == {deadline}
    assert all(rule in str(found.answer) for rule in rules)


@pytest.mark.parametrize("question", [
    "2天 2026年11月3号 最晚",  # no rule is 2 days long: the sources do not say
    "我2026年11月11号买的，72小时 截止",  # the date is when it was bought: no window starts there
    "申诉 2026年6月1号提交 最晚多久出结果",  # FACTS §7.5: appeals have no window
    "網購嘅七日無理由退貨，有咩貨品係唔包嘅？",  # a length, no date, and not a date question
])
def test_no_date_is_made_up(kb: KnowledgeBase, question: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.computed is None or found.computed.get("kind") not in ("deadline", "deadline_by_length")


@pytest.mark.parametrize(("question", "law", "extra"), [
    ("The seller faked a certificate on a twelve hundred yuan jade bracelet, triple damages would be how much?",
     "cpl_55", "3600"),
    ("fake perfume, paid three hundred and fifty yuan, how much can I claim for the fraud?", "cpl_55", "1050"),
    ("paid sixty-eight kuai for honey that fails food safety standards, what's the ten times payout?",
     "food_safety_148", "1000"),
])
def test_an_amount_in_english_words_gives_the_figure(kb: KnowledgeBase, question: str, law: str,
                                                     extra: str) -> None:
    found = kb.ask(question, lang="en", now=NOW)
    assert found.computed is not None, question
    assert (found.computed["law"], found.computed["extra"]) == (law, f"{extra}.00")


@pytest.mark.parametrize(("text", "expected"), [
    ("seventy-two hours", "72 hours"),
    ("twelve hundred yuan", "1200 yuan"),
    ("within the first forty-eight hours", "within the first 48 hours"),  # an ordinal stays a word
    ("two working days", "2 working days"),
    ("没有数字", "没有数字"),
])
def test_english_number_words_become_digits(text: str, expected: str) -> None:
    assert english_digits(text) == expected


@pytest.mark.parametrize(("question", "known"), [
    ("A guy called saying he is Tmall kefu from 4008-123-456 and wants me to share my screen. Official?", None),
    ("有人自称淘宝客服，电话 0571-2828-2058，让我退款，能信吗", "scam"),
    ("客服 13912345678 说我的订单异常要给我退款三倍，是真的吗", None),
])
def test_a_number_off_the_official_list_gets_the_verdict_in_kb_ask(kb: KnowledgeBase, question: str,
                                                                     known: str | None) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.computed is not None and found.computed["kind"] == "phone", question
    assert found.computed["known"] == known
    assert "不在官方名单上" in str(found.answer) and "9510211" in str(found.answer)
    assert found.sources


@pytest.mark.parametrize("question", ["What are 12315's hours?", "被骗了要不要打110"])
def test_an_official_number_leaves_the_question_to_the_search(kb: KnowledgeBase, question: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.computed is None or found.computed.get("kind") != "phone"


def test_an_official_number_the_question_doubts_is_confirmed(kb: KnowledgeBase) -> None:
    found = kb.ask("9510211是官方的吗", lang="zh", now=NOW)
    assert found.computed is not None and found.computed["official"] is True
    assert "在官方名单上" in str(found.answer) and "不在官方名单上" not in str(found.answer)


@pytest.mark.parametrize(("question", "rule", "deadline"), [
    ("菜鸟物流投诉 订单2026年3月1号产生 最晚什么时候", "logistics_limit_1y", "2027-03-01T23:59:59+08:00"),
    ("Cainiao logistics complaint, the order was created on 2026-03-01 at 10:00: from when can I file it?",
     "logistics_open_7d", "2026-03-08T10:00:00+08:00"),
    ("聚划算大运险 卖家2026年5月6号下午3点确认收到退货 保险公司最晚什么时候审批", "insurer_72h",
     "2026-05-09T15:00:00+08:00"),
])
def test_the_merchant_side_rules_are_computed_and_said_to_be_the_merchants(kb: KnowledgeBase, question: str,
                                                                           rule: str, deadline: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.computed is not None and (found.computed["rule"], found.computed["deadline"]) == (rule, deadline)
    assert ("商家侧" in str(found.answer)) or ("merchant-side" in str(found.answer))


@pytest.mark.parametrize(("question", "unit", "deadline"), [
    # Art. 46's 7 working days is no §7.3 rule: the length the shopper names is counted (National Day)
    ("我2026年9月28号在12315投诉的，市场监管部门7个工作日内要处理，最晚哪天", "working_days",
     "2026-10-13T23:59:59+08:00"),
    ("filed with 12315 on 2026-12-01, they have seven working days, which date is that?", "working_days",
     "2026-12-10T23:59:59+08:00"),
    ("48小时 2026-12-01 10:00 截止", "hours", "2026-12-03T10:00:00+08:00"),
])
def test_a_length_no_rule_has_is_counted_and_said_to_be_no_rule(kb: KnowledgeBase, question: str, unit: str,
                                                                deadline: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.computed is not None and found.computed["kind"] == "count", question
    assert (found.computed["unit"], found.computed["deadline"]) == (unit, deadline)
    assert "资料里没有" in str(found.answer) or "No platform window" in str(found.answer)


@pytest.mark.parametrize(("question", "rule", "deadline"), [
    # two rules on one event: asked from when, the one that opens a window
    ("2026年6月18号晚上10点10分付的款，店家一件都没发，最早什么时候申请退款才符合延迟发货投诉的条件",
     "late_ship_72h", "2026-06-21T22:10:00+08:00"),
    # the verb and its object are one event ("点了退款"): the rights centre counts from it
    ("2026年4月28日早上9点半我点了退款，商家一直不回复，什么时候开始我可以去维权中心",
     "rights_center_9d", "2026-05-07T09:30:00+08:00"),
    # a date written with dots, then the hour: no digit groups joined (not 2026.12.31)
    ("未收到货 2026.12.3 10点 发起 卖家72小时 截止", "seller_reply_72h", "2026-12-06T10:00:00+08:00"),
])
def test_which_rule_and_which_moment(kb: KnowledgeBase, question: str, rule: str, deadline: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.computed is not None and (found.computed["rule"], found.computed["deadline"]) == (rule, deadline)


def test_a_compensation_sum_asked_after_another_aspects_word_gets_the_figure(kb: KnowledgeBase) -> None:
    """鉴定 (an evidence word) nearer the end does not hide "how much" with a compensation word."""
    found = kb.ask("买的平板被鉴定是翻新机冒充新机，付了1999，按欺诈赔偿能要回多少", lang="zh", now=NOW)
    assert found.computed is not None and found.computed["extra"] == "5997.00"


@pytest.mark.parametrize("question", ["拼多多仅退款 2026年5月1号申请 卖家几天处理", "JD.com refund requested 2026-05-01, seller deadline?"])
def test_another_platforms_deadline_is_not_computed_by_tmalls_rules(kb: KnowledgeBase, question: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.computed is None or found.computed.get("kind") not in ("deadline", "deadline_by_length", "count")


@pytest.mark.parametrize(("question", "kind"), [
    ("2026年10月10号周六要上班吗", "makeup"),
    ("2026年10月10號星期六使唔使返工？", "makeup"),
    ("Is Oct 5 2026 a holiday in China?", "holiday"),
])
def test_whether_a_day_is_worked_in_plain_words(kb: KnowledgeBase, question: str, kind: str) -> None:
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.computed is not None and found.computed["days"][0]["day"] == kind


@pytest.mark.parametrize("question", ["9510211周日上班吗", "消协 国庆节上班吗"])
def test_a_services_unknown_hours_are_no_calendar_answer(kb: KnowledgeBase, question: str) -> None:
    """Their hours are gaps (FACTS §17): "don't know" and a human, not whether the day is worked."""
    found = kb.ask(question, lang=_lang(question), now=NOW)
    assert found.answer is None and found.gap is not None, (question, found.answer)


def test_a_services_known_hours_answer_its_working_days(kb: KnowledgeBase) -> None:
    found = kb.ask("12315周日上班吗", lang="zh", now=NOW)
    assert found.computed is None and "8:30" in (found.answer or ""), found.answer


def test_a_hotline_number_before_a_year_stays_apart(kb: KnowledgeBase) -> None:
    """"12315 2026年10月10号" is the number, then the date (not one run of digits)."""
    found = kb.ask("12315 2026年10月12号上午10点 有人工吗", lang="zh", now=NOW)
    assert found.computed is not None and found.computed["deadline"] == "2026-10-12T10:00:00+08:00"
