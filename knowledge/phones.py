"""Finding phone numbers in free text by their shapes, and writing them one way.

A number is a phone only when it has a phone's shape: a mobile (1[3-9] and 11 digits), a
landline with its area code (0571-2828-2058, (0571)28282058), a service number (95xxx,
400/800, 12315, 110 …), any of them after +86 / 0086. Amounts (3000 yuan), order numbers and
dates never are. Short service numbers (3-5 digits) also need the text around them to be
about calling, or to be little more than the number. The words around a number that decide
it are data (knowledge/data/phone_words.yaml), handed in as `words` (`kb.phone_words`).
"""

from __future__ import annotations

import re
from pathlib import Path
from re import Pattern

import yaml
from pydantic import BaseModel, ConfigDict

from knowledge.textnorm import width

FILE = "phone_words.yaml"

_RUN = re.compile(r"[+(（]?\d+(?:[ \t\-()（）]{1,3}\d+)*")
_GROUP = re.compile(r"\d+")
MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0(?:10|2\d|[3-9]\d\d)(?:\d{7,8}|1\d{4})")  # + area code 12315
SERVICE = re.compile(r"[48]00\d{7}|95\d{3}(?:\d{2})?|1[02]\d{3}")
EMERGENCY = re.compile(r"11[09]|12[02]")
_DIGIT_BEFORE = re.compile(r"\d[.:．]?$")  # the run continues a decimal, a time or a number
_DIGIT_AFTER = re.compile(r"[.:．]\d|\d")
SHORT_REST = 12  # what is left of a text around a short number, to still be "about the number"
NEAR = 6


class PhoneWords(BaseModel):
    """The words around a number that say whether it is a phone number."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unit_after: Pattern[str]
    sign_before: Pattern[str]
    call_near: Pattern[str]
    order: Pattern[str]
    doubt: Pattern[str] | None = None  # a question doubting a number: is it official, real, a scam?


def load_words(data: Path) -> PhoneWords:
    return PhoneWords.model_validate(yaml.safe_load((data / FILE).read_text(encoding="utf-8")))


def halfwidth(text: str) -> str:
    return width(text).replace("—", "-").replace("－", "-")


def shape(digits: str, country_code: bool) -> str | None:
    """The national form of a digit string when it has a phone's shape, else None."""
    rest = digits
    if digits.startswith("0086"):
        rest = digits[4:]
    elif digits.startswith("86") and (country_code or len(digits) in (12, 13)):
        rest = digits[2:]
    if rest != digits and rest and rest[0] != "0" and not MOBILE.fullmatch(rest) and \
            not SERVICE.fullmatch(rest) and not EMERGENCY.fullmatch(rest):
        rest = "0" + rest  # the trunk 0 is dropped after +86: +86 571 … is 0571 …
    if MOBILE.fullmatch(rest) or LANDLINE.fullmatch(rest) or SERVICE.fullmatch(rest) \
            or EMERGENCY.fullmatch(rest):
        return rest
    return None


def _money_or_count(text: str, start: int, end: int, words: PhoneWords) -> bool:
    return bool(words.unit_after.match(text[end:]) or words.sign_before.search(text[max(0, start - 8):start]))


def _about_calling(text: str, start: int, end: int, words: PhoneWords) -> bool:
    rest = (text[:start] + text[end:]).strip(" ，,。.?？!！:：、")
    near = text[max(0, start - NEAR):start] + " " + text[end:end + NEAR]
    return len(rest) <= SHORT_REST or bool(words.call_near.search(near))


def _spans(text: str, words: PhoneWords) -> list[tuple[int, int, str]]:
    """(start, end, national form) of every phone-shaped number in a half-width text."""
    found = []
    for run in _RUN.finditer(text):
        start, end = run.span()
        if _DIGIT_BEFORE.search(text[max(0, start - 2):start]) or \
                _DIGIT_AFTER.match(text[end:end + 2]):
            continue  # part of a decimal, a time, or a longer number
        groups = list(_GROUP.finditer(text, start, end))
        whole = "".join(g.group(0) for g in groups)
        if 12 <= len(whole) <= 20 and words.order.search(text) and shape(whole, False) is None:
            continue  # an order number typed in groups
        i = 0
        while i < len(groups):
            for k in range(len(groups), i, -1):
                a, b = start if i == 0 else groups[i].start(), groups[k - 1].end()
                plus = i == 0 and run.group(0).startswith("+")
                number = shape("".join(g.group(0) for g in groups[i:k]), plus)
                if number is not None and _fits(text, a, b, number, plus, words):
                    found.append((a, b, number))
                    i = k
                    break
            else:
                i += 1
    return found


def _fits(text: str, start: int, end: int, number: str, plus: bool, words: PhoneWords) -> bool:
    if _money_or_count(text, start, end, words):
        return False
    if len(number) <= 5 and not plus:
        return _about_calling(text, start, end, words)
    return True


def find_numbers(text: str, words: PhoneWords) -> list[str]:
    """Phone numbers in a text, as written (after full-width digits are made ASCII)."""
    plain = halfwidth(text)
    return [plain[a:b].strip() for a, b, _ in _spans(plain, words)]


def find_phones(text: str, words: PhoneWords) -> list[str]:
    """Phone numbers in a text, in their national form: '+86 571 2828 2058' -> '057128282058'."""
    return [number for _, _, number in _spans(halfwidth(text), words)]


def normalise(number: str) -> str:
    """Digits only, national form: '+86 0571-2828 2058' and '+86 571 2828 2058' -> '057128282058'."""
    text = halfwidth(number).strip()
    digits = re.sub(r"\D", "", text)
    plus = bool(re.match(r"(\+|00)\s*86", text))
    return shape(digits, plus) or (digits[2:] if plus and digits.startswith("86") else digits)
