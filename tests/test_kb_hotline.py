"""Hotline check (FACTS §9): official list, normalisation, the known scam number."""

from __future__ import annotations

import pytest

from knowledge.loader import load_kb


@pytest.mark.parametrize(
    "text",
    ["9510211", "951-0211", "951 0211", "９５１０２１１", "+86 9510211", "客服电话是9510211吗"],
)
def test_tmall_hotline_is_official(text: str) -> None:
    verdict = load_kb().check_hotline(text)
    assert verdict.number == "9510211" and verdict.official
    assert verdict.name is not None and verdict.name.zh == "天猫消费者热线"


@pytest.mark.parametrize("text", ["12315", "010-12315", "0571 12315", "区号+12315"])
def test_12315_with_or_without_area_code_is_official(text: str) -> None:
    assert load_kb().check_hotline(text).official


@pytest.mark.parametrize("text", ["0571-2828-2058", "+86 0571 2828 2058", "(0571)28282058", "057128282058"])
def test_known_scam_number(text: str) -> None:
    verdict = load_kb().check_hotline(text)
    assert not verdict.official
    assert verdict.name is not None and "冒充" in verdict.name.zh
    assert "9510211" in verdict.warning.zh and "验证码" in verdict.warning.zh


@pytest.mark.parametrize("text", ["400-820-8888", "13812345678", "+86 138 1234 5678", "95188"])
def test_unknown_number_is_not_official_and_warns(text: str) -> None:
    verdict = load_kb().check_hotline(text)
    assert not verdict.official and verdict.name is None
    for word in ("转账", "共享屏幕", "贷款", "验证码"):
        assert word in verdict.warning.zh
    assert verdict.warning.en and "verification code" in verdict.warning.en


def test_police_number_is_not_customer_service() -> None:
    verdict = load_kb().check_hotline("110")
    assert not verdict.official and "报警" in verdict.warning.zh


def test_no_number() -> None:
    verdict = load_kb().check_hotline("他说他是客服")
    assert verdict.number == "" and not verdict.official
