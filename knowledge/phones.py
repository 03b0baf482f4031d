"""Finding and normalising phone numbers in free text (spaces, dashes, +86, full-width digits)."""

from __future__ import annotations

import re
import unicodedata

# 7+ digit numbers with optional +86 / area code, and short service numbers (12315, 95xxx).
_NUMBER_RE = re.compile(
    r"(?<![\d.])(?:(?:\+|00)?86[\s-]?)?(?:\(?0\d{2,3}\)?[\s-]?)?\d{3,4}[\s-]?\d{4}(?![\d.])"
    r"|(?<![\d.])(?:\(?0\d{2,3}\)?[\s-]?)?(?:1\d{4}|95\d{3,6})(?![\d.])"
)


def _halfwidth(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("—", "-").replace("－", "-")


def find_numbers(text: str) -> list[str]:
    """Phone-like numbers in a text, as written (after full-width digits are made ASCII)."""
    return [m.group(0).strip() for m in _NUMBER_RE.finditer(_halfwidth(text))]


def normalise(number: str) -> str:
    """Digits only, without the country code: '+86 0571-2828 2058' -> '057128282058'."""
    digits = re.sub(r"\D", "", _halfwidth(number))
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) > 11:
        digits = digits[2:]
    return digits
