"""Statutory amounts at and around the minimums of FACTS.md appendix B (table-driven)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge import damages
from knowledge.letters import render_letter
from knowledge.loader import load_kb

D = Decimal

# 《消费者权益保护法》第 55 条: 3 × price, at least 500 yuan. 500 / 3 = 166.666…
FRAUD = [
    ("0.01", "500.00", True),
    ("100.00", "500.00", True),
    ("166.66", "500.00", True),  # 499.98 < 500
    ("166.67", "500.01", False),  # first cent above the threshold
    ("166.68", "500.04", False),
    ("200.00", "600.00", False),
    ("399.00", "1197.00", False),
    ("9999.99", "29999.97", False),
]

# 《食品安全法》第 148 条: 10 × price (or 3 × loss), at least 1000 yuan.
FOOD = [
    ("0.01", None, "1000.00", True),
    ("99.99", None, "1000.00", True),  # 999.90 < 1000
    ("100.00", None, "1000.00", False),  # exactly the minimum: 10 × price itself
    ("100.01", None, "1000.10", False),
    ("250.00", None, "2500.00", False),
    ("10.00", "333.33", "1000.00", True),  # 3 × loss 999.99 < 1000
    ("10.00", "333.34", "1000.02", False),  # 3 × loss wins over 10 × price
    ("50.00", "100.00", "1000.00", True),  # 500 vs 300 -> minimum
    ("150.00", "600.00", "1800.00", False),  # 1500 vs 1800 -> the larger
]


@pytest.mark.parametrize(("price", "extra", "floor"), FRAUD)
def test_fraud_award(price: str, extra: str, floor: bool) -> None:
    award = damages.fraud_award(price)
    assert award.law == "cpl_55"
    assert award.extra == D(extra)
    assert award.minimum_applied is floor
    assert award.total == D(price) + D(extra)
    assert str(award.extra) == extra  # two decimals, as yuan are written


@pytest.mark.parametrize(("price", "loss", "extra", "floor"), FOOD)
def test_food_award(price: str, loss: str | None, extra: str, floor: bool) -> None:
    award = damages.food_award(price, loss)
    assert award.law == "food_safety_148"
    assert award.extra == D(extra)
    assert award.minimum_applied is floor


def test_protection_cap_is_price_plus_postage() -> None:
    assert damages.protection_cap("399.00", "12.50") == D("411.50")
    assert damages.protection_cap("399") == D("399.00")


@pytest.mark.parametrize(("raw", "value"), [("0.005", "0.01"), ("1,299.5", "1299.50"),
                                            (" 7 ", "7.00"), ("0.004", "0.00")])
def test_yuan_rounds_half_up_to_the_cent(raw: str, value: str) -> None:
    assert str(damages.yuan(raw)) == value


@pytest.mark.parametrize("raw", ["abc", "-1", "NaN", "Infinity", ""])
def test_yuan_refuses_what_is_not_an_amount(raw: str) -> None:
    with pytest.raises(ValueError):
        damages.yuan(raw)
    assert damages.parse_price(raw) is None


@pytest.mark.parametrize(("price", "extra", "total"), [
    ("166.66", "500.00", "666.66"), ("166.67", "500.01", "666.68"), ("399.00", "1197.00", "1596.00"),
])
def test_letters_state_the_amounts_computed(price: str, extra: str, total: str) -> None:
    case = {"id": 1, "category": "counterfeit", "events": [],
            "fields": {"platform": "tmall", "shop": "店", "item": "包", "amount": price,
                       "description": "防伪码查不到。", "demand": "triple"}}
    for lang in ("zh", "en"):
        text = render_letter(case, "court", lang, load_kb()).text
        assert extra in text and total in text, text


@pytest.mark.parametrize(("price", "extra"), [("99.99", "1000.00"), ("100.01", "1000.10")])
def test_food_cases_use_the_food_safety_law(price: str, extra: str) -> None:
    case = {"id": 1, "category": "quality", "events": [],
            "fields": {"platform": "taobao", "amount": price, "food": "yes",
                       "description": "食品过期。", "demand": "refund_return"}}
    letter = render_letter(case, "gov_12315", "zh", load_kb())
    assert "food_safety_148" in letter.cited
    assert f"增加赔偿 {extra} 元" in letter.text


@given(st.decimals(min_value=D("0.01"), max_value=D("9999999.99"), places=2))
def test_awards_are_the_larger_of_multiple_and_minimum(price: Decimal) -> None:
    fraud, food = damages.fraud_award(price), damages.food_award(price)
    assert fraud.extra == max(price * 3, D(500)).quantize(D("0.01"))
    assert food.extra == max(price * 10, D(1000)).quantize(D("0.01"))
    assert fraud.minimum_applied == (price * 3 < 500)
    assert food.minimum_applied == (price * 10 < 1000)
