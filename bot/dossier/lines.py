"""Chinese line breaking for the dossier (kinsoku rules): no line starts with a closing mark
(full stop, comma, closing bracket ...) and no line ends with an opening one (opening bracket,
quotation mark ...): the two tables below.

fpdf2 breaks CJK text at any character. The dossier breaks its Chinese lines itself, greedily by
width, then moves a break back when it would leave a closing mark at the start of the next line
or an opening mark at the end of this one. Latin words and numbers stay whole when they fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NO_START = frozenset("。，、；：？！）」』】〉》〕］｝”’…—～·.,;:?!)]}%％‰")
NO_END = frozenset("（「『【〈《〔［｛“‘([{¥￥$")
_TOKENS = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/@#%+-]*|\s+|.", re.S)

Measure = Callable[[str], float]


def tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def _fits(measure: Measure, width: float, text: str) -> bool:
    return measure(text) <= width


def _split_long(token: str, measure: Measure, width: float) -> list[str]:
    """A token wider than a whole line (a sha256, a URL) is cut by characters."""
    parts, current = [], ""
    for ch in token:
        if current and not _fits(measure, width, current + ch):
            parts.append(current)
            current = ""
        current += ch
    return [*parts, current] if current else parts


def _bad_break(items: list[str], at: int) -> bool:
    """True when breaking before items[at] leaves a closing mark first or an opening mark last
    (spaces at a break disappear, so the marks beyond them count)."""
    after = next((x for x in items[at:] if not x.isspace()), "")
    before = next((x for x in reversed(items[:at]) if not x.isspace()), "")
    return after[:1] in NO_START or before[-1:] in NO_END


def break_paragraph(text: str, measure: Measure, width: float) -> list[str]:
    items: list[str] = []
    for token in tokens(text):
        items += _split_long(token, measure, width) if not _fits(measure, width, token) \
            else [token]
    lines: list[str] = []
    i = 0
    while i < len(items):
        j, line = i, ""
        while j < len(items) and _fits(measure, width, line + items[j]):
            line += items[j]
            j += 1
        j = max(j, i + 1)
        if j < len(items):
            k = j
            while k > i + 1 and _bad_break(items, k):
                k -= 1
            j = k if not _bad_break(items, k) else j
        lines.append("".join(items[i:j]).rstrip())
        i = j
        while i < len(items) and items[i].isspace():  # a break swallows the spaces at it
            i += 1
    return lines or [""]


def break_lines(text: str, measure: Measure, width: float) -> str:
    """`text` with line breaks where the dossier's Chinese lines end."""
    return "\n".join(line for paragraph in text.split("\n")
                     for line in break_paragraph(paragraph, measure, width))
