"""The fields of an order or refund page: each value found beside (or under) its printed label,
checked for its shape, with a confidence from the OCR's own and from how it was found."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.ocr_lines import Line, below, right_of
from knowledge.ocr_shop import read_item, read_shop
from knowledge.ocr_values import VALUE_READERS, read_moment
from knowledge.ocr_words import OcrWords

CHEVRONS = (">", "〉")  # printed after a value on its row (with the words' buttons)


@dataclass(frozen=True)
class Field:
    value: str
    confidence: float
    text: str  # the words it was read from


def read_fields(words: OcrWords, lines: list[Line], size: tuple[int, int],
                kind: str) -> dict[str, Field]:
    out: dict[str, Field] = {}
    for ln in lines:
        found = _labelled(words, ln, lines)
        if found is not None and found[0] not in out:
            out[found[0]] = found[1]
    status = _status(words.refund_status if kind == "refund" else words.order_status, lines)
    if status is not None:
        name = "refund_status" if kind == "refund" else "status"
        out[name] = status[1]
        if kind == "refund":
            decided = _moment_near(words, status[0], lines)
            if decided is not None:
                out.setdefault("refund_decided_at", decided)
    if kind == "order":
        _logistics(words, lines, out)
    shop = read_shop(words, lines, size, kind)
    if shop is not None:
        out["shop"] = Field(shop[1], shop[2], shop[0].text)
        item = read_item(words, lines, shop[0])
        if item is not None and kind == "order":
            out["item"] = Field(item[0], item[1], item[0])
    return out


def _labelled(words: OcrWords, line: Line, lines: list[Line]) -> tuple[str, Field] | None:
    """A line holding a label: the field and its value (after the label on the line, right
    of it on the row, or on the line under it)."""
    text = line.flat
    hit = _find_label(words, text)
    if hit is None:
        return None
    name, end = hit
    if name == "order_no" and any(bad in text[:end] for bad in words.not_order_no):
        return None
    reader = VALUE_READERS.get(name)
    after = [text[end:].lstrip(":：")] + [_strip_buttons(words, o.flat)
                                          for o in right_of(line, lines)]
    candidates = [("".join(after), min([line.confidence] + [o.confidence for o in
                                                             right_of(line, lines)]), 1.0)]
    under = below(line, lines)
    if under is not None:
        candidates.append((under.flat, under.confidence, 0.85))
    for value_text, ocr_conf, how in candidates:
        if not value_text:
            continue
        read = reader(value_text, words) if reader else (value_text, 1.0)
        if read is not None:
            return name, Field(read[0], ocr_conf * how * read[1], value_text)
    return None


def _find_label(words: OcrWords, text: str) -> tuple[str, int] | None:
    """The field whose label comes first in the line (a value may follow on the line)."""
    best: tuple[int, int, str] | None = None
    for name, labels in words.fields.items():
        for label in labels:
            at = text.find(label)
            if at < 0 or at > 6:  # a label opens its line (a carrier's name may precede it)
                continue
            key = (at, -len(label), name)
            if best is None or key < best:
                best = key
    return None if best is None else (best[2], best[0] - best[1])


def _strip_buttons(words: OcrWords, text: str) -> str:
    for b in (*words.buttons, *CHEVRONS):
        text = text.replace(b, "")
    return text


def _status(table: dict[str, str], lines: list[Line]) -> tuple[Line, Field] | None:
    """The top-most line that opens with a status, e.g. "transaction successful" or "the seller
    refused the refund"."""
    for ln in lines:
        for words in sorted(table, key=len, reverse=True):
            if ln.flat.startswith(words) and len(ln.flat) <= len(words) + 2:
                return ln, Field(table[words], ln.confidence, ln.text)
    return None


def _moment_near(words: OcrWords, line: Line, lines: list[Line]) -> Field | None:
    """A date and time on the line or on the line under it."""
    for candidate in (line, below(line, lines)):
        if candidate is not None:
            read = read_moment(candidate.flat, words)
            if read is not None:
                return Field(read[0], candidate.confidence * read[1], candidate.text)
    return None


def _logistics(words: OcrWords, lines: list[Line], out: dict[str, Field]) -> None:
    for ln in lines:
        carrier = next((c for c in words.carriers if c in ln.flat), None)
        if carrier is not None and "carrier" not in out:
            out["carrier"] = Field(carrier, ln.confidence, ln.text)
        if "received_at" not in out and any(w in ln.flat for w in words.signed):
            signed = _moment_near(words, ln, lines)
            if signed is not None:
                out["received_at"] = signed
