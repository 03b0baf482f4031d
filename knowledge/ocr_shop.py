"""The shop and the item on a page: in a chat the title bar holds the shop's name; on an order or
refund page it is the row with the platform's badge (Tmall) before it and a chevron (>) after
it, usually ending in a kind of shop (flagship store, specialty store …); the item's title is
under it."""

from __future__ import annotations

import re

from knowledge.ocr_lines import Line, right_of, same_row
from knowledge.ocr_values import read_moment
from knowledge.ocr_words import OcrWords
from knowledge.textnorm import has_cjk

CHEVRONS = (">", "〉", "›", "）")
NOT_TITLE = re.compile(r"[¥$]|\d+\.\d\d|^x\d|[:：]")  # a price, the quantity, a "label: value"


def read_shop(words: OcrWords, lines: list[Line], size: tuple[int, int],
              kind: str) -> tuple[Line, str, float] | None:
    """The line with the shop's name, the name, and how sure."""
    if kind == "chat":
        return _title(words, lines, size)
    best: tuple[int, Line, str] | None = None
    for ln in lines:
        name, score = _score(words, ln, lines)
        if name and score >= 2 and (best is None or score > best[0]):
            best = (score, ln, name)
    if best is None:
        return None
    return best[1], best[2], best[1].confidence * min(1.0, 0.5 + 0.15 * best[0])


def _score(words: OcrWords, line: Line, lines: list[Line]) -> tuple[str, int]:
    text = line.flat
    score = 0
    for badge in words.badges:
        if text.startswith(badge) and len(text) > len(badge) + 2:
            text, score = text[len(badge):], score + 2
            break
    if text.endswith(CHEVRONS):
        text, score = text.rstrip("".join(CHEVRONS)), score + 2
    if len(text) < 3 or sum(ch.isdigit() for ch in text) > 2 or _is_label(words, text):
        return "", 0
    row = [o.flat for o in lines if o is not line and same_row(line, o)]
    if any(o in words.badges for o in row):
        score += 2
    if any(o.flat.startswith(CHEVRONS) for o in right_of(line, lines)):
        score += 2
    if text.endswith(words.shop_ends):
        score += 2
    return text, score


def _is_label(words: OcrWords, text: str) -> bool:
    known = (*words.order_status, *words.refund_status, *words.kinds.get("order", ()),
             *words.kinds.get("refund", ()), *(w for ws in words.fields.values() for w in ws))
    return any(text.startswith(w) for w in known) or any(w in text for w in words.not_shop)


def _title(words: OcrWords, lines: list[Line], size: tuple[int, int]) -> tuple[Line, str, float] | None:
    """The centred title of the screen's top bar."""
    width, height = size
    top = [ln for ln in lines if ln.box[3] < height * 0.14 and len(ln.flat) >= 2
           and abs((ln.box[0] + ln.box[2]) / 2 - width / 2) < width * 0.12
           and abs(ln.box[0] - (width - ln.box[2])) < width * 0.1  # centred, not a bubble
           and read_moment(ln.flat, words) is None]  # nor a chat's time stamp
    if not top:
        return None
    line = max(top, key=lambda ln: ln.height)
    return line, line.flat.rstrip("".join(CHEVRONS)), line.confidence * 0.9


def read_item(words: OcrWords, lines: list[Line], shop: Line) -> tuple[str, float] | None:
    """The item's title: the one or two lines under the shop, right of the picture."""
    parts: list[Line] = []
    for ln in lines:
        if ln.box[1] <= shop.box[3] or ln.box[1] - shop.box[3] > shop.height * 5:
            continue
        if ln.box[0] < shop.box[0] + shop.height * 1.5 or NOT_TITLE.search(ln.flat) or any(
                w in ln.flat for w in words.not_title):
            continue
        if parts and ln.box[1] - parts[-1].box[3] > ln.height:
            break
        parts.append(ln)
        if len(parts) == 2:
            break
    if not parts:
        return None
    title = parts[0].text.strip()
    for p in parts[1:]:  # a title wraps mid-word: CJK joins as it is, Latin with a space
        nxt = p.text.strip()
        title += nxt if _cjk(title[-1:]) or _cjk(nxt[:1]) else " " + nxt
    title = re.sub(r"\s*[xX×]\d+$", "", title).rstrip("…. ·")  # the quantity, the ellipsis
    return title, min(p.confidence for p in parts) * 0.8


def _cjk(ch: str) -> bool:
    return bool(ch) and has_cjk(ch)
