"""Computed answers (issue 12, must-show 4): an amount gives the figure with its law and threshold,
a date gives the deadline by the rule that applies; through `weiquan kb ask --json` and the chat."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import main
from knowledge.loader import load_kb
from tests.blind_eval import fold
from tests.chat import T0, Chat

NOW = T0.isoformat()  # 2026-11-27 10:00 Beijing time: the chat client's clock too

# (question, law id, price, extra compensation, minimum applied, food)
AMOUNTS: list[tuple[str, str, str, str, bool, str]] = [
    ("花80买的榨汁杯是假的，退一赔三最少能拿多少？", "cpl_55", "80.00", "500.00", True, "no"),
    ("200块买的耳机是假货，能赔多少", "cpl_55", "200.00", "600.00", False, "no"),
    ("买的零食50元，过期了，能赔多少钱", "food_safety_148", "50.00", "1000.00", True, "yes"),
    ("300元的奶粉有问题，十倍赔偿是多少", "food_safety_148", "300.00", "3000.00", False, "yes"),
    ("¥166.67买的假包 赔多少", "cpl_55", "166.67", "500.01", False, "no"),
    ("花了一百块买的东西是假的，能赔多少", "cpl_55", "100.00", "500.00", True, "unsure"),
    ("花80蚊買嘅波鞋係假貨，賠幾多", "cpl_55", "80.00", "500.00", True, "no"),
    ("买了一千二的手机是假的 赔多少", "cpl_55", "1200.00", "3600.00", False, "no"),
    ("八百九十九买的鞋是假的 能赔多少", "cpl_55", "899.00", "2697.00", False, "no"),
    ("I paid 80 yuan for a fake blender cup, how much compensation can I get?",
     "cpl_55", "80.00", "500.00", True, "no"),
    ("Paid 200 yuan for fake earphones, how much compensation?", "cpl_55", "200.00", "600.00", False, "no"),
    ("Bought snacks for 50 yuan and they were expired, how much compensation?",
     "food_safety_148", "50.00", "1000.00", True, "yes"),
    ("The milk powder cost 300 yuan and was unsafe, what compensation can I claim?",
     "food_safety_148", "300.00", "3000.00", False, "yes"),
]

# (question, rule, deadline, whether only a day was given)
DATES: list[tuple[str, str, str, bool]] = [
    ("我11月20号申请的仅退款，商家最晚哪天要处理？", "seller_reply_72h", "2026-11-23T23:59:00+08:00", True),
    ("我11月20号下午3点申请的仅退款，商家最晚什么时候要处理", "seller_reply_72h",
     "2026-11-23T15:00:00+08:00", False),
    ("我昨天晚上8点申请的退款，没收到货，卖家最晚什么时候要回复", "seller_reply_72h",
     "2026-11-29T20:00:00+08:00", False),
    ("我11月18号签收的，七天无理由最晚哪天退", "no_reason_7d", "2026-11-25T23:59:59+08:00", False),
    ("11月10号买的，11月12号签收，七天无理由到哪天", "no_reason_7d", "2026-11-19T23:59:59+08:00", False),
    ("my order was closed on nov 15, until when can I complain?", "closed_15d",
     "2026-11-30T00:00:00+08:00", True),
    ("11月10日交易成功的，最晚什么时候还能申请售后", "success_15d", "2026-11-25T00:00:00+08:00", True),
    ("我11月20号举报了卖假货的，最晚哪天处理完", "report_fake_3_5wd", "2026-11-27T23:59:59+08:00", False),
    ("商家11月23号拒绝了，平台最晚哪天介入", "intervention_2wd", "2026-11-25T23:59:59+08:00", False),
    ("付款是11月26号上午9点，商家最晚什么时候发货", "ship_24h", "2026-11-27T09:00:00+08:00", False),
    ("I applied for a refund on Nov 20 because the parcel never arrived; when is the seller's deadline?",
     "seller_reply_72h", "2026-11-23T23:59:00+08:00", True),
    ("I signed for the parcel on November 18, what's the last day for a 7-day no-reason return?",
     "no_reason_7d", "2026-11-25T23:59:59+08:00", False),
    ("I signed for it on 18/11, what's the last day for a 7-day no-reason return?", "no_reason_7d",
     "2026-11-25T23:59:59+08:00", False),
    ("我喺11月20號申請咗退款，賣家最遲幾時要處理？", "seller_reply_72h", "2026-11-23T23:59:00+08:00", True),
    ("i paid on nov 25 at 9am but they still havent shipped, when can i ask for a refund", "late_ship_72h",
     "2026-11-28T09:00:00+08:00", False),
    ("I requested a refund on 15 November, from when can I go to the rights centre?",
     "rights_center_9d", "2026-11-24T23:59:00+08:00", True),
]


def ask_json(capsys: pytest.CaptureFixture[str], question: str) -> dict[str, object]:
    assert main(["kb", "ask", question, "--json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    assert list(data)[:4] == ["answer", "entry", "score", "sources"]  # CONTRACT.md, extended only
    return data


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEIQUAN_NOW", NOW)


@pytest.mark.parametrize(("question", "law", "price", "extra", "minimum", "food"), AMOUNTS)
def test_an_amount_gives_the_figure_its_law_and_threshold(
    capsys: pytest.CaptureFixture[str], question: str, law: str, price: str, extra: str,
    minimum: bool, food: str,
) -> None:
    data = ask_json(capsys, question)
    computed = data["computed"]
    assert isinstance(computed, dict)
    assert (computed["law"], computed["price"], computed["extra"]) == (law, price, extra)
    assert computed["minimum_applied"] is minimum and computed["food"] == food
    text = fold(str(data["answer"]))  # a Traditional question is answered in Traditional
    article = "55" if law == "cpl_55" else "148"
    assert f"第 {article} 条" in text or f"art. {article}" in text
    floor = "500" if law == "cpl_55" else "1000"
    assert floor in text and extra.removesuffix(".00") in text
    assert any(article in s for s in data["sources"])  # type: ignore[union-attr]
    english = question.isascii()
    assert ("yuan" in text) is english and ("元" in text) is not english
    if food == "unsure":  # the food rule is given as a condition, with its own figure
        assert "第 148 条" in text and "如果买的是食品" in text


@pytest.mark.parametrize(("question", "rule", "deadline", "date_only"), DATES)
def test_a_date_gives_the_deadline_by_the_rule(
    capsys: pytest.CaptureFixture[str], clock: None, question: str, rule: str, deadline: str,
    date_only: bool,
) -> None:
    data = ask_json(capsys, question)
    computed = data["computed"]
    assert isinstance(computed, dict)
    assert (computed["rule"], computed["deadline"], computed["date_only"]) == (rule, deadline, date_only)
    at = datetime.fromisoformat(deadline)
    text = fold(str(data["answer"]))  # a Traditional question is answered in Traditional
    assert (f"{at.month}月{at.day}日" in text) or (f"{at:%a} {at.day} {at:%b} {at.year}" in text)
    assert data["sources"], "every computed answer cites its rule's source"
    assert f"({rule})" in text or f"（{rule}）" in text  # and names the rule
    english = question.isascii()
    if date_only:
        assert ("only a day" in text or "gave the day but not the time" in text) if english else "只给了日期" in text


def test_a_doubtful_rule_says_so(capsys: pytest.CaptureFixture[str], clock: None) -> None:
    data = ask_json(capsys, "付款是11月26号上午9点，商家最晚什么时候发货")
    assert data["computed"]["doubtful"] is True  # type: ignore[index]
    assert "⚠" in str(data["answer"]) and "经验文" in str(data["answer"])


def test_a_date_belongs_to_the_event_written_next_to_it(capsys: pytest.CaptureFixture[str],
                                                         clock: None) -> None:
    """11月11号买的 is when it was bought: the 7 days run from signing, which is not given."""
    data = ask_json(capsys, "我11月11号买的，七天无理由到哪天")
    assert "computed" not in data and data["entry"] == "no_reason_7d"


def test_the_texts_and_triggers_check() -> None:
    from knowledge import computed, computed_dates
    from knowledge.deadlines import load_rules

    kb = load_kb()
    assert computed.check(kb.computed.data) == []
    assert computed_dates.check(kb.computed, {e.id for e in kb.entries}, set(load_rules())) == []


def test_without_a_clock_a_date_without_a_year_is_not_guessed() -> None:
    found = load_kb().ask("我11月20号申请的仅退款，商家最晚哪天要处理？")
    assert found.computed is None


def test_a_full_date_needs_no_clock() -> None:
    found = load_kb().ask("我2026年11月20号申请的仅退款，商家最晚哪天要处理？")
    assert found.computed is not None and found.computed["deadline"] == "2026-11-23T23:59:00+08:00"


@pytest.mark.parametrize("question", ["赔三倍不足500怎么算", "七天无理由怎么算", "假一赔三是什么"])
def test_no_number_no_computation(question: str) -> None:
    assert load_kb().ask(question).computed is None


def test_chat_computes_the_amount(chat: Chat) -> None:
    reply = chat.send("花80买的榨汁杯是假的，退一赔三最少能拿多少？")[0]
    assert "500 元" in reply and "第 55 条" in reply and "来源" in reply


def test_chat_computes_the_deadline_from_its_own_clock(chat: Chat) -> None:
    reply = chat.send("我11月20号申请的仅退款，商家最晚哪天要处理？")[0]
    assert "2026年11月23日" in reply and "只给了日期" in reply and "来源" in reply


def test_chat_in_english(en_chat: Chat) -> None:
    reply = en_chat.send("Paid 200 yuan for fake earphones, how much compensation?")[0]
    assert "600 yuan" in reply and "art. 55" in reply
    reply = en_chat.send("I signed for the parcel on November 18, what's the last day for a 7-day no-reason return?")[0]
    assert "25 Nov 2026" in reply


def test_kb_ask_reads_the_clock_only_for_a_question_with_a_date(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The settings (and their 0.3 s import) are read only when a date needs placing."""
    monkeypatch.setenv("WEIQUAN_NOW", "not a time")  # would fail if the settings were read
    data = ask_json(capsys, "花80买的榨汁杯是假的，退一赔三最少能拿多少？")
    assert data["computed"]["extra"] == "500.00"  # type: ignore[index]


