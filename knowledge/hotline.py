"""Is a phone number someone gave as Tmall/Taobao customer service on the official list (FACTS §9)?"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from knowledge.phones import PhoneWords, find_phones, normalise
from knowledge.schema import Phone, Text

if TYPE_CHECKING:
    from knowledge.base import HotlineVerdict

NOTES_FILE = "hotline_notes.yaml"  # what a verdict says (FACTS §9), in zh and en


def load_notes(data: Path) -> dict[str, Text]:
    """The notes a verdict joins: scam_pattern, check_official, official, police, no_number."""
    doc = yaml.safe_load((data / NOTES_FILE).read_text(encoding="utf-8"))
    return {key: Text.model_validate(value) for key, value in doc["notes"].items()}


_AREA_12315 = re.compile(r"^0\d{2,3}12315$")


def _join(*texts: Text) -> Text:
    return Text(zh="".join(t.zh for t in texts), en=" ".join(t.en or t.zh for t in texts))


_JUST_A_NUMBER = re.compile(r"[\d\s+()（）\-—－]+")
# Which of several numbers in one message to speak about: the known scam first, then any
# unknown number, the police, and an official number last.
_RANK = {"scam": 0, None: 1, "police": 2}


def find_phone(text: str, words: PhoneWords) -> str | None:
    """The first phone number in a message, normalised, or None."""
    numbers = find_phones(text, words)
    return numbers[0] if numbers else None


def check_hotline(text: str, phones: list[Phone], notes: dict[str, Text],
                  words: PhoneWords) -> HotlineVerdict:
    """The verdict on the number in a message; of several, on the most dangerous one."""
    registry = {normalise(p.number): p for p in phones}
    numbers = find_phones(text, words)
    if not numbers and _JUST_A_NUMBER.fullmatch(text.strip()):
        digits = normalise(text)  # a bare number given to be checked, whatever its shape
        numbers = [digits] if len(digits) >= 3 else []
    if not numbers:
        from knowledge.base import HotlineVerdict

        return HotlineVerdict(number="", official=False, name=None, warning=notes["no_number"])

    def rank(number: str) -> int:
        phone = _known(number, registry)
        return _RANK.get(phone.kind if phone else None, 3)

    return _verdict(min(numbers, key=rank), registry, notes)


def _known(number: str, registry: dict[str, Phone]) -> Phone | None:
    if _AREA_12315.match(number):
        return registry.get("12315")  # dialled as area code + 12315
    return registry.get(number)


def _verdict(number: str, registry: dict[str, Phone], notes: dict[str, Text]) -> HotlineVerdict:
    from knowledge.base import HotlineVerdict

    scam, check = notes["scam_pattern"], notes["check_official"]
    phone = _known(number, registry)
    if phone is None:
        return HotlineVerdict(number, False, None, _join(scam, check))
    if phone.kind == "scam":
        return HotlineVerdict(number, False, phone.name, _join(phone.note, scam, check))
    if phone.kind == "police":
        return HotlineVerdict(number, False, phone.name, _join(notes["police"], scam))
    return HotlineVerdict(number, True, phone.name, notes["official"])
