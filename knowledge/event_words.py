"""How the words of computed.yaml's deadline triggers are found in a question (knowledge/computed_match.py).

A word is found as written: an English one also in its plural or third person, a blank inside a
phrase also as a hyphen. Two more forms are written in the data, not in code:

- "A…B": its two parts in one clause, apart: Chinese puts the date inside the event ("the order
  was, on 2 December at noon, created");
- "!word": the word said not to have happened ("still no fahuo", "hasn't been shipped"): a
  negation (computed.yaml `deadlines.negated`) stands before it, perhaps with a few words between.

Pure: words and a text in, places out.
"""
# in the data: 订单…创建 meets 订单是12月2号中午12点创建的 and 交易…成功 meets 交易却显示成功了;
# !发货 meets 没发货, 还没有发货, 迟迟不发货

from __future__ import annotations

import re
from collections.abc import Mapping

from knowledge.glossary import forms as glossary_forms
from knowledge.textnorm import Normaliser, has_cjk

APART = "..."  # "…" between two parts, as the normaliser writes it
NOT = "!"  # before a word said not to have happened
APART_GAP = 24  # characters the two parts of a word may stand apart, in one clause
IN_CLAUSE = r"[^,，。;；!！?？]"  # what may stand between them


def words(alternatives: str, norm: Normaliser, english: Mapping[str, list[str]] | None = None) -> list[str]:
    """"word|word|…" normalised, with the glossary's English words of its Chinese words, and
    every English word with its plain inflections (review: reviewed, reviewing); a word said
    not to have happened (a "!" before it) brings its English words said so too ("!ship")."""
    out: list[str] = []
    for word in alternatives.split("|"):
        mark = NOT if word.startswith(NOT) else ""
        listed = norm.basic(word[len(mark):])
        said = [] if has_cjk(listed) else [listed]
        said += list(english.get(listed, [])) if english else []
        out += [mark + w for w in [listed] + [form for w in said for form in glossary_forms(w)]]
    return list(dict.fromkeys(out))


def spans(word: str, text: str, negated: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """Where the word stands in the text (see the module); a "!" word only with `negated` before it."""
    if word.startswith(NOT):
        return [] if negated is None else [s for s in spans(word[1:], text) if negated.search(text, 0, s[0])]
    if APART in word:
        first, _, last = word.partition(APART)
        if first not in text or last not in text:
            return []
        found = re.finditer(f"{re.escape(first)}{IN_CLAUSE}{{0,{APART_GAP}}}?{re.escape(last)}", text)
        return [(m.start(), m.end()) for m in found]
    if any(part not in text for part in word.split(" ")):  # each match holds every part as written:
        return []  # most words are absent, and a pattern compiled for each costs more than the search
    if has_cjk(word):
        return [(m.start(), m.end()) for m in re.finditer(re.escape(word), text)]
    # an English word also in its plural or third person (fakes, refunds, complaints); a blank
    # inside a phrase also as a hyphen (not-received)
    written = re.escape(word).replace(r"\ ", r"[\s\-]")
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<![a-z0-9]){written}s?(?![a-z0-9])", text)]


def has(word: str, text: str, negated: re.Pattern[str] | None = None) -> bool:
    return bool(spans(word, text, negated))