@settings(max_examples=60, deadline=None)
@given(cents=st.integers(min_value=1, max_value=10_000_000), food=st.booleans(),
       english=st.booleans())
def test_any_price_gives_the_statutory_figure(cents: int, food: bool, english: bool) -> None:
    price = Decimal(cents) / 100
    if english:
        item = "snacks" if food else "shoes"
        question = f"I paid {price} yuan for fake {item}, how much compensation can I get?"
    else:
        question = f"花{price}元买的{'零食' if food else '鞋'}是假的，能赔多少"
    found = load_kb().ask(question, lang="en" if english else "zh")
    assert found.computed is not None, question
    multiple, floor = (Decimal(10), Decimal(1000)) if food else (Decimal(3), Decimal(500))
    expected = max(price * multiple, floor).quantize(Decimal("0.01"))
    assert found.computed["extra"] == f"{expected:.2f}"
    assert found.computed["minimum_applied"] is (price * multiple < floor)


def test_each_kb_ask_reads_the_clock_as_configured_then(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "我昨天晚上8点申请的退款，没收到货，卖家最晚什么时候要回复"
    monkeypatch.setenv("WEIQUAN_NOW", "2026-11-27T10:00:00+08:00")
    assert ask_json(capsys, question)["computed"]["deadline"] == "2026-11-29T20:00:00+08:00"  # type: ignore[index]
    monkeypatch.setenv("WEIQUAN_NOW", "2026-12-10T10:00:00+08:00")
    assert ask_json(capsys, question)["computed"]["deadline"] == "2026-12-12T20:00:00+08:00"  # type: ignore[index]


def test_a_run_on_the_real_clock_does_not_fix_the_clock_for_later_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full-suite flake: the blind floors run `kb ask -` in this process without WEIQUAN_NOW;
    a clock kept for the process then placed 昨天 in later runs by the real date."""
    question = "我昨天晚上8点申请的退款，没收到货，卖家最晚什么时候要回复"
    monkeypatch.delenv("WEIQUAN_NOW", raising=False)
    assert ask_json(capsys, question)["computed"]["rule"] == "seller_reply_72h"  # type: ignore[index]
    for now, deadline in ((NOW, "2026-11-29T20:00:00+08:00"), ("2026-12-10T10:00:00+08:00",
                                                                "2026-12-12T20:00:00+08:00")):
        monkeypatch.setenv("WEIQUAN_NOW", now)  # two instants: no clock kept from any earlier run
        assert ask_json(capsys, question)["computed"]["deadline"] == deadline  # type: ignore[index]
