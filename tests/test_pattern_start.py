"""knowledge/pattern_start.py: a text holding none of the characters a pattern's match can start
with is never matched by it, so the date finder may skip its long pattern on such texts (a date
typed in any form is still found: tests/test_question_dates.py, tests/test_slots.py)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from knowledge.loader import load_kb
from knowledge.pattern_start import start_class

KB = load_kb()
DAYS = KB.date_words.questions
# the day patterns themselves, and shapes the reader must get right: optional heads, branches,
# look-arounds, word boundaries, classes with ranges and categories
PATTERNS = [p for _, p in DAYS.day_patterns] + [re.compile(p) for p in (
    r"(?<!\d)(上上|上|这)?个?(?:周|星期)([一二三1-7])", r"\b(?:the\s+)?day after tomorrow\b",
    r"a?b*[c-e\s]x", r"(?:(?:x|y)?z)+q", r"(?=\d)\w+", r"[^a]b")]
TEXT = st.text(alphabet=st.sampled_from(list("0123456789 .-/abcdetxyzq上个周星期一二三这天前昨今号月日")),
               max_size=24)


@given(TEXT)
def test_no_start_character_means_no_match(text: str) -> None:
    for pattern in PATTERNS:
        start = start_class(pattern)
        if start is not None and start.search(text) is None:
            assert pattern.search(text) is None, (pattern.pattern, text)


@given(TEXT)
def test_the_date_finder_sees_a_day_exactly_when_its_pattern_does(text: str) -> None:
    assert DAYS.may_name_a_day(text) == (re.compile(
        "|".join(f"(?:{p.pattern})" for _, p in DAYS.day_patterns)).search(text) is not None)


def test_what_cannot_be_said_is_not_guessed() -> None:
    assert start_class(re.compile(r"x*")) is None  # an empty match: anywhere
    assert start_class(re.compile(r"[^a]b")) is None  # any character but one
    assert start_class(re.compile(r"(a)\1")) is not None  # the group starts it
    assert start_class(re.compile(r"(b)?\1?a")) is None  # a back reference may come first


def test_a_name_or_an_item_skips_the_day_patterns() -> None:
    start = start_class(re.compile("|".join(f"(?:{p.pattern})" for _, p in DAYS.day_patterns)))
    assert start is not None
    for text in ("耐克官方旗舰店", "耐克鞋", "小米手机"):
        assert start.search(text) is None


# the telling patterns read every typed answer, case folded (knowledge/answer_words.py)
WORDS = KB.answer_words
TELLING = [WORDS._rhetorical, WORDS._information, WORDS._embedded, WORDS._keyword_asks,  # noqa: SLF001
           WORDS._story]  # noqa: SLF001
SAID = st.text(alphabet=st.sampled_from(list("我买了不是吗怎么几多少哪问知道客服店官方退款? ,。ASKEDHowhowisKk")),
               max_size=30)


@given(SAID)
def test_a_skimmed_pattern_searches_and_substitutes_as_the_pattern_does(text: str) -> None:
    for skimmed in TELLING:
        assert (skimmed.search(text) is None) == (skimmed.compiled.search(text) is None)
        assert skimmed.sub(" ", text) == skimmed.compiled.sub(" ", text)


def test_a_case_folded_pattern_gives_a_case_folded_class() -> None:
    start = start_class(re.compile(r"\b(how|what)\b", re.IGNORECASE))
    assert start is not None and start.search("HOW") and start.search("What") and not start.search("xyz")
    inline = start_class(re.compile(r"(?i:k)x|y"))
    assert inline is not None and inline.search("K") and inline.search("\u212a")  # the Kelvin sign folds to k
