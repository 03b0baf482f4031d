"""The unit a "how many" question counts in, and whether an answer states a count in that unit.

A question asking how many days it has to open a not-received claim is answered by the entry
stating the claim's 15 days, not by the one stating the seller's 72 hours; a question asking how
many working days, or hours, by an entry stating a count in those. A question asking "how long"
names no unit and prefers none. The words are data (aspects.yaml `units` and `unit_grammar`): the
cue words that ask each unit, the words that state a count in it after a number, and how such a
count is written (a measure word between the number and the unit, a range, a date's month).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.aspect import Aspects, Unit
    from knowledge.schema import Entry

DAYS = "days"  # the aspect whose questions ask a count of time (aspects.yaml)
RANGE = r"-~\u2013"  # a range's marks in any language (3-5 working days)


def _alternatives(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


class Units:
    """The units of aspects.yaml: which one a cue word asks, and their patterns in answers."""

    def __init__(self, units: list[Unit], basic: Callable[[str], str], grammar: dict[str, list[str]]) -> None:
        self.by_cue: dict[str, str] = {}
        self.stated: dict[str, list[re.Pattern[str]]] = {}
        measure = _alternatives(grammar.get("measure", []))
        ranges = _alternatives(grammar.get("range", []))
        # a number right after these words (a blank between or not) is a date's day, no count
        dates = "".join(rf"(?<!{re.escape(w)})(?<!{re.escape(w)}\s)" for w in grammar.get("not_after", []))
        to = rf"(?:\s*(?:[{RANGE}]{'|' + ranges if ranges else ''})\s*\d+)?"
        # Chinese: a number, a measure word, the unit
        chinese = (rf"(?<![\d.]){dates}\d+{to}\s*"
                   rf"{f'(?:{measure})?' if measure else ''}\s*(?:{{words}})")
        english = rf"(?<![\d.])\d+{to}[\s-]*(?:{{words}})(?![a-z])"
        for unit in units:
            for cue in unit.asked.all():
                self.by_cue.setdefault(basic(cue), unit.id)
            pairs = ((chinese, unit.stated.zh + unit.stated.hant), (english, unit.stated.en))
            self.stated[unit.id] = [re.compile(pattern.format(words=_alternatives(words)), re.IGNORECASE)
                                    for pattern, words in pairs if words]

    def asked(self, cue: str) -> str | None:
        """The unit the cue word that asks a count names, or None (how long: no unit)."""
        return self.by_cue.get(cue)

    def states(self, entry: Entry, unit: str) -> bool:
        """Whether the entry's answer (either language) states a count in the unit."""
        text = f"{entry.answer.zh}\n{entry.answer.en or ''}"
        return any(p.search(text) for p in self.stated.get(unit, []))

    def states_count(self, entry: Entry, unit: str, numbers: set[int]) -> bool:
        """Whether the entry's answer states one of these counts in the unit (a range states both
        its ends: 3-5 working days states 3 and 5)."""
        return self.counts_in(f"{entry.answer.zh}\n{entry.answer.en or ''}", unit, numbers)

    def counts_in(self, text: str, unit: str, numbers: set[int]) -> bool:
        """Whether the text states one of these counts in the unit."""
        return any(int(n) in numbers for p in self.stated.get(unit, []) for m in p.finditer(text)
                   for n in re.findall(r"\d+", m.group(0)))


def unit_asked(aspects: Aspects, question: str, reading: str | None = None) -> str | None:
    """The unit of the count the question asks, when the aspect it asks is a count of days."""
    cue = aspects.asking_cue(question, reading)
    if not isinstance(cue, tuple) or cue[0] != DAYS:
        return None
    return aspects.units.asked(cue[1])
