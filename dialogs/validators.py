"""Slot validators: raw user text in, a normalised value or a friendly error code out."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from dialogs.dates import DateError, parse_date
from knowledge.textnorm import cn_number

# Tmall/Taobao order numbers are long digit strings. FACTS.md gives no length, so we accept
# 12-20 digits (the numbers users see are 16-19 digits) rather than refuse a real one.
ORDER_NO_MIN, ORDER_NO_MAX = 12, 20
AMOUNT_MAX = Decimal("10000000")
SHORT_TEXT_MAX = 100
LONG_TEXT_MIN, LONG_TEXT_MAX = 5, 3000


@dataclass(frozen=True)
class Invalid:
    code: str  # the key of the friendly message: texts `invalid.<code>`
    params: dict[str, str | int]


@dataclass(frozen=True)
class Valid:
    value: str


Result = Valid | Invalid


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def order_no(text: str, today: date) -> Result:
    raw = re.sub(r"[\s\-_,，]", "", _norm(text))
    raw = re.sub(r"^(订单号|订单编号|order(no)?)[:：]?", "", raw, flags=re.I)
    if not raw:
        return Invalid("empty", {})
    if not (raw.isascii() and raw.isdigit()):
        return Invalid("order_no_digits", {})
    if not ORDER_NO_MIN <= len(raw) <= ORDER_NO_MAX:
        return Invalid("order_no_length", {"n": len(raw), "min": ORDER_NO_MIN, "max": ORDER_NO_MAX})
    return Valid(raw)


def amount(text: str, today: date) -> Result:
    raw = _norm(text).lower().replace(",", "").replace("，", "")
    raw = re.sub(r"^(¥|￥|rmb|cny)\s*", "", raw)
    raw = re.sub(r"\s*(元|块钱|块|rmb|cny|yuan)$", "", raw)
    raw = cn_number(raw) or raw  # 八百九十九, 一千二, 两千五
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return Invalid("amount_number", {})
    if not value.is_finite() or value <= 0:
        return Invalid("amount_positive", {})
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        return Invalid("amount_decimals", {})
    if value > AMOUNT_MAX:
        return Invalid("amount_too_big", {})
    return Valid(f"{value:.2f}")


def short_text(text: str, today: date) -> Result:
    raw = re.sub(r"\s+", " ", text.strip())
    if not raw:
        return Invalid("empty", {})
    if len(raw) > SHORT_TEXT_MAX:
        return Invalid("too_long", {"max": SHORT_TEXT_MAX, "n": len(raw)})
    return Valid(raw)


def long_text(text: str, today: date) -> Result:
    # Kept as typed (no NFKC): full-width punctuation is part of a Chinese text.
    raw = "".join(ch for ch in text.strip() if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
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
