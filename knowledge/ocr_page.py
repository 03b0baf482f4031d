"""What a screenshot is a picture of: an order, a refund, a chat with the seller, something else,
a camera photo, or nothing readable — and which platform's app printed it."""

from __future__ import annotations

from knowledge.ocr_lines import Line
from knowledge.ocr_words import OcrWords

# A screen has flat backgrounds: most of its tiles are one even colour even after JPEG; a
# camera photo has grain everywhere. Below this share of flat tiles an image is a photo.
FLAT_SCREEN = 0.3
MIN_CHARS = 8  # fewer readable characters than this: nothing to read
MIN_CONFIDENCE = 0.6


def page_kind(words: OcrWords, lines: list[Line], size: tuple[int, int], flat: float) -> str:
    readable = [ln for ln in lines if ln.confidence >= MIN_CONFIDENCE]
    chars = sum(len(ln.flat) for ln in readable)
    hits = {kind: _hits(cues, readable) for kind, cues in words.kinds.items()}
    # a status line (交易成功, 商家拒绝退款) tells the page as well as its labels
    hits["order"] = hits.get("order", 0) + min(1, _hits(tuple(words.order_status), readable))
    hits["refund"] = hits.get("refund", 0) + min(1, _hits(tuple(words.refund_status), readable))
    if chars < MIN_CHARS:
        return "photo" if flat < FLAT_SCREEN else "unreadable"
    if flat < FLAT_SCREEN and max(hits.get("order", 0), hits.get("refund", 0)) < 2:
        return "photo"
    if hits.get("refund", 0) >= 2 and hits["refund"] >= hits.get("order", 0):
        return "refund"
    if hits.get("order", 0) >= 2:
        return "order"
    if _bubbles(readable, size) or (hits.get("chat", 0) >= 1 and _sides(readable, size)[0]
                                    and not _label_rows(readable, size)):
        return "chat"
    return "other"


def platform_of(words: OcrWords, lines: list[Line], kind: str) -> tuple[str | None, float]:
    """The platform whose own words the page shows, and how sure (0-1); None when no word
    tells (a cropped page): the shopper's own answer then decides."""
    hits = {name: _hits(cues, lines) for name, cues in words.platforms.items()}
    ours = hits.get("tmall", 0) + hits.get("taobao", 0)
    other = max((n for n in hits if n not in ("tmall", "taobao")), key=lambda n: hits[n])
    if hits[other] > 0 and hits[other] >= ours:
        return other, min(0.95, 0.6 + 0.15 * hits[other])
    if hits.get("tmall", 0):
        return "tmall", min(0.95, 0.7 + 0.1 * hits["tmall"])
    if hits.get("taobao", 0):
        return "taobao", min(0.9, 0.6 + 0.1 * hits["taobao"])
    return None, 0.0


def _hits(cues: tuple[str, ...], lines: list[Line]) -> int:
    """How many of the cue words appear somewhere on the page."""
    text = "\n".join(ln.flat for ln in lines)
    return sum(1 for cue in cues if cue in text)


def _sides(lines: list[Line], size: tuple[int, int]) -> tuple[int, int]:
    """Lines of text starting at the left and ending at the right below the title bar: a
    chat's bubbles (the seller's on the left, the shopper's on the right)."""
    width, height = size
    body = [ln for ln in lines if ln.box[1] > height * 0.08 and len(ln.flat) >= 3]
    left = sum(1 for ln in body if ln.box[0] < width * 0.25 and ln.box[2] < width * 0.85)
    right = sum(1 for ln in body if ln.box[0] > width * 0.3 and ln.box[2] > width * 0.75)
    return left, right


def _bubbles(lines: list[Line], size: tuple[int, int]) -> bool:
    left, right = _sides(lines, size)
    return left >= 1 and right >= 1 and left + right >= 3 and not _label_rows(lines, size)


def _label_rows(lines: list[Line], size: tuple[int, int]) -> bool:
    """Rows of "label ... value" spanning the width (a form), which a chat does not have."""
    from knowledge.ocr_lines import same_row

    width = size[0]
    rows = 0
    for ln in lines:
        if ln.box[0] < width * 0.1 and any(
                o is not ln and same_row(ln, o) and o.box[2] > width * 0.8 for o in lines):
            rows += 1
    return rows >= 3
