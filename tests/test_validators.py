"""Validators, table-driven: what people type, and what the bot keeps or refuses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from dialogs import validators as v
from dialogs.dates import DateError, parse_date

TODAY = date(2026, 11, 27)  # a Friday


@pytest.mark.parametrize(("typed", "kept"), [
    ("2345678901234567890", "2345678901234567890"),
    ("2345 6789 0123 4567 890", "23456789012345678901"[:19]),
    ("订单号：1234567890123456", "1234567890123456"),
    ("１２３４５６７８９０１２３４５６", "1234567890123456"),
    ("1234-5678-9012-3456", "1234567890123456"),
])
def test_order_numbers_kept(typed: str, kept: str) -> None:
    assert v.order_no(typed, TODAY) == v.Valid(kept)


@pytest.mark.parametrize(("typed", "code"), [
    ("12345abc67890", "order_no_digits"), ("123", "order_no_length"),
    ("1" * 25, "order_no_length"), ("", "empty"), ("TB12345678901234", "order_no_digits"),
])
def test_order_numbers_refused(typed: str, code: str) -> None:
    result = v.order_no(typed, TODAY)
    assert isinstance(result, v.Invalid) and result.code == code


@pytest.mark.parametrize(("typed", "kept"), [
    ("399", "399.00"), ("399.5", "399.50"), ("¥1,299.00", "1299.00"), ("88元", "88.00"),
    ("￥ 0.01", "0.01"), ("25块", "25.00"), ("１２.３", "12.30"), ("RMB 100", "100.00"),
])
def test_amounts_kept(typed: str, kept: str) -> None:
    assert v.amount(typed, TODAY) == v.Valid(kept)


@pytest.mark.parametrize(("typed", "code"), [
    ("0", "amount_positive"), ("-3", "amount_positive"), ("1.234", "amount_decimals"),
    ("abc", "amount_number"), ("NaN", "amount_positive"), ("1e12", "amount_too_big"),
    ("inf", "amount_positive"),
])
def test_amounts_refused(typed: str, code: str) -> None:
    result = v.amount(typed, TODAY)
    assert isinstance(result, v.Invalid) and result.code == code


@pytest.mark.parametrize(("typed", "day"), [
    ("今天", "2026-11-27"), ("昨天", "2026-11-26"), ("前天", "2026-11-25"),
    ("大前天", "2026-11-24"), ("3天前", "2026-11-24"), ("10 天前", "2026-11-17"),
    ("上周五", "2026-11-20"), ("上周一", "2026-11-16"), ("周三", "2026-11-25"),
    ("本周一", "2026-11-23"), ("星期天", "2026-11-22"),
    ("11月10日", "2026-11-10"), ("11月10号", "2026-11-10"), ("11.10", "2026-11-10"),
    ("11/10", "2026-11-10"), ("2026-11-10", "2026-11-10"), ("2026年11月10日", "2026-11-10"),
    ("2026.1.5", "2026-01-05"), ("12月20日", "2025-12-20"), ("２０２６－１１－１０", "2026-11-10"),
    ("yesterday", "2026-11-26"), ("3 days ago", "2026-11-24"), ("last friday", "2026-11-20"),
    ("Nov 10", "2026-11-10"), ("10 November 2026", "2026-11-10"), ("2024-02-29", "2024-02-29"),
])
def test_dates_as_people_type_them(typed: str, day: str) -> None:
    assert parse_date(typed, TODAY).day.isoformat() == day


def test_a_time_of_day_is_kept() -> None:
    parsed = parse_date("昨天下午3点", TODAY)
    assert parsed.iso() == "2026-11-26T15:00"
    assert parse_date("11月10号 14:30", TODAY).iso() == "2026-11-10T14:30"


@pytest.mark.parametrize(("typed", "code"), [
    ("明天", "future"), ("tomorrow", "future"), ("2026-11-28", "future"), ("2027年1月1日", "future"),
    ("2026-02-30", "bad_day"), ("13月1日", "bad_day"), ("下个月", "unreadable"),
    ("asdf", "unreadable"), ("2019-01-01", "too_old"),
])
def test_dates_refused(typed: str, code: str) -> None:
    with pytest.raises(DateError) as err:
        parse_date(typed, TODAY)
    assert err.value.code == code


@pytest.mark.parametrize(("validator", "typed", "code"), [
    (v.short_text, "   ", "empty"), (v.short_text, "店" * 101, "too_long"),
    (v.long_text, "坏了", "too_short"), (v.long_text, "坏" * 3001, "too_long"),
])
def test_texts_refused(validator: Callable[[str, date], v.Result], typed: str, code: str) -> None:
    result = validator(typed, TODAY)
    assert isinstance(result, v.Invalid) and result.code == code


def test_long_text_keeps_chinese_punctuation() -> None:
    assert v.long_text("鞋子开胶了，客服不理。", TODAY) == v.Valid("鞋子开胶了，客服不理。")
