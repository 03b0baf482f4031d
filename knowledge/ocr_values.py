"""Values as an OCR engine reads them: an order number, an amount of money, a date and time, a
tracking number — each checked for its shape, with how sure the shape makes us (0-1)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from knowledge.ocr_words import OcrWords

Read = tuple[str, float] | None

# Letters an OCR engine puts for digits inside a long number.
_DIGITISH = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1",
                           "i": "1", "Z": "2", "S": "5", "B": "8"})
MONEY = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)[.,](\d{2})(?![\d])")
WHOLE = re.compile(r"(?<![\d.])(\d{1,7})(?![\d.])")


def read_order_no(text: str) -> Read:
    """The first run of 12-20 digits (Tmall/Taobao order numbers show 16-19)."""
    fixed = _digits_in(text)
    m = re.search(r"\d{12,20}", fixed)
    if m is None or (len(fixed) > m.end() and fixed[m.end()].isdigit()):
        return None
    sure = 1.0 if 16 <= len(m.group(0)) <= 19 else 0.6
    return m.group(0), sure


def read_money(text: str) -> Read:
    """An amount in yuan with its cents ("¥929.00" -> "929.00"); a whole number less sure."""
    m = MONEY.search(text)
    if m is not None:
        return f"{m.group(1).replace(',', '')}.{m.group(2)}", 1.0
    m = WHOLE.search(text)
    if m is not None:
        return f"{m.group(1)}.00", 0.6
    return None


def read_moment(text: str, words: OcrWords) -> Read:
    """"2024-11-11 00:03:12" (also written with the Chinese year/month/day marks, or no space
    between the date and the time, as OCR often reads it) -> ISO "2024-11-11 00:03:12"; a date
    alone less sure."""
    m = words.moment.search(text)
    if m is None:
        return None
    y, mo, d, h, mi, s = m.groups()
    try:
        moment = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
    except ValueError:
        return None
    if h is None:
        return moment.strftime("%Y-%m-%d"), 0.8
    return moment.strftime("%Y-%m-%d %H:%M:%S" if s else "%Y-%m-%d %H:%M"), 1.0


def read_tracking(text: str) -> Read:
    """Letters then digits: SF1234567890123, YT..., JT..., or 8-22 digits."""
    m = re.search(r"([A-Z]{0,4})(\d{8,22})", text.upper().replace(" ", ""))
    if m is None:
        return None
    return m.group(1) + m.group(2), 1.0 if len(m.group(2)) >= 10 else 0.7


def read_text(text: str) -> Read:
    text = text.strip()
    return (text, 1.0) if text else None


def _digits_in(text: str) -> str:
    """Inside runs that are mostly digits, letters that look like digits become digits."""
    return re.sub(r"[0-9OoDlIi|ZSB]{12,}", lambda m: m.group(0).translate(_DIGITISH),
                  text.replace(" ", ""))


def _shape_only(read: Callable[[str], Read]) -> Callable[[str, OcrWords], Read]:
    """A reader that needs no words: the same call as one that does."""
    return lambda text, words: read(text)


VALUE_READERS: dict[str, Callable[[str, OcrWords], Read]] = {
    "order_no": _shape_only(read_order_no),
    "amount": _shape_only(read_money),
    "refund_amount": _shape_only(read_money),
    "tracking_no": _shape_only(read_tracking),
    "refund_reason": _shape_only(read_text),
    **{name: read_moment for name in ("created_at", "paid_at", "shipped_at", "success_at",
                                      "received_at", "refund_requested_at")},
}
