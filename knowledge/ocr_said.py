"""What the seller said in a chat screenshot that matters for the case: a promise ("genuine
guaranteed", "seven days no reason" …) or a refusal ("no returns", "refund refused" …), with the
day it was said (the words are data: knowledge/data/ocr_labels.yaml).

The seller's bubbles are on the left, the shopper's on the right: only the seller's words count
(a shopper asking "genuine guaranteed?" promised nothing). The day is the nearest time stamp above the
bubble (centred grey text); a stamp without a year is the latest such day not after `today`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.ocr_lines import Line
from knowledge.ocr_values import read_moment
from knowledge.ocr_words import OcrWords

MARKS = ("?", "？")  # with the data's question words: a promise asked about is none


@dataclass(frozen=True)
class Said:
    kind: str  # promise | refusal
    key: str  # genuine, triple, seven_days, free_return, no_return, no_seven_days, expired …
    text: str  # the seller's whole bubble line
    date: str | None  # ISO day it was said, when the screenshot shows it
    confidence: float


def read_said(words: OcrWords, lines: list[Line], size: tuple[int, int],
              today: date) -> tuple[Said, ...]:
    width, height = size
    stamps = [(ln, d) for ln in lines if _centred(ln, width)
              and (d := _day(words, ln.flat, today)) is not None]
    out: list[Said] = []
    for ln in lines:
        if ln.box[1] < height * 0.08 or not _sellers(ln, width) or any(ln is s for s, _ in stamps):
            continue
        above = [d for s, d in stamps if s.box[3] <= ln.box[1] + 1]
        day = above[-1] if above else None
        for kind, key in meanings(words, ln.flat):
            out.append(Said(kind, key, ln.text.strip(), day.isoformat() if day else None,
                            ln.confidence * (1.0 if day else 0.8)))
    return tuple(out)


def meanings(words: OcrWords, text: str) -> list[tuple[str, str]]:
    """The promises and refusals in one line of the seller's: each key once, longest words
    first; a negated promise ("seven days no reason not supported") is a refusal
    ("no_seven_days")."""
    found: list[tuple[str, str]] = []
    taken: list[tuple[int, int]] = []
    phrases = sorted(((p, kind, key) for kind, keys in words.said.items()
                      for key, ps in keys.items() for p in ps), key=lambda t: -len(t[0]))
    for phrase, kind, key in phrases:
        at = text.find(phrase)
        if at < 0 or any(a < at + len(phrase) and at < b for a, b in taken):
            continue
        if any(q in text[at + len(phrase):at + len(phrase) + 3]
               for q in (*words.questions, *MARKS)):
            continue
        taken.append((at, at + len(phrase)))
        if kind == "promise" and any(text[:at].endswith(n) for n in words.negations):
            kind, key = "refusal", f"no_{key}"
        if (kind, key) not in found:
            found.append((kind, key))
    return found


def _centred(line: Line, width: int) -> bool:
    return abs((line.box[0] + line.box[2]) / 2 - width / 2) < width * 0.12 \
        and line.box[0] > width * 0.2


def _sellers(line: Line, width: int) -> bool:
    return line.box[0] < width * 0.25 and line.box[2] < width * 0.9


def _day(words: OcrWords, text: str, today: date) -> date | None:
    full = read_moment(text, words)
    if full is not None:
        return date.fromisoformat(full[0][:10])
    for word, back in words.days_back.items():
        if text.startswith(word):
            return today - timedelta(days=back)
    m = words.short_day.search(text)
    if m is None:
        return None
    try:
        day = date(today.year, int(m.group(1)), int(m.group(2)))
    except ValueError:
        return None
    return day if day <= today else day.replace(year=today.year - 1)
