"""The characters a match of a pattern can start with, read from re's own parser.

A long alternation (the date finder's day patterns) is tried branch by branch at every position of
a text; most texts hold none of the characters its matches can start with. `start_class(p)` is a
one-class pattern of those characters (None when any character may start a match, or an empty
match is possible), so `start.search(text) is None` says at C speed that `p` finds nothing.
`Skimmed(p)` is `p` with that test made before each search and substitution.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from re import _constants as C
from re import _parser
from typing import Any

_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)


def start_class(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A pattern matching one character that a match of `pattern` can start with; None when
    that cannot be said (any character, an empty match, a back reference). A pattern that
    ignores case gives a class that does too (the same folding of the same characters)."""
    folded = [bool(pattern.flags & re.IGNORECASE)]
    parts, empty = _first(_parser.parse(pattern.pattern, pattern.flags), folded)
    if parts is None or empty or not parts:
        return None
    return re.compile("[" + "".join(sorted(set(parts))) + "]", re.IGNORECASE if folded[0] else 0)


class Skimmed:
    """A compiled pattern whose `search` and `sub` first ask, at C speed, whether the text holds
    a character one of its matches can start with; everything else is the pattern's own."""

    __slots__ = ("compiled", "start")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        self.compiled = compiled
        self.start = start_class(compiled)

    def search(self, text: str) -> re.Match[str] | None:
        if self.start is not None and self.start.search(text) is None:
            return None
        return self.compiled.search(text)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        if self.start is not None and self.start.search(text) is None:
            return text
        return self.compiled.sub(repl, text, count)

    def __getattr__(self, name: str) -> Any:
        if name in self.__slots__:  # not set yet (while being unpickled)
            raise AttributeError(name)
        return getattr(self.compiled, name)

    def __reduce__(self) -> tuple[type[Skimmed], tuple[re.Pattern[str]]]:
        return Skimmed, (self.compiled,)


def _first(items: Any, folded: list[bool]) -> tuple[list[str] | None, bool]:
    """(class parts the sequence's match can start with, None for any; can it match empty).
    `folded[0]` is set when a part of it ignores case."""
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
                folded[0] = True  # a class that folds case holds what this part may start with
            found, empty = _first(av[3], folded)
        elif op is C.ATOMIC_GROUP:
            found, empty = _first(av, folded)
        elif op is C.BRANCH:
            found, empty = [], False
            for branch in av[1]:
                more, may_be_empty = _first(branch, folded)
                if more is None:
                    return None, False
                found += more
                empty = empty or may_be_empty
        elif op in _REPEATS:
            found, empty = _first(av[2], folded)
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
