"""From the lines of a screenshot to what it says: which page of which platform, its fields with
a confidence each, and the seller's promises and refusals with their dates.

Pure: the lines come from the OCR engine (bot/evidence/ocr.py); `today` is the day the image arrived
(for a chat's dates that show no year)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from knowledge.ocr_fields import Field, read_fields
from knowledge.ocr_lines import Line, reading_order
from knowledge.ocr_page import page_kind, platform_of
from knowledge.ocr_said import Said, read_said
from knowledge.ocr_words import OcrWords

OURS = frozenset({"taobao", "tmall"})
SHOPPING = frozenset({"order", "refund", "chat"})


@dataclass(frozen=True)
class Reading:
    kind: str  # order | refund | chat | other (a screenshot of something else) | photo | unreadable
    platform: str | None = None  # taobao | tmall | jd | pdd | douyin | None (not told)
    platform_confidence: float = 0.0
    fields: dict[str, Field] = field(default_factory=dict)
    said: tuple[Said, ...] = ()
    problem: str | None = None  # why nothing may be used: texts ocr.problem.<problem>
    text: tuple[str, ...] = ()  # every line read, top to bottom

    @property
    def usable(self) -> bool:
        return self.problem is None

    def to_json(self) -> dict[str, Any]:
        """As CONTRACT.md gives `weiquan ocr --json`: kind is order, refund, chat or unknown
        (`page` tells which unknown: other, photo, unreadable)."""
        return {"kind": self.kind if self.kind in SHOPPING else "unknown", "page": self.kind,
                "platform": self.platform,
                "platform_confidence": round(self.platform_confidence, 2),
                "problem": self.problem,
                "fields": {k: {"value": f.value, "confidence": round(f.confidence, 2)}
                           for k, f in sorted(self.fields.items())},
                "said": [{"kind": s.kind, "key": s.key, "text": s.text, "date": s.date,
                          "confidence": round(s.confidence, 2)} for s in self.said],
                "text": list(self.text)}


def unreadable(problem: str = "unreadable") -> Reading:
    return Reading(kind="unreadable", problem=problem)


def read_screen(words: OcrWords, lines: list[Line], size: tuple[int, int], flat: float,
                today: date) -> Reading:
    """`words`: the knowledge base's OCR words (`kb.ocr_words`); `size` is the image's (width,
    height); `flat` the share of its tiles of one even colour (bot/evidence/ocr.py flatness): a
    camera photo is far below a screenshot."""
    lines = reading_order([ln for ln in lines if ln.flat])
    text = tuple(ln.text for ln in lines)
    kind = page_kind(words, lines, size, flat)
    if kind in ("photo", "unreadable"):
        return Reading(kind=kind, problem="not_screenshot" if kind == "photo" else "unreadable",
                       text=text)
    platform, sure = platform_of(words, lines, kind)
    if platform is not None and platform not in OURS:
        return Reading(kind=kind, platform=platform, platform_confidence=sure,
                       problem="other_platform", text=text)
    if kind not in SHOPPING:
        return Reading(kind=kind, platform=platform, platform_confidence=sure,
                       problem="nothing_found", text=text)
    fields = read_fields(words, lines, size, kind)
    said = read_said(words, lines, size, today) if kind == "chat" else ()
    problem = None if fields or said else "nothing_found"
    return Reading(kind=kind, platform=platform, platform_confidence=sure, fields=fields,
                   said=said, problem=problem, text=text)
