"""The price named inside a question, for the computed compensation answers (knowledge/computed.py).

Shoppers write a price every way: with a sign or a unit, in Chinese numerals, with a multiplier
(1.2 ten-thousands, "2k"), "35 bucks", or as a bare number in a question that is plainly about
one (the shoes, 899, fake: how much compensation). The words around a number are data
(knowledge/data/amount_words.yaml): a sign or a currency unit, a paying word before it or a buying
word after it make it a price for sure; a unit that is not money (times, days, a date's day) or the
figure asked about ("at least 500") make it no price; otherwise, the one number left untied is the
price. A price after a list-price or fee word (a list price of 1299, postage of 10 yuan) is taken only when no other is. The text comes normalised (textnorm.basic: numerals as digits).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from pydantic import ConfigDict, PrivateAttr, model_validator

from knowledge.quick_model import QuickModel

FILE = "amount_words.yaml"
LONGEST_BARE = 6  # digits before the point: a longer bare number is an order or phone number
PAYING_GAP = 6  # characters that may stand between a paying word and its number ("paid about 80")
# a comma before it splits the sentence (a full-width one arrives as ","), unless a digit precedes
_NUMBER = re.compile(r"(?<![\d.])(?<!\d,)\d[\d,]*(?:\.\d{1,2})?(?![\d])")


def _alternation(words: list[str], *, before: bool) -> str:
    """Words as one regular expression; a word of Latin letters only whole ("for" not in "before")."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        if re.fullmatch(r"[a-z][a-z ]*", word):
            parts.append(rf"(?<![a-z]){re.escape(word)}" if before else rf"{re.escape(word)}(?![a-z])")
        else:
            parts.append(word)  # a pattern already, or Chinese
    return "|".join(parts)


class AmountWords(QuickModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    signs: list[str]
    units: list[str]
    multipliers: dict[str, int]
    paying: list[str]
    buying: list[str]
    not_money_after: list[str]
    not_money_before: list[str]
    aside: list[str] = []  # before a price: one the shopper did not pay for the goods (原价, 运费)
    small_change: str | None = None  # the jiao and fen said after the unit (89 kuai 9)
    change_digits: dict[str, int] = {}  # a numeral left as a character there
    _res: dict[str, re.Pattern[str]] = PrivateAttr()

    @model_validator(mode="after")
    def _compile(self) -> AmountWords:
        multiplier = "|".join(re.escape(m) for m in sorted(self.multipliers, key=len, reverse=True))
        self._res = {
            "sign": re.compile(rf"(?:{_alternation(self.signs, before=True)})\s*$"),
            "unit": re.compile(rf"\s*(?:{_alternation(self.units, before=False)})"),
            "multiplier": re.compile(rf"\s*({multiplier})(?![a-z])(\d(?![\d.]))?"),
            "paying": re.compile(rf"(?:{_alternation(self.paying, before=True)})[^\d]{{0,{PAYING_GAP}}}$"),
            "buying": re.compile(rf"\s*(?:{_alternation(self.buying, before=False)})"),
            "tied_after": re.compile(rf"\s*(?:{_alternation(self.not_money_after, before=False)})"),
            "tied_before": re.compile(rf"(?:{_alternation(self.not_money_before, before=True)})\s*$"),
            "small_change": re.compile(rf"\s*{self.small_change}" if self.small_change else r"(?!)"),
            "aside": re.compile(rf"(?:{_alternation(self.aside, before=True)})[^\d,;，。；]{{0,{PAYING_GAP}}}$"
                                if self.aside else r"(?!)"),
        }
        return self

    def find(self, text: str) -> Decimal | None:
        """The price in a normalised question, in yuan, or None when no number is one."""
        untied: list[Decimal] = []
        aside: list[Decimal] = []  # prices, but a list price or a fee: taken only when no other is
        end = 0
        for match in _NUMBER.finditer(text):
            if match.start() < end:
                continue  # the digit after a multiplier, read with it
            value, end = self._value(match, text)
            if value is None or value <= 0:
                continue
            before, after = text[:match.start()], text[end:]
            res = self._res
            sure = bool(res["sign"].search(before) or res["unit"].match(after))
            if (change := res["small_change"].match(after)) is not None:
                value += self._digit(change.group(1)) / 10 + self._digit(change.group(2) or "0") / 100
            if not sure and (res["tied_after"].match(after) or res["tied_before"].search(before)):
                continue
            if sure or res["paying"].search(before) or res["buying"].match(after):
                if not res["aside"].search(before):
                    return value
                aside.append(value)
                continue
            if len(match.group(0).replace(",", "").split(".")[0]) <= LONGEST_BARE:
                untied.append(value)
        if aside:
            return aside[0]
        return untied[0] if len(untied) == 1 else None

    def _digit(self, written: str) -> Decimal:
        return Decimal(written) if written.isdigit() else Decimal(self.change_digits[written])

    def _value(self, match: re.Match[str], text: str) -> tuple[Decimal | None, int]:
        """The number's value with a multiplier after it (2k; a digit after the multiplier is the
        next place down), and where it ends."""
        try:
            value = Decimal(match.group(0).replace(",", ""))
        except InvalidOperation:
            return None, match.end()
        found = self._res["multiplier"].match(text, match.end())
        if found is None:
            return value, match.end()
        times = self.multipliers[found.group(1)]
        value *= times
        if found.group(2):  # "1 wan 2" is 12000
            value += Decimal(found.group(2)) * times / 10
        return value, found.end()


def load(data: Path) -> AmountWords:
    return AmountWords.model_validate(yaml.safe_load((data / FILE).read_text(encoding="utf-8")))
