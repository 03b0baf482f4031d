"""Computed answers and voice input in the forms shoppers write them (issue 12, items 2 and 4):
a price with a sign, a unit, Chinese numerals, a multiplier or bare; a date as a day, a weekday
back or a short form; voice input's misheard domain words; in Simplified, Traditional and English.
And English questions about something else entirely get no confident answer."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from knowledge.amounts import load as load_amount_words
from knowledge.base import KnowledgeBase
from knowledge.loader import DATA_DIR, load_kb

NOW = datetime.fromisoformat("2026-11-27T10:00:00+08:00")  # a Friday


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


# (how the price is written, the price in yuan; None: no number in it is a price)
PRICES: list[tuple[str, str | None]] = [
    ("花了¥899", "899"), ("899元买的", "899"), ("八百九十九块", "899"), ("三千二的手表", "3200"),
    ("花了1.2万", "12000"), ("1万2的包", "12000"), ("两百五买的耳机", "250"), ("幺八零块", "180"),
    ("标价四百五", "450"), ("价格99", "99"), ("鞋子899是假的", "899"), ("一瓶1299", "1299"),
    ("花了1,500", "1500"), ("¥166.67", "166.67"), ("六百五十蚊", "650"), ("兩百元", "200"),
    ("paid 1,500 rmb", "1500"), ("cost me 2k", "2000"), ("35 bucks", "35"), ("120 kuai", "120"),
    ("spent 60 on it", "60"), ("399 yuan", "399"),
    # tied to something else: days, times, a date, the figure asked about
    ("7天无理由", None), ("赔3倍", None), ("11月20号", None), ("能赔500吗", None),
    ("at least 500", None), ("on 11/20", None), ("art. 55", None), ("订单号123456789012", None),
    ("十块钱的东西 能赔500吗", "10"), ("3倍赔偿是多少 买了200", "200"),
]


@pytest.mark.parametrize(("written", "price"), PRICES)
def test_a_price_is_read_in_every_form(written: str, price: str | None) -> None:
    found = load_amount_words(DATA_DIR).find(load_kb().normaliser.basic(written))
    assert (None if found is None else found.normalize()) == (None if price is None else Decimal(price))


# (question, law, extra compensation): the figure with its law, in zh, Traditional and English
COMPENSATION: list[tuple[str, str, str]] = [
    ("我买的鞋子899是假的能赔多少", "cpl_55", "2697.00"),
    ("花了1万2买的包是假的 能赔多少", "cpl_55", "36000.00"),
    ("假手表 三千二 赔偿", "cpl_55", "9600.00"),
    ("假一赔三 价格99 我能拿多少", "cpl_55", "500.00"),
    ("买的进口奶粉过期了 花了520元 赔多少", "food_safety_148", "5200.00"),
    ("天猫买的大闸蟹不新鲜吃坏肚子了 花了三百二 能赔多少", "food_safety_148", "3200.00"),
    ("買咗對假波鞋 六百五十蚊 可以賠幾多", "cpl_55", "1950.00"),
    ("假貨才四十塊 最少可以賠多少", "cpl_55", "500.00"),
    ("the fake bag cost me 2k, how much can i get back", "cpl_55", "6000.00"),
    ("the honey I bought was fake, 120 kuai, how much can I get", "food_safety_148", "1200.00"),
    ("我花了幺八零块买了个假充电宝能赔多少钱", "cpl_55", "540.00"),
]


@pytest.mark.parametrize(("question", "law", "extra"), COMPENSATION)
def test_compensation_is_computed_from_any_way_of_writing_the_price(
        kb: KnowledgeBase, question: str, law: str, extra: str) -> None:
    lang = "en" if question.isascii() else "zh"
    found = kb.ask(question, lang=lang, now=NOW)
    assert found.computed is not None, question
    assert (found.computed["law"], found.computed["extra"]) == (law, extra)
    article = "55" if law == "cpl_55" else "148"
    assert article in (found.answer or "") and extra.removesuffix(".00") in (found.answer or "")


# (question, rule, deadline day): dates as shoppers write them, counted by the rule that applies
DEADLINES: list[tuple[str, str, str]] = [
    ("我上周五申请的退款 没收到货 卖家最晚什么时候回复", "seller_reply_72h", "2026-11-23"),
    ("11.20申请的仅退款 商家几号之前要处理", "seller_reply_72h", "2026-11-23"),
    ("11/24申请退款没收到货 卖家要在什么时候之前回我", "seller_reply_72h", "2026-11-27"),
    ("我是十一月二十二号申请的仅退款没收到货商家最晚哪天要处理", "seller_reply_72h", "2026-11-25"),
    ("我前天申请的退宽没收到货卖家最晚啥时候回复", "seller_reply_72h", "2026-11-28"),
    ("11月20號簽收 七天無理由退貨最遲幾號", "no_reason_7d", "2026-11-27"),
    ("got it delivered 11/19, 7-day return deadline?", "no_reason_7d", "2026-11-26"),
    ("11月24号举保了一家卖假货的店几号能有结果", "report_fake_3_5wd", "2026-12-01"),
    ("I complained on Nov 21, by when must it be handled", "complaint_5d", "2026-11-26"),
    ("我是11月21号申请的退款到现在还没收到货商家啥时候必须回复", "seller_reply_72h", "2026-11-24"),
    ("I filed a refund for an undelivered parcel on November 22, when does the seller have to answer",
     "seller_reply_72h", "2026-11-25"),
    ("reported a shop selling fakes on nov 24, when should I hear back", "report_fake_3_5wd", "2026-12-01"),
]


@pytest.mark.parametrize(("question", "rule", "day"), DEADLINES)
def test_a_deadline_is_computed_from_any_way_of_writing_the_date(
        kb: KnowledgeBase, question: str, rule: str, day: str) -> None:
    lang = "en" if question.isascii() else "zh"
    found = kb.ask(question, lang=lang, now=NOW)
    assert found.computed is not None, question
    assert found.computed["rule"] == rule and str(found.computed["deadline"]).startswith(day)


# (voice input, what it says): a misheard domain word is read as the word
VOICE: list[tuple[str, str]] = [
    ("宝修期内坏了商家不给修怎么办", "保修"), ("我想举保这个卖假货的店", "举报"),
    ("退宽申请了好几天没人理", "退款"), ("我要头诉这个商家", "投诉"), ("商家不发活怎么办", "发货"),
    ("快地显示签收了但是我没收到", "快递"), ("买到假货怎么维全", "维权"),
    ("申请了售后商家据绝了怎么办", "拒绝"), ("商家天天打电话骚绕我", "骚扰"),
    # heard with an accent: flat and curled tongue alike
    ("我想投述这家店卖假货", "投诉"), ("属于描素不符吗", "描述"),
    # a number read out, a digit written by its sound
    ("打酒吾幺零二幺幺投诉有用吗", "九五幺零二幺幺"),
]


@pytest.mark.parametrize(("said", "word"), VOICE)
def test_voice_input_is_read_as_the_domain_word(kb: KnowledgeBase, said: str, word: str) -> None:
    assert word in kb.readable(said)


# real words next to each other are never "misheard": a stretch across two words stays as typed
KEPT = ["这家店在卖违禁品", "店员说不是他们家的货", "奶粉里有异物", "打12315要加区号吗", "去消协要带什么",
        "商家电话里答应的算数吗", "快递暴力运输 东西都压变形了", "卖家发的是山寨货 logo都印错了",
        "下单后商家不按活动价发货", "什么时候打客服电话好", "11月20號簽收", "¥166.67买的假包 赔多少",
        "打幺二三幺五要不要加区号", "一五一十地说", "他说要五一以后发货"]


@pytest.mark.parametrize("text", KEPT)
def test_real_words_are_not_rewritten(kb: KnowledgeBase, text: str) -> None:
    assert kb.readable(text) == text


@pytest.mark.parametrize(("question", "entry"), [
    ("我想举保这个卖假货的店", "report_fake"), ("怎么举保卖违禁品的店铺", "report_banned"),
    ("我的头诉现在处理到哪一步了在哪看", "track_complaint"), ("幺二三幺五几点有人接电话", "gov_12315_hours"),
])
def test_voice_questions_get_the_answer_of_what_was_said(kb: KnowledgeBase, question: str,
                                                         entry: str) -> None:
    assert kb.ask(question, now=NOW).entry == entry


@pytest.mark.parametrize("question", [
    "my landlord won't return my deposit what can I do", "what is the exchange rate of rmb to usd",
    "what's the best VPN for China", "how do I apply for a work visa",
    "how long until my refund reaches my bank card",
    "what happens if the seller doesn't respond within 72 hours",
    # a known miss since real English words stopped being "corrected" (ef69a83): "country" no
    # longer becomes "counter", and the Alipay entry keeps a confident score (0.36 x 5/6 of the
    # words known); strict, so the day it passes again the mark must go
    pytest.param("how do I send money to someone in another country with alipay",
                 marks=pytest.mark.xfail(strict=True, reason="known miss: answered by alipay_refused")),
])
def test_english_questions_about_something_else_get_no_confident_answer(
        kb: KnowledgeBase, question: str) -> None:
    assert kb.ask(question, lang="en", now=NOW).answer is None


@pytest.mark.parametrize(("question", "entry"), [
    ("seller tells me to go argue with the courier company", "courier_blame"),
    ("seller refuses to repair my phone even though it's under warranty", "after_sales_refused_how"),
    ("how do I call 12315 from another city", "gov_12315_phone"),
])
def test_english_questions_with_a_few_unknown_words_keep_their_answer(
        kb: KnowledgeBase, question: str, entry: str) -> None:
    assert kb.ask(question, lang="en", now=NOW).entry == entry


def test_the_amount_words_are_checked_with_the_base(tmp_path: Path) -> None:
    """A broken amount_words.yaml is reported by `kb check` like every other file."""
    import shutil

    from knowledge.loader import load_unchecked

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "amount_words.yaml").write_text("signs: 3\n", encoding="utf-8")
    _, problems = load_unchecked(data)
    assert any("amount_words.yaml" in p for p in problems)


@pytest.mark.parametrize(("question", "expected"), [
    ("12315什么时候有人接", "下一次开放是 周一（2026-11-30）08:30"),
    ("幺二三幺五现在能打吗", "下一次开放是 周一（2026-11-30）08:30"),
    ("When is 12315 next staffed", "they next open Monday (2026-11-30) at 08:30"),
    ("12315 幾點開工", "下一次開放是 週一（2026-11-30）08:30"),  # asked in Traditional, answered in it
])
def test_kb_ask_says_when_12315_is_next_staffed(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch, question: str,
                                                expected: str) -> None:
    """As the chat does: the hours the base holds, against the configured clock (a Saturday evening)."""
    import json

    from bot.cli import main

    monkeypatch.setenv("WEIQUAN_NOW", "2026-11-28T20:00:00+08:00")
    assert main(["kb", "ask", question, "--json"]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert expected in reply["answer"] and "8:30-12:00" in reply["answer"]
