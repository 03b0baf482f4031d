"""`other` and the seller's words about the shopper (FACTS §2.0, §2.13, §16 #14): a charge or condition
the shopper did not choose is none of the twelve, whatever single word leans elsewhere; a complaint
about a purchase that nothing places is `other`, as a guess to confirm; what the seller calls the
shopper is an insult (harassment) or, in a review, a malicious review, never a fraud the shopper
suffered. The sentences are written for these tests, none from a blind or dev set."""

from __future__ import annotations

import pytest

from dialogs.flows.intake import CONFIDENT, PLAUSIBLE
from knowledge.loader import load_kb


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("下单时系统自己给我加了一个付费会员，怎么都取消不了", "other"),
        ("买电视的时候延保被默认勾上了，多扣了我三百", "other"),
        ("the store charged a packaging fee at pickup that the listing never showed", "other"),
        ("the phone came with an insurance plan in the cart that I never chose, and I can't remove it", "other"),
        ("要我先充值两百成为会员才肯卖给我这台空气炸锅", "other"),
        ("我的淘金币和积分一夜之间全没了", "other"),
        ("订了酒店套餐，到了前台才说要加收清洁费", "other"),
        ("结账时多出来一个叫会员保障的收费项，我从来没勾过", "other"),
        ("my membership tier was downgraded overnight and all my coupons are gone", "other"),
        # the same charge, promised free or held against shipping, or charged for a repair, is not `other`
        ("说好包安装，师傅来了又另收一百块安装费", "broken_promise"),
        ("不加五十块运费就不给发货", "late_shipping"),
    ],
)
def test_a_charge_or_condition_not_chosen_is_other(text: str, category: str) -> None:
    assert load_kb().classify(text).category == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("the seller texted me every night calling me a thief and a scammer", "harassment"),
        ("in his reply to my review the seller called me a liar, a cheapskate and a scammer", "malicious_review"),
        ("卖家把我当成骗子，天天打电话来骂", "harassment"),
        ("我被卖家骂成骗子，还说要去我单位闹", "harassment"),
        ("the seller treats me like a scammer and keeps phoning me", "harassment"),
        # the shopper's own accusation: money taken is fraud
        ("the seller is a scammer, he took my deposit by wechat and blocked me", "fraud"),
        ("the seller called me yesterday, he is a scammer who took my money", "fraud"),
        ("当我发现被骗了，卖家已经把我拉黑了", "fraud"),
        ("the seller wrote under my rating that I'm a thief and a liar", "malicious_review"),
    ],
)
def test_what_the_seller_calls_the_shopper_is_no_fraud(text: str, category: str) -> None:
    assert load_kb().classify(text).category == category


def test_a_complaint_about_a_purchase_that_nothing_places_is_other_to_confirm() -> None:
    found = load_kb().classify("这家店卖完东西把我的手机号和地址卖给了别的商家")
    assert found.category == "other" and PLAUSIBLE <= found.confidence < CONFIDENT
    assert "other" not in found.alternatives


@pytest.mark.parametrize("text", ["今天天气不错", "我想起诉商家", "what's the weather like tomorrow"])
def test_no_purchase_or_a_question_stays_without_category(text: str) -> None:
    assert load_kb().classify(text).category is None


def test_a_service_visit_is_no_call_for_the_police() -> None:
    kb = load_kb()
    assert not kb.classify("保修期内上门维修还要收一百块上门费").call_police
    assert kb.classify("卖家找上门恐吓我").call_police


def test_the_manner_of_the_staff_over_a_refund_is_after_sales() -> None:
    """FACTS §2.0 态度问题: rude staff while the shopper asks for a refund is after-sales, even where the
    model links customer service to fake-agent scams."""
    assert load_kb().classify("客服的态度非常差，退款一直不给处理").category == "after_sales_refused"
