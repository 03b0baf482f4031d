"""English numbers written as words, as digits, for the computed answers: "twelve hundred yuan"
-> "1200 yuan", "seventy-two hours" -> "72 hours", "two working days" -> "2 working days".

Chinese numerals are the normaliser's (knowledge/textnorm.py, through cn2an); this is the same
for English, through text2num's `alpha2digit`. Ordinals stay words ("the first 48 hours" is no
date "the 1st"). Pure; text2num is imported only for a text that has a number word.
"""

from __future__ import annotations

import re

# a cardinal number word: only a text with one goes through text2num
CARDINAL = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty"
    r"|ninety|hundred|thousand)\b")
# an ordinal word, kept as it is: first, second, third, the -th words (fourth, twentieth, ...)
ORDINAL = re.compile(r"\b(?:[a-z]+-)?(?:first|second|third|[a-z]+th)\b")
MASK = "\x00{}\x00"
MASKED = re.compile("\x00(\\d+)\x00")


SMALL = 10  # a number word alone up to this ("one", "two") is often no number: kept for `keep_small`


def english_digits(text: str, keep_small: bool = False) -> str:
    """The text with its English cardinal numbers as digits (lower-case text, as normalised);
    `keep_small`: a small number word standing alone stays a word ("a new one", "two pairs")."""
    if not CARDINAL.search(text):
        return text
    from text_to_num import alpha2digit

    kept: list[str] = []

    def mask(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return MASK.format(len(kept) - 1)

    converted = alpha2digit(ORDINAL.sub(mask, text), "en", threshold=SMALL if keep_small else 0)
    return MASKED.sub(lambda m: kept[int(m.group(1))], converted)
