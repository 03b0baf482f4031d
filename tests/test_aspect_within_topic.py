"""Aspect within the topic: of the entries about the complaint a question describes, the one whose
fact answers the aspect asked wins (issue 12, must-show 3).

A count asked in a unit (几天, how many hours, 几个工作日) is answered by an entry stating a count in
that unit, not by a neighbour stating another (the claim's 15 days, not the seller's 72 hours); where
to go for a complaint the question itself describes is that complaint's own path, not the app's
general complaint steps. Written by hand from ../shared/domain/FACTS.md, not from any blind set.
"""

from __future__ import annotations

import pytest

from knowledge.count_unit import unit_asked
from knowledge.loader import load_kb


@pytest.mark.parametrize(("question", "unit"), [
    ("没收到货几天内可以维权", "day"), ("退款多少天能去维权中心", "day"),
    ("卖家拒绝后平台几个工作日介入", "working_day"), ("卖家有多少小时处理", "hour"),
    ("how many days do I have to return it", "day"), ("how many hours does the seller get", "hour"),
    ("没收到货多久能维权", None), ("how long does the seller have", None), ("质量问题怎么退", None)])
def test_the_unit_a_count_asks(question: str, unit: str | None) -> None:
    assert unit_asked(load_kb().aspects, question) == unit


def test_an_answer_states_a_count_in_a_unit_only_after_a_number() -> None:
    units, kb = load_kb().aspects.units, load_kb()
    assert units.states(kb.entry("not_received_how"), "day")  # 15 天
    seller = kb.entry("not_received_72h")  # 72 小时, 2 个工作日: no count of days
    assert units.states(seller, "hour") and units.states(seller, "working_day")
    assert not units.states(seller, "day")


TABLE: list[tuple[str, str, str]] = [
    # (question, entry, a fact the answer states)
    ("交易成功了但包裹一直没到，几天之内可以发起维权", "not_received_how", "15 天"),
    ("How many days after success can I still open a claim for a parcel I never got?", "not_received_how",
     "15 days"),
    ("卖家一直没发货，退款成功交易关闭以后几天内可以投诉延迟发货", "late_shipping_how", "15 天"),
    ("申请未收到货退款以后，卖家有几小时处理", "not_received_72h", "72 小时"),
    ("订单投诉交上去以后，最迟几天处理完", "complaint_result", "5 天"),
    # where, for a complaint the question describes
    ("显示签收但我根本没拿到货，去哪里申请退款", "not_received_how", "未收到货"),
    ("被冒充客服的人骗走了钱，应该去哪里报案", "fraud_how", "110"),
    ("快递说签收了我没拿到 维权入口 在哪", "not_received_how", "未收到货"),
]


@pytest.mark.parametrize(("question", "entry", "fact"), TABLE)
def test_the_fact_of_the_topic_answers_the_aspect(question: str, entry: str, fact: str) -> None:
    found = load_kb().ask(question, lang="en" if question.isascii() else "zh")
    assert (found.entry, fact in (found.answer or "")) == (entry, True), found.answer


def test_where_without_a_complaint_keeps_the_app_steps() -> None:
    assert load_kb().ask("投诉商家的入口在哪").entry == "complain_app"


def test_where_a_record_is_seen_is_no_playbook() -> None:
    """An entry stating where to look outranks the complaint's playbook the category pulled up."""
    assert load_kb().ask("投诉了卖假货的店，投诉记录在哪里查").entry == "track_complaint"


def test_the_penalty_for_shipping_late_is_the_topic_s_own() -> None:
    """Late shipping's one stated penalty (5% per order, FACTS §11.2); its criteria stay a gap."""
    kb = load_kb()
    found = kb.ask("发货太慢的店铺，平台会给什么处罚")
    assert (found.entry, "5%" in (found.answer or "")) == ("ship_24h", True)
    assert kb.ask("延迟发货的认定标准是什么").answer is None


@pytest.mark.parametrize(("question", "entry", "fact"), [
    # a law named in full asks the law, read without the law's name (its topic decides the entry)
    ("消费者权益保护法规定哪些商品不适用七天无理由", "no_reason_exceptions", "第 25 条"),
    # the law's stance (法律说法) is no wording to use
    ("质量问题退回去的运费该谁出 有什么法律说法", "return_postage", "第 24 条"),
    # two close entries both stating a law: the one knowing the question's own word (例外)
    ("七天无理由 例外 是哪条法", "no_reason_exceptions", "第 25 条"),
])
def test_the_law_of_the_topic(question: str, entry: str, fact: str) -> None:
    found = load_kb().ask(question)
    assert (found.entry, fact in (found.answer or "")) == (entry, True), found.answer


@pytest.mark.parametrize("question", ["我想学做蛋糕去哪里报班", "附近哪里有卖水果的超市"])
def test_a_topic_word_the_aspect_has_no_answer_for_answers_nothing(question: str) -> None:
    assert load_kb().ask(question).answer is None


@pytest.mark.parametrize(("question", "fact"), [
    ("菜鸟的物流赔款是赔给谁的钱", "赔给商家"),
    ("Is the Cainiao compensation for a crushed box paid to the buyer?", "paid to the seller"),
    ("菜鸟那边的物流投诉时效多久", "1 年"),
    # a fish tank is no food: the food law does not answer
    ("快递把我的玻璃鱼缸压碎了，菜鸟的赔付是赔给我吗", "赔给商家"),
])
def test_cainiao_s_compensation_is_its_own_topic(question: str, fact: str) -> None:
    found = load_kb().ask(question, lang="en" if question.isascii() else "zh")
    assert (found.entry, fact in (found.answer or "")) == ("logistics_compensation", True), found.answer


def test_a_fish_tank_is_no_food() -> None:
    assert load_kb().aspects.topics("买的鱼缸裂了") == []
    assert load_kb().aspects.topics("买的鱼不新鲜") == ["food"]


def test_an_entry_about_a_topic_not_named_yields_to_the_complaint_s_own() -> None:
    """The appeal's papers rank first for a fake's evidence (交给平台的材料); the question names no
    appeal, so the counterfeit checklist answers."""
    found = load_kb().ask("买到假表了 交给平台的材料要准备哪些")
    assert (found.entry, "鉴定" in (found.answer or "")) == ("counterfeit_evidence", True)
    assert load_kb().ask("申诉要交哪些材料").entry == "appeal"


def test_the_complaint_described_beats_another_category_s_close_best() -> None:
    """Asked whether late shipping can be reported, the report-a-fake path (another category)
    yields to the late-shipping entry: there is no such report, request a refund."""
    found = load_kb().ask("卖家一直拖着不发货 能去举报中心举报吗")
    assert (found.entry, "申请退款" in (found.answer or "")) == ("late_shipping_how", True), found.entry


@pytest.mark.parametrize(("question", "entry"), [
    ("平台介入以后一般分哪几个阶段", "intervention_process"),
    ("What stages does a case go through after the platform steps in?", "intervention_process"),
    ("假货投诉交上去以后会经过哪些环节", "counterfeit_process"),
])
def test_the_stages_of_a_case_are_not_how_to_file_it(question: str, entry: str) -> None:
    found = load_kb().ask(question, lang="en" if question.isascii() else "zh")
    assert (found.aspect, found.entry) == ("stages", entry)
