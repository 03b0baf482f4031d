"""The cached base stores its regular expressions as sources: each compiles when first used and
then answers exactly as the compiled pattern does, and a question is answered the same from the
cache as from a fresh build."""

from __future__ import annotations

import io
import pickle
import re
from typing import Any

import pytest

from knowledge import lazy_pattern
from knowledge.lazy_pattern import LazyPattern

PATTERNS = [
    (r"(?P<n>\d+)\s*天", 0, "申请退款3天了, 又过了 15 天"),
    (r"refund(ed)?", re.I, "I was REFUNDED, then refund again"),
    (r"(?<![a-z])fahuo(?![a-z])", 0, "seller no fahuo yet"),
]


def round_trip(value: Any) -> Any:
    buffer = io.BytesIO()
    lazy_pattern.dump(value, buffer)
    return pickle.loads(buffer.getvalue())


@pytest.mark.parametrize(("source", "flags", "text"), PATTERNS)
def test_a_pattern_from_the_cache_answers_as_the_compiled_one(source: str, flags: int, text: str) -> None:
    compiled = re.compile(source, flags)
    lazy = round_trip({"p": compiled})["p"]
    assert isinstance(lazy, LazyPattern)
    assert lazy.pattern == compiled.pattern and lazy.flags == compiled.flags
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub("#", text) == compiled.sub("#", text)
    assert lazy.findall(text) == compiled.findall(text)
    assert bool(lazy.search(text)) == bool(compiled.search(text))
    assert lazy.groupindex == compiled.groupindex and lazy.groups == compiled.groups
    assert lazy == compiled and hash(lazy) == hash(round_trip(compiled))


def test_nothing_is_compiled_until_used_and_a_second_pickle_stays_lazy() -> None:
    lazy = round_trip(re.compile(r"\d{3,}"))
    assert "search" not in vars(lazy)
    assert lazy.match("12315") is not None
    assert "search" in vars(lazy)
    again = pickle.loads(pickle.dumps(lazy))
    assert "search" not in vars(again) and again.fullmatch("110")


def test_a_broken_source_fails_when_used_not_when_loaded() -> None:
    lazy = LazyPattern("(unclosed", 0)
    with pytest.raises(re.error):
        lazy.search("x")
