"""Slot validators: raw user text in, a normalised value or a friendly error code out."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from dialogs.clean import has_letters, has_words, visible
from dialogs.dates import DateError, parse_date
from knowledge.textnorm import typed

# Tmall/Taobao order numbers are long digit strings. FACTS.md gives no length, so we accept
# 12-20 digits (the numbers users see are 16-19 digits) rather than refuse a real one.
ORDER_NO_MIN, ORDER_NO_MAX = 12, 20
AMOUNT_MAX = Decimal("10000000")
SHORT_TEXT_MAX = 100
LONG_TEXT_MIN, LONG_TEXT_MAX = 5, 3000
# Names of the platforms themselves, typed where the shop's name belongs.
PLATFORM_NAMES = frozenset({
    "天猫", "淘宝", "淘宝网", "天猫商城", "天猫超市", "手机淘宝", "手淘", "淘宝app", "天猫app",
    "阿里巴巴", "阿里", "tmall", "taobao", "tmall.com", "taobao.com", "旗舰店", "官方旗舰店",
    "天猫旗舰店", "天猫官方旗舰店", "淘宝店", "淘宝店铺", "天猫店", "天猫店铺"})
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CN_NUMBER = re.compile(r"[\d.零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点]+")
_KUAI_JIAO = re.compile(r"(.+?)(?:块|元)([\d一二三四五六七八九])(?:毛|角)?")


@dataclass(frozen=True)
class Invalid:
    code: str  # the key of the friendly message: texts `invalid.<code>`
    params: dict[str, str | int]


@dataclass(frozen=True)
class Valid:
    value: str


Result = Valid | Invalid


def _norm(text: str) -> str:
    return typed(text)


def order_no(text: str, today: date) -> Result:
    raw = "".join(ch for ch in _norm(visible(text)) if not _separator(ch))
    raw = re.sub(r"^(订单号|订单编号|order(no)?)[:：]?", "", raw, flags=re.I)
    if not raw:
        return Invalid("empty", {})
    if not (raw.isascii() and raw.isdigit()):
        return Invalid("order_no_digits", {})
    if not ORDER_NO_MIN <= len(raw) <= ORDER_NO_MAX:
        return Invalid("order_no_length", {"n": len(raw), "min": ORDER_NO_MIN, "max": ORDER_NO_MAX})
    return Valid(raw)


def _separator(ch: str) -> bool:
    """Spaces, dashes of every kind, dots and commas people put inside a long number."""
    return ch.isspace() or unicodedata.category(ch) == "Pd" or ch in "_,，.。·/"


def amount(text: str, today: date) -> Result:
    raw = re.sub(r"\s+", "", _norm(visible(text)).lower()).replace(",", "").replace("，", "")
    raw = re.sub(r"^(¥|￥|rmb|cny|人民币)", "", raw.rstrip("。.!！"))
    raw = re.sub(r"(元|圆|块钱|块|rmb|cny|yuan|人民币)$", "", raw).rstrip(".")
    if raw.startswith("-"):
        return Invalid("amount_positive", {})
    value = _decimal(raw)
    if value is None:
        looks_numeric = re.search(r"\d|inf|nan", raw)
        return Invalid("amount_format" if looks_numeric else "amount_number", {})
    if value <= 0:
        return Invalid("amount_positive", {})
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        return Invalid("amount_decimals", {})
    if value > AMOUNT_MAX:
        return Invalid("amount_too_big", {})
    return Valid(f"{value:.2f}")


def _decimal(raw: str) -> Decimal | None:
    """Plain digits with an optional decimal part, or Chinese numerals (399 written out,
    1.5 wan, "300 kuai 5"); never scientific, hexadecimal, underscored or infinite forms (1e5, 0x10,
    1_000, inf, nan)."""
    if _PLAIN_NUMBER.fullmatch(raw):
        return Decimal(raw)
    tenths = _KUAI_JIAO.fullmatch(raw)
    if tenths:
        whole, jiao = _decimal(tenths.group(1)), _decimal(tenths.group(2))
        return None if whole is None or jiao is None else whole + jiao / 10
    return _chinese(raw)


def _chinese(raw: str) -> Decimal | None:
    if not _CN_NUMBER.fullmatch(raw) or not re.search(r"[^\d.]", raw):
        return None
    import cn2an  # costs 0.1 s to import: only for amounts written in Chinese numerals

    try:
        return Decimal(str(cn2an.cn2an(raw, "smart")))
    except (ValueError, KeyError, InvalidOperation):
        return None


def short_text(text: str, today: date) -> Result:
    raw = re.sub(r"\s+", " ", visible(text).strip())
    if not raw:
        return Invalid("empty", {})
    if len(raw) > SHORT_TEXT_MAX:
        return Invalid("too_long", {"max": SHORT_TEXT_MAX, "n": len(raw)})
    return Valid(raw)


def shop(text: str, today: date) -> Result:
    result = short_text(text, today)
    if isinstance(result, Invalid):
        return result
    if _bare(result.value) in {_bare(n) for n in PLATFORM_NAMES}:
        return Invalid("shop_platform", {"name": result.value})
    if not has_letters(result.value):
        return Invalid("shop_no_name", {})
    return result


def _bare(name: str) -> str:
    return re.sub(r"[\s.·]", "", _norm(name).lower())


def item(text: str, today: date) -> Result:
    result = short_text(text, today)
    if isinstance(result, Invalid):
        return result
    if not has_letters(result.value):
        return Invalid("item_no_name", {})
    return result


def long_text(text: str, today: date) -> Result:
    # Kept as typed (no NFKC): full-width punctuation is part of a Chinese text.
    raw = visible(text).strip()
    if raw and not has_words(raw):
        return Invalid("no_words", {})
    if len(raw) < LONG_TEXT_MIN:
        return Invalid("too_short", {"min": LONG_TEXT_MIN})
    if len(raw) > LONG_TEXT_MAX:
        return Invalid("too_long", {"max": LONG_TEXT_MAX, "n": len(raw)})
    return Valid(raw)


def a_date(text: str, today: date) -> Result:
    try:
        return Valid(parse_date(text, today).iso())
    except DateError as exc:
        return Invalid(f"date_{exc.code}", {"today": today.isoformat()})
