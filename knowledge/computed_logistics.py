"""The Cainiao logistics compensation table's one pattern, computed (FACTS §4.3).

The seed's per-category table lost its category names; what is left shows each row's return
case equal to its refusal case times 1.3 (38 -> 49.4, 45 -> 58.5, 40 -> 52). A question giving
one case's sum and asking the other ("the refusal column says 38, what does the return column
pay?") gets it worked out with that pattern, and one asking how the two compare gets the pattern, said to be an inference from an incomplete table,
paid to the merchant, not to the shopper. Words and texts are data (knowledge/data/computed.yaml
`logistics`). Pure.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from knowledge.number_words import english_digits

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase

CENT = Decimal("0.01")


def _nearest_case(text: str, at: int, cases: dict[str, re.Pattern[str]]) -> str | None:
    """The case (refusal or return) whose word stands nearest to the number at `at`."""
    best: tuple[int, str] | None = None
    for case, pattern in cases.items():
        for m in pattern.finditer(text):
            gap = max(m.start() - at, at - m.end(), 0)
            if best is None or gap < best[0]:
                best = (gap, case)
    return None if best is None else best[1]


def _n(value: Decimal) -> str:
    text = str(value.quantize(CENT, rounding=ROUND_HALF_UP))
    return text.rstrip("0").rstrip(".") if "." in text else text


def logistics_answer(kb: KnowledgeBase, question: str, lang: str) -> Answer | None:
    """The other case's sum by the ×1.3 pattern, or None when the question is not about it."""
    from knowledge.base import Answer

    words = kb.computed
    data = words.data["logistics"]
    text = english_digits(kb.normaliser.basic(question))
    ratio = words.mentions("logistics", "ratio_asks", text)
    asks = ratio or words.mentions("compensation", "amount_asks", text) or words.asking_en.search(text)
    if not (asks and words.mentions("logistics", "table", text)):
        return None
    cases = {case: re.compile(data["cases"][case]) for case in ("refusal", "return")}
    if not all(p.search(text) for p in cases.values()):
        return None  # both cases named: one given and one asked, or how they compare
    number = re.search(data["sum"], text)
    if number is None and not ratio:
        return None
    factor = Decimal(str(data["factor"]))
    lang = "en" if lang == "en" else "zh"
    template = data["text"][lang]
    computed: dict[str, object] = {"kind": "logistics", "factor": _n(factor)}
    if number is None:
        lines = [template["ratio"].format(factor=_n(factor))]
    else:
        value = Decimal(number.group(1))
        given = _nearest_case(text, number.start(1), cases)
        other = value * factor if given == "refusal" else value / factor
        key = "to_return" if given == "refusal" else "to_refusal"
        lines = [template[key].format(given=_n(value), other=_n(other), factor=_n(factor))]
        computed.update(given=given, value=_n(value), other=_n(other))
    entry = data["entry"]
    return Answer(answer="\n".join([*lines, template["caveat"]]), entry=entry, score=1.0,
                  sources=list(kb.entry(entry).sources), related=[(entry, kb.entry(entry).title.get(lang))],
                  aspect="amount", computed=computed)
