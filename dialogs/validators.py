"""Slot validators: raw user text in, a normalised value or a friendly error code out.

Each takes the text, the shopper's today and the knowledge base, whose `form_words` and
`date_words` (knowledge/data/) say how the answers are typed in Chinese."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from dialogs.clean import has_letters, has_words, visible
from dialogs.dates import DateError, parse_date
from knowledge.base import KnowledgeBase
from knowledge.number_words import english_digits
from knowledge.textnorm import typed
from knowledge.typed_words import FormWords, bare_name

# Tmall/Taobao order numbers are long digit strings. FACTS.md gives no length, so we accept
# 12-20 digits (the numbers users see are 16-19 digits) rather than refuse a real one.
ORDER_NO_MIN, ORDER_NO_MAX = 12, 20
AMOUNT_MAX = Decimal("10000000")
SHORT_TEXT_MAX = 100
LONG_TEXT_MIN, LONG_TEXT_MAX = 5, 3000
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_BLANKS = re.compile(r"\s+")
_NUMERIC = re.compile(r"\d|inf|nan")
_NOT_DIGITS = re.compile(r"[^\d.]")


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


def order_no(text: str, today: date, kb: KnowledgeBase) -> Result:
    raw = "".join(ch for ch in _norm(visible(text)) if not _separator(ch))
    raw = kb.form_words.order_label.sub("", raw)
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


def amount(text: str, today: date, kb: KnowledgeBase) -> Result:
    # English numbers in words (eight hundred) as digits before the blanks between words go
    raw = _BLANKS.sub("", english_digits(_norm(visible(text)).lower())).replace(",", "").replace("，", "")
    words = kb.form_words
    raw = raw.rstrip("。.!！")
    if words.amount_about is not None:
        raw = words.amount_about.sub("", raw)
    raw = words.amount_sign.sub("", raw)
    raw = words.amount_unit.sub("", raw).rstrip(".")
    if raw.startswith("-"):
        return Invalid("amount_positive", {})
    value = _decimal(raw, words)
    if value is None:
        looks_numeric = _NUMERIC.search(raw)
        return Invalid("amount_format" if looks_numeric else "amount_number", {})
    if value <= 0:
        return Invalid("amount_positive", {})
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        return Invalid("amount_decimals", {})
    if value > AMOUNT_MAX:
        return Invalid("amount_too_big", {})
    return Valid(f"{value:.2f}")


def _decimal(raw: str, words: FormWords) -> Decimal | None:
    """Plain digits with an optional decimal part, or Chinese numerals (399 written out,
    1.5 wan, "300 kuai 5"); never scientific, hexadecimal, underscored or infinite forms (1e5, 0x10,
    1_000, inf, nan)."""
    if _PLAIN_NUMBER.fullmatch(raw):
        return Decimal(raw)
    if raw[-1:] in words.amount_times and _PLAIN_NUMBER.fullmatch(raw[:-1]):
        return Decimal(raw[:-1]) * words.amount_times[raw[-1]]
    tenths = words.kuai_jiao.fullmatch(raw)
    if tenths:
        whole, jiao = _decimal(tenths.group(1), words), _decimal(tenths.group(2), words)
        return None if whole is None or jiao is None else whole + jiao / 10
    return _chinese(raw, words)


def _chinese(raw: str, words: FormWords) -> Decimal | None:
    if not words.chinese_number.fullmatch(raw) or not _NOT_DIGITS.search(raw):
        return None
    import cn2an  # costs 0.1 s to import: only for amounts written in Chinese numerals

    try:
        return Decimal(str(cn2an.cn2an(raw, "smart")))
    except (ValueError, KeyError, InvalidOperation):
        return None


def short_text(text: str, today: date, kb: KnowledgeBase) -> Result:
    raw = _BLANKS.sub(" ", visible(text).strip())
    if not raw:
        return Invalid("empty", {})
    if len(raw) > SHORT_TEXT_MAX:
        return Invalid("too_long", {"max": SHORT_TEXT_MAX, "n": len(raw)})
    return Valid(raw)


def shop(text: str, today: date, kb: KnowledgeBase) -> Result:
    result = short_text(text, today, kb)
    if isinstance(result, Invalid):
        return result
    if bare_name(result.value) in kb.form_words.bare_platform_names:
        return Invalid("shop_platform", {"name": result.value})
    if not has_letters(result.value):
        return Invalid("shop_no_name", {})
    return result


def item(text: str, today: date, kb: KnowledgeBase) -> Result:
    result = short_text(text, today, kb)
    if isinstance(result, Invalid):
        return result
    if not has_letters(result.value):
        return Invalid("item_no_name", {})
    return result


def long_text(text: str, today: date, kb: KnowledgeBase) -> Result:
    # Kept as typed (no NFKC): full-width punctuation is part of a Chinese text.
    raw = visible(text).strip()
    if raw and not has_words(raw):
        return Invalid("no_words", {})
    if len(raw) < LONG_TEXT_MIN:
        return Invalid("too_short", {"min": LONG_TEXT_MIN})
    if len(raw) > LONG_TEXT_MAX:
        return Invalid("too_long", {"max": LONG_TEXT_MAX, "n": len(raw)})
    return Valid(raw)


def a_date(text: str, today: date, kb: KnowledgeBase) -> Result:
    try:
        return Valid(parse_date(text, today, kb.date_words.form).iso())
    except DateError as exc:
        return Invalid(f"date_{exc.code}", {"today": today.isoformat()})
