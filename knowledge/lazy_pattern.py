"""Regular expressions of the cached knowledge base, compiled when first used.

Unpickling a compiled pattern compiles it again, and the base holds some five hundred of them
(cue words, readers, glossary alternations): about 0.2 s of CPU at every start, although one
question uses a few dozen. The cache therefore stores each pattern as its source and flags, and
a `LazyPattern` compiles on its first call. After that the compiled pattern's bound methods sit
in the instance's own dict, so a call costs what a call on the compiled pattern costs.
"""

from __future__ import annotations

import copyreg
import pickle
import re
from typing import IO, Any

METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class LazyPattern:
    """Stands for `re.compile(source, flags)`; compiles on the first attribute a pattern has."""

    def __init__(self, source: str | bytes, flags: int) -> None:
        self.__dict__["_source"] = source
        self.__dict__["_flags"] = flags

    def _compiled(self) -> re.Pattern[Any]:
        compiled = re.compile(self.__dict__["_source"], self.__dict__["_flags"])
        self.__dict__.update({name: getattr(compiled, name) for name in METHODS})
        self.__dict__.update(flags=compiled.flags, groups=compiled.groups, groupindex=compiled.groupindex)
        return compiled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._compiled(), name)

    @property
    def pattern(self) -> str | bytes:
        return self.__dict__["_source"]

    def __reduce__(self) -> tuple[type[LazyPattern], tuple[str | bytes, int]]:
        return LazyPattern, (self.__dict__["_source"], self.__dict__["_flags"])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyPattern | re.Pattern):
            return (self.pattern, self._all_flags()) == (other.pattern, _flags_of(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self._all_flags()))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"

    def _all_flags(self) -> int:
        return int(self.flags)


def _flags_of(pattern: LazyPattern | re.Pattern[Any]) -> int:
    return int(pattern.flags)


def _reduce(pattern: re.Pattern[Any]) -> tuple[type[LazyPattern], tuple[str | bytes, int]]:
    return LazyPattern, (pattern.pattern, pattern.flags)


def dump(value: Any, fh: IO[bytes]) -> None:
    """pickle.dump, with every compiled pattern stored to come back as a LazyPattern."""
    pickler = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, re.Pattern: _reduce}
    pickler.dump(value)
