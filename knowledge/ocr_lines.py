"""Lines of text read off a screenshot, and where they sit relative to one another.

An OCR engine gives each piece of text a box; a page's meaning is in the layout: a value sits
right of its label on the same row (or under it), the seller's bubbles on the left of a chat,
the shop's name in the title bar. This module holds the geometry, nothing about labels."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.textnorm import width


@dataclass(frozen=True)
class Line:
    text: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels of the image read
    confidence: float = 1.0

    @property
    def flat(self) -> str:
        """The text NFKC-normalised (full-width forms, ￥ -> ¥) without spaces."""
        return squeeze(self.text)

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]

    @property
    def middle(self) -> float:
        return (self.box[1] + self.box[3]) / 2


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", width(text))


def same_row(a: Line, b: Line) -> bool:
    """b's middle lies within a's band (taller text may stand beside smaller)."""
    tolerance = max(a.height, b.height) * 0.55
    return abs(a.middle - b.middle) <= tolerance


def right_of(label: Line, lines: list[Line]) -> list[Line]:
    """The lines on the label's row that start right of it, left to right."""
    return sorted((ln for ln in lines if ln is not label and same_row(label, ln)
                   and ln.box[0] >= label.box[2] - label.height * 0.5),
                  key=lambda ln: ln.box[0])


def below(label: Line, lines: list[Line]) -> Line | None:
    """The nearest line under the label whose left edge is near the label's."""
    under = [ln for ln in lines if ln.box[1] >= label.box[3] - label.height * 0.2
             and ln.box[1] - label.box[3] <= label.height * 1.6
             and abs(ln.box[0] - label.box[0]) <= label.height * 1.5]
    return min(under, key=lambda ln: ln.box[1], default=None)


def reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom, and left to right within a row."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: ln.middle):
        if rows and same_row(rows[-1][0], ln):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.box[0])]
