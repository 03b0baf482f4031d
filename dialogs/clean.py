"""Invisible and control characters out of what people type and what a terminal prints.

Terminal escape sequences (an ANSI colour turned the chat red), other control characters,
zero-width characters and bidi overrides carry no meaning in a complaint: they are removed
whole before anything is stored, quoted back or printed. Line breaks and tabs stay.
"""

from __future__ import annotations

import re
import unicodedata

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and two-character ESC sequences;
# also the 8-bit CSI introducer U+009B.
_ESCAPES = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
                      r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
                      r"|\x1b[@-Z\\-_]?")
KEEP = frozenset("\n\t")


def visible(text: str) -> str:
    """`text` without escape sequences, control (Cc) and format (Cf) characters.

    Format characters include zero-width spaces and joiners, the BOM and bidi controls."""
    if text.isprintable():  # no "Other" character at all (Cc, Cf among them), so no escape
        return text
    text = _ESCAPES.sub("", text)
    return "".join(ch for ch in text if ch in KEEP or unicodedata.category(ch) not in ("Cc", "Cf"))


def has_words(text: str) -> bool:
    """True when `text` has at least one letter or digit (not only emoji or punctuation)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def has_letters(text: str) -> bool:
    """True when `text` has at least one letter (a name, not a bare number or symbol)."""
    return any(unicodedata.category(ch)[0] == "L" for ch in text)
