"""Finding and normalising phone numbers in free text (spaces, dashes, +86, full-width digits)."""

from __future__ import annotations

import re
import unicodedata

# a run of digits, possibly grouped by spaces, dashes or brackets: 7 to 15 digits, or a short
# service number
_NUMBER_RE = re.compile(r"(?<!\d)(?<!\d[.:])(?:\+|\()?\d[\d \-()]{3,}\d(?!\d|[.:]\d|%)")
_DATE_RE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def _halfwidth(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("—", "-").replace("－", "-")


def find_numbers(text: str) -> list[str]:
    """Phone-like numbers in a text, as written (after full-width digits are made ASCII)."""
    found = []
    for match in _NUMBER_RE.finditer(_halfwidth(text)):
        candidate = match.group(0).strip()
        digits = re.sub(r"\D", "", candidate)
        short_service = re.fullmatch(r"1\d{4}|95\d{3,4}", digits)  # 12315, 95xxx
        if (7 <= len(digits) <= 15 or short_service) and not _DATE_RE.match(candidate):
            found.append(candidate)
    return found


def normalise(number: str) -> str:
    """Digits only, without the country code: '+86 0571-2828 2058' -> '057128282058'."""
    text = _halfwidth(number).strip()
    digits = re.sub(r"\D", "", text)
    if re.match(r"(\+|00)\s*86", text):
        return digits[4:] if digits.startswith("0086") else digits[2:]
    if digits.startswith("86") and len(digits) > 11:  # 86 written without the plus
        return digits[2:]
    return digits
