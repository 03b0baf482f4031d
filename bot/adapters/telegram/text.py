"""Telegram text rules: HTML escaping, the 4,096/1,024 limits, splitting."""

from __future__ import annotations

import html

from dialogs.markup import CODE_CLOSE, CODE_OPEN, MARKS, PRE_CLOSE, PRE_OPEN

MAX_TEXT = 4096
MAX_CAPTION = 1024
CHOSEN_MARK = "✅"


TAGS = {CODE_OPEN: ("code", True), CODE_CLOSE: ("code", False),
        PRE_OPEN: ("pre", True), PRE_CLOSE: ("pre", False)}


def escape(text: str) -> str:
    """Every string we send is plain text: escaped for parse_mode HTML, its marks
    (dialogs/markup.py) as <code> and <pre>. A mark without its pair (a piece cut from a longer
    text) is closed at the end of the piece or dropped; tags never nest."""
    out = html.escape(text, quote=False)
    if not any(mark in out for mark in MARKS):
        return out
    parts: list[str] = []
    inside: str | None = None
    for ch in out:
        tag = TAGS.get(ch)
        if tag is None:
            parts.append(ch)
        elif tag[1] and inside is None:
            inside = tag[0]
            parts.append(f"<{inside}>")
        elif not tag[1] and inside == tag[0]:
            parts.append(f"</{inside}>")
            inside = None
    if inside is not None:
        parts.append(f"</{inside}>")
    return "".join(parts)


def units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units); never less than len(text)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit` units, cut at a blank line, else a line break, else a space;
    a single line longer than the limit is cut hard. Joining the pieces with the line breaks
    that were cut gives the text back."""
    text = text.strip("\n")
    pieces: list[str] = []
    while units(text) > limit:
        head = _fit(text, limit)
        cut = _best_cut(head)
        if cut is None:
            pieces.append(head)
            text = text[len(head):]
        else:
            at, width = cut
            pieces.append(head[:at].rstrip("\n"))
            text = text[at + width:]
        text = text.lstrip("\n")
    if text or not pieces:
        pieces.append(text)
    return [p for p in pieces if p] or [""]


def _fit(text: str, limit: int) -> str:
    """The longest prefix within `limit` units that does not cut a surrogate pair."""
    end = min(len(text), limit)
    while units(text[:end]) > limit:
        end -= 1
    return text[:end]


def _best_cut(head: str) -> tuple[int, int] | None:
    """Where to cut inside `head`: (index, separator width). A paragraph break or line break in
    the last half first, so pieces stay large; then any line break; then a space."""
    floor = len(head) // 2
    for sep in ("\n\n", "\n"):
        at = head.rfind(sep)
        if at > floor:
            return at, len(sep)
    at = head.rfind("\n")
    if at > 0:  # a line break early in the piece still beats cutting a line
        return at, 1
    at = head.rfind(" ")
    return (at, 1) if at > floor else None


def chosen_text(original: str, choice: str) -> str | None:
    """The question with the pressed answer appended, or None when it would not fit."""
    text = f"{original.rstrip()}\n\n{CHOSEN_MARK} {choice}"
    return text if units(text) <= MAX_TEXT else None
