"""An aspect asked of a thing whose aspect the sources do not give gets no answer, in every style,
even beside a complaint's own words (knowledge/aspect_gap.py, FACTS §17); the same aspects asked
of what the base knows keep their answer.

Written by hand for issue 12 from FACTS.md (not from the blind sets): the refund's arrival on the
account it goes back to, what 运费险 pays, lawyers' fees, advance compensation's timing, how long
delivery takes, a parcel station's hours; beside them, questions naming the same accounts,
insurance or parcels as part of a story whose aspect the base does know.
"""

from __future__ import annotations

import pytest

from knowledge.loader import load_kb

GAPS = [
    ("假货退了款，钱几天能回到信用卡", "zh", "gap_refund_arrival"),
    ("退款成功后多久返回花呗", "zh", "gap_refund_arrival"),
    ("退貨之後幾耐退返錢入支付寶", "zh", "gap_refund_arrival"),
    ("退款 多久到 花呗", "zh", "gap_refund_arrival"),
    ("How many days until the refund is back on my credit card?", "en", "gap_refund_arrival"),
    ("Seller agreed to the tuikuan, how long until the money reaches my Alipay?", "en", "gap_refund_arrival"),
    ("质量问题退回去，运费险理赔能赔多少钱", "zh", "gap_platform_return_rules"),
    ("How much does shipping insurance pay for a broken item?", "en", "gap_platform_return_rules"),
    ("请律师打官司律师费要多少钱", "zh", "gap_court_costs"),
    ("先行赔付要等几天", "zh", "gap_first_compensation_terms"),
    ("下单后一般多久能送到", "zh", "gap_delivery_time"),
    ("How quickly will the parcel reach me?", "en", "gap_delivery_time"),
    ("丰巢快递柜几点关门", "zh", "gap_parcel_points"),
    ("驿站电话多少", "zh", "gap_parcel_points"),
]

KNOWN = [
    ("用花呗付款买到假货，能赔多少", "zh", "law_55"),
    ("花呗付的款，卖家不发货几天可以投诉", "zh", None),
    ("聚划算大运险的赔款多久到卖家支付宝", "zh", "jhs_insurance"),
    ("快递一直没送到，几天可以申请退款", "zh", None),
    ("I paid with my credit card, how many days does the seller have to ship?", "en", None),
    ("Paid with Huabei for a fake bag that cost 120 yuan. How much can I claim?", "en", None),
    ("12315 周六 有人接吗", "zh", "gov_12315_hours"),
]


@pytest.mark.parametrize(("question", "lang", "gap"), GAPS)
def test_an_unknown_aspect_of_a_named_thing_gets_no_answer(question: str, lang: str, gap: str) -> None:
    found = load_kb().ask(question, lang=lang)
    # no answer, and a known gap to offer a human with (the everyday-operations gap also names 信用卡)
    assert found.answer is None and found.gap in (gap, "gap_shop_operations"), (found.entry, found.gap, found.aspect)


@pytest.mark.parametrize(("question", "lang", "entry"), KNOWN)
def test_the_same_things_in_a_story_whose_aspect_is_known_keep_their_answer(
        question: str, lang: str, entry: str | None) -> None:
    found = load_kb().ask(question, lang=lang)
    assert found.answer is not None, (found.gap, found.aspect)
    assert entry is None or found.entry == entry


def test_an_ordered_subject_reads_where_the_money_goes_not_how_it_was_paid() -> None:
    """"到|回>花呗" names the account a refund goes back to; 花呗付的 the one paid with."""
    from knowledge.aspect_gap import unknown_aspect

    kb = load_kb()
    assert unknown_aspect(kb, "钱几天能退回我的花呗", "days", None) == "gap_refund_arrival"
    assert unknown_aspect(kb, "花呗付的款几天能发货", "days", None) is None


def test_kb_check_names_a_subject_no_gap_can_use() -> None:
    from knowledge.aspect_gap import check

    kb = load_kb()
    assert check(kb.entries) == []
    hotline = kb.entry("hotline_9510211").model_copy(update={"subject": ["9510211"]})
    assert check([hotline]) == ["hotline_9510211.subject: only a gap entry with an aspect may name a subject"]
