"""What the shopper wants, from free text: a demand asked with a word of wanting before it (I want
a replacement), one that is a demand by itself (triple damages), or the last piece of a message of
pieces; a demand only named (the seller refused a refund tells, it does not ask) is the answer to
the question what they want and nothing else. Two demands that agree (money back, and return it)
are the one they both may be. The words are knowledge/data/slots.yaml's.
"""
# Examples: 我想退款 (asked), 退一赔三 (by itself), 淘宝 吹风机 坏了 退货 (ending the pieces),
# 商家拒绝退款 (only named).

from __future__ import annotations

import re

from knowledge.slot_words import Found, Lexicon
from knowledge.textnorm import has_cjk

WANT_WINDOW = {"zh": 6, "en": 18}  # characters before a demand in which a word of wanting counts
LAST_PIECE_BEFORE, LAST_PIECE_AFTER = " ，,。", " 。.!！~"


def demands(lex: Lexicon, norm: str, said: str) -> list[Found]:
    """What they want: one demand asked with a word of wanting, or by itself, or ending a message
    of pieces; `said` (a Found.slot) for one only named, the answer to its question."""
    values = []
    for m in lex.demand.finditer(norm):
        value = lex.demand_of[m.group(0)]
        zh = has_cjk(m.group(0))
        window = norm[max(0, m.start() - WANT_WINDOW["zh" if zh else "en"]):m.start()]
        wanted = [w for w in lex.want.finditer(window)
                  if not lex.not_wanted.search(window[:w.start()]) and not lex.of_me.search(window[w.end():])]
        if value in lex.self_evident or wanted or _last_piece(norm, m) and not lex.refused.search(window):
            values.append(Found("demand", value, m.group(0), lex.one_of[value]))
        elif not lex.refused.search(window) and not lex.not_wanted.search(window):
            values.append(Found(said, value, m.group(0), lex.one_of[value]))
    asked = [f for f in values if f.slot == "demand"]
    # a demand named without a word of wanting: only for its question, or to narrow one asked
    # (want my money back and return it: the refund is the one with a return)
    values = [*asked, *(f for f in values if f.slot != "demand" and _agreed([*asked, f]))] if asked else values
    distinct = {f.value for f in values}
    agreed = _agreed(values)
    if len(distinct) > 1 and len(agreed) == 1:  # money back, and return it: return and refund
        value = agreed.pop()
        return [Found(values[0].slot, value, " ".join(f.words for f in values), (value,))]
    return values[:1] if len(distinct) == 1 else []


def _agreed(values: list[Found]) -> set[str]:
    """The demands every one of these may be."""
    return set.intersection(*(set(f.fields) for f in values)) if values else set()


def _last_piece(norm: str, m: re.Match[str]) -> bool:
    """A Chinese demand that is the last piece of a message that says more: what is left to say
    is what they want."""
    return m.start() > 0 and has_cjk(m.group(0)) and norm[m.start() - 1] in LAST_PIECE_BEFORE and \
        not norm[m.end():].strip(LAST_PIECE_AFTER)
