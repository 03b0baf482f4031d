"""The characters a match of a pattern can start with, read from re's own parser.

A long alternation (the date finder's day patterns) is tried branch by branch at every position of
a text; most texts hold none of the characters its matches can start with. `start_class(p)` is a
one-class pattern of those characters (None when any character may start a match, or an empty
match is possible), so `start.search(text) is None` says at C speed that `p` finds nothing.
"""

from __future__ import annotations

import re
from re import _constants as C
from re import _parser
from typing import Any

_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)


def start_class(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A pattern matching one character that a match of `pattern` can start with; None when
    that cannot be said (any character, an empty match, case folding, a back reference)."""
    if pattern.flags & re.IGNORECASE:
        return None
    parts, empty = _first(_parser.parse(pattern.pattern, pattern.flags))
    if parts is None or empty or not parts:
        return None
    return re.compile("[" + "".join(sorted(set(parts))) + "]")


def _first(items: Any) -> tuple[list[str] | None, bool]:
    """(class parts the sequence's match can start with, None for any; can it match empty)."""
    out: list[str] = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is C.LITERAL:
            return [*out, re.escape(chr(av))], False
        if op is C.IN:
            parts = _class(av)
            return (None if parts is None else [*out, *parts]), False
        if op is C.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                return None, False
            found, empty = _first(av[3])
        elif op is C.ATOMIC_GROUP:
            found, empty = _first(av)
        elif op is C.BRANCH:
            found, empty = [], False
            for branch in av[1]:
                more, may_be_empty = _first(branch)
                if more is None:
                    return None, False
                found += more
                empty = empty or may_be_empty
        elif op in _REPEATS:
            found, empty = _first(av[2])
            empty = empty or av[0] == 0
        else:  # any character, a negated one, a back reference, a conditional
            return None, False
        if found is None:
            return None, False
        out += found
        if not empty:
            return out, False
    return out, True


def _class(items: Any) -> list[str] | None:
    parts = []
    for op, av in items:
        if op is C.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is C.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is C.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:  # a negated class, a character set kept as a bitmap
            return None
    return parts
