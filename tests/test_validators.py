"""Validators, table-driven: what people type, and what the bot keeps or refuses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from dialogs import validators as v
from dialogs.dates import DateError, parse_date
from knowledge.loader import load_kb

TODAY = date(2026, 11, 27)  # a Friday
KB = load_kb()
DATES = KB.date_words.form


@pytest.mark.parametrize(("typed", "kept"), [
    ("2345678901234567890", "2345678901234567890"),
    ("2345 6789 0123 4567 890", "23456789012345678901"[:19]),
    ("订单号：1234567890123456", "1234567890123456"),
    ("１２３４５６７８９０１２３４５６", "1234567890123456"),
    ("1234-5678-9012-3456", "1234567890123456"),
    ("1234 5678 9012 3456", "1234567890123456"), ("1234\u30005678\u30009012\u30003456", "1234567890123456"),
    ("1234–5678—9012－3456", "1234567890123456"), ("1234.5678.9012.3456", "1234567890123456"),
    (" 订单号: 1234 5678 9012 3456 ", "1234567890123456"), ("1234\u200b5678\u200b90123456", "1234567890123456"),
])
def test_order_numbers_kept(typed: str, kept: str) -> None:
    assert v.order_no(typed, TODAY, KB) == v.Valid(kept)


@pytest.mark.parametrize(("typed", "code"), [
    ("12345abc67890", "order_no_digits"), ("123", "order_no_length"),
    ("1" * 25, "order_no_length"), ("", "empty"), ("TB12345678901234", "order_no_digits"),
])
def test_order_numbers_refused(typed: str, code: str) -> None:
    result = v.order_no(typed, TODAY, KB)
    assert isinstance(result, v.Invalid) and result.code == code


@pytest.mark.parametrize(("typed", "kept"), [
    ("399", "399.00"), ("399.5", "399.50"), ("¥1,299.00", "1299.00"), ("88元", "88.00"),
    ("￥ 0.01", "0.01"), ("25块", "25.00"), ("１２.３", "12.30"), ("RMB 100", "100.00"),
    ("三百九十九元", "399.00"), ("两千", "2000.00"), ("一千二百元", "1200.00"), ("1.5万", "15000.00"),
    ("三百块五", "300.50"), ("3块5", "3.50"), ("399元。", "399.00"), ("399.", "399.00"),
    ("人民币 88 元", "88.00"), ("100 yuan", "100.00"), ("１２９９元", "1299.00"),
])
def test_amounts_kept(typed: str, kept: str) -> None:
    assert v.amount(typed, TODAY, KB) == v.Valid(kept)


@pytest.mark.parametrize(("typed", "code"), [
    ("0", "amount_positive"), ("-3", "amount_positive"), ("1.234", "amount_decimals"),
    ("abc", "amount_number"), ("NaN", "amount_format"), ("1e12", "amount_format"),
    ("inf", "amount_format"), ("1e5", "amount_format"), ("nan", "amount_format"),
    ("0x10", "amount_format"), ("1_000", "amount_format"), ("Infinity", "amount_format"),
    ("1E5元", "amount_format"), ("99999999", "amount_too_big"), ("一亿", "amount_too_big"),
])
def test_amounts_refused(typed: str, code: str) -> None:
    result = v.amount(typed, TODAY, KB)
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
    ("双十一", "2026-11-11"), ("双11", "2026-11-11"), ("双十二", "2025-12-12"), ("双12", "2025-12-12"),
    ("618", "2026-06-18"), ("去年双十一", "2025-11-11"), ("双十一那天", "2026-11-11"),
    ("Singles Day", "2026-11-11"), ("double 11", "2026-11-11"),
])
def test_dates_as_people_type_them(typed: str, day: str) -> None:
    assert parse_date(typed, TODAY, DATES).day.isoformat() == day


def test_a_time_of_day_is_kept() -> None:
    parsed = parse_date("昨天下午3点", TODAY, DATES)
    assert parsed.iso() == "2026-11-26T15:00"
    assert parse_date("11月10号 14:30", TODAY, DATES).iso() == "2026-11-10T14:30"


@pytest.mark.parametrize(("typed", "code"), [
    ("明天", "future"), ("tomorrow", "future"), ("2026-11-28", "future"), ("2027年1月1日", "future"),
    ("2026-02-30", "bad_day"), ("13月1日", "bad_day"), ("下个月", "unreadable"),
    ("asdf", "unreadable"), ("2019-01-01", "too_old"), ("今年双十二", "future"),
])
def test_dates_refused(typed: str, code: str) -> None:
    with pytest.raises(DateError) as err:
        parse_date(typed, TODAY, DATES)
    assert err.value.code == code


@pytest.mark.parametrize(("validator", "typed", "code"), [
    (v.short_text, "   ", "empty"), (v.short_text, "店" * 101, "too_long"),
    (v.long_text, "坏了", "too_short"), (v.long_text, "坏" * 3001, "too_long"),
    (v.long_text, "😡😡😡😡😡😡", "no_words"), (v.long_text, "。。。！！！？？", "no_words"),
    (v.long_text, "!!!!!!......", "no_words"), (v.long_text, "\x1b[31m\x1b[0m", "too_short"),
    (v.item, "2", "item_no_name"), (v.item, "  3 ", "item_no_name"), (v.item, "👟", "item_no_name"),
    (v.shop, "天猫", "shop_platform"), (v.shop, "淘宝", "shop_platform"),
    (v.shop, "Tmall", "shop_platform"), (v.shop, "taobao", "shop_platform"),
    (v.shop, "tmall.com", "shop_platform"), (v.shop, "天猫旗舰店", "shop_platform"),
    (v.shop, "123", "shop_no_name"), (v.shop, "\u200b\u202e", "empty"),
])
def test_texts_refused(validator: Callable[..., v.Result], typed: str, code: str) -> None:
    result = validator(typed, TODAY, KB)
    assert isinstance(result, v.Invalid) and result.code == code


def test_long_text_keeps_chinese_punctuation() -> None:
    assert v.long_text("鞋子开胶了，客服不理。", TODAY, KB) == v.Valid("鞋子开胶了，客服不理。")


@pytest.mark.parametrize(("validator", "typed", "kept"), [
    (v.item, "耐克 Air Max 90", "耐克 Air Max 90"), (v.item, "iPhone 15", "iPhone 15"),
    (v.shop, "小米官方旗舰店", "小米官方旗舰店"), (v.shop, "天猫超市旁边的小店", "天猫超市旁边的小店"),
    (v.shop, "7-Eleven", "7-Eleven"),
    (v.shop, "\x1b[31m小李数码\x1b[0m", "小李数码"), (v.item, "鞋\u200b子\u202e", "鞋子"),
    (v.shop, "\x1b]0;title\x07店铺A", "店铺A"), (v.item, "耳机\x07\x08", "耳机"),
    (v.long_text, "收到的\x1b[1;31m鞋\x1b[0m开胶了\u2066！", "收到的鞋开胶了！"),
    (v.long_text, "太坑了😡 鞋底开胶", "太坑了😡 鞋底开胶"),
])
def test_texts_kept_without_invisible_characters(
        validator: Callable[..., v.Result], typed: str, kept: str) -> None:
    assert validator(typed, TODAY, KB) == v.Valid(kept)
