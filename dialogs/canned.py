"""Canned replies for the advisers (`/reply NAME`), zh and en, from texts/replies.yaml.

The engine finds them in the knowledge object (`kb.replies`, read with it by knowledge/texts.py);
`replies()` is for code outside the engine.
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge.texts import Canned, default_replies

__all__ = ["Canned", "find", "replies"]


def replies() -> dict[str, Canned]:
    """Every canned reply by its name (lower case), in the file's order (outside the engine)."""
    return default_replies()


def find(known: Mapping[str, Canned], name: str) -> Canned | None:
    return known.get(name.strip().lower())
