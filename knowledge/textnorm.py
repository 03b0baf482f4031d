"""Text normalisation shared by search and classifier: width, case, numbers, domain synonyms."""

from __future__ import annotations

import functools
import marshal
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge import dialect
from knowledge.dialect import Table
from knowledge.schema import Term

CJK_RE = re.compile(r"[\u4e00-\u9fff]")
CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")
_LATIN_RE = re.compile(r"[a-z]")
# digits typed in groups, as in phone numbers: "0571-2828 2058" -> "057128282058"
_DIGIT_GAP_RE = re.compile(
    r"(?<=\d)(?<![/.]\d)(?<![/.]\d\d)[\s\-](?=\d)(?!\d{4}/\d)(?!20\d\d\s*\u5e74)"
    r"(?!(?<=(?<!\d)\d-)\d{1,2}(?!\d))(?!(?<=(?<!\d)\d\d-)\d{1,2}(?!\d))"  # nor a range (3-5 days)
    r"(?!\d{1,2}(?:[:：]\d|\s*[\u70b9\u65f6\u6642]|\s*[ap]\.?m\b))"  # nor a time of day after a date (2026 10:00, nov 9 8pm)
    r"(?!(?<=(?<!\d)\d\s)20\d\d(?!\d|[\s\-]\d{3}))(?!(?<=(?<!\d)\d\d\s)20\d\d(?!\d|[\s\-]\d{3}))")  # nor Nov 9 2026
# ... but a date written 2026-06-30 stays a date (as 2026/06/30), not a run of digits
READ_OUT_DIGITS = 5  # a number read out in chunks is a service or phone number: this many digits at least
_ISO_DATE_RE = re.compile(r"(?<!\d)(20\d\d)-(\d{1,2})-(\d{1,2})(?!\d)")


def width(text: str) -> str:
    """The one Unicode normalisation (NFKC): full-width letters and digits to ASCII, compatibility
    forms to their plain characters. Every reader of typed text starts here."""
    return unicodedata.normalize("NFKC", text)


def typed(text: str) -> str:
    """What was typed, normalised and without surrounding blanks."""
    return width(text).strip()


_TRAILING_MARKS = "。.!！~～ "


def plain(text: str) -> str:
    """A whole message as words and button labels are matched: normalised, lower case, trailing
    full stops, exclamation marks and tildes dropped (a message of marks only is kept)."""
    text = typed(text).lower()
    return text.rstrip(_TRAILING_MARKS) or text


_NAME_TOKEN_RE = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]")


def name_tokens(text: str) -> tuple[str, ...]:
    """A button's name or a typed message as names are compared: normalised, lower case,
    Traditional as Simplified, words and Chinese characters only (emoji, marks and blanks
    dropped), an English plural as its word ("fakes" as "fake")."""
    found = _NAME_TOKEN_RE.findall(simplified(width(text).lower()))
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                 for w in found)


def has_cjk(text: str) -> bool:
    return CJK_RE.search(text) is not None


def whole_word(word: str) -> str:
    """`word` as a pattern matching it only as a whole Latin word ("store" not inside "restore"):
    (?<![a-z0-9])store(?![a-z0-9]), with the look-behind written after the first character,
    s(?<![a-z0-9]s)tore, which matches the same. An alternation of words written so starts
    every branch with a character, and re then skips to where one of those characters is,
    instead of trying every branch at every position of the text (4-8x quicker on a sentence)."""
    first = re.escape(word[:1])
    return f"{first}(?<![a-z0-9]{first}){re.escape(word[1:])}(?![a-z0-9])"


@functools.lru_cache(maxsize=1)
def _check() -> tuple[Callable[[str], str], Callable[[str], str]]:
    """OpenCC's Traditional-to-Simplified and Simplified-to-Traditional conversions."""
    import opencc

    return opencc.OpenCC("t2s").convert, opencc.OpenCC("s2t").convert


@functools.lru_cache(maxsize=1)
def _to_simplified() -> Callable[[str], str]:
    """OpenCC: Taiwan words and forms to mainland Simplified ones ("message", "online" and
    their characters), then Hong Kong forms to Simplified."""
    import opencc

    tw2sp, hk2s = opencc.OpenCC("tw2sp"), opencc.OpenCC("hk2s")
    return lambda text: hk2s.convert(tw2sp.convert(text))


@functools.lru_cache(maxsize=1)
def _traditional_only() -> frozenset[str]:
    """The characters of the CJK block written only in Traditional text (not also in Simplified),
    by OpenCC: found once per OpenCC version and kept in the cache folder, so that asking whether a
    text is Traditional loads none of OpenCC's dictionaries (0.06 s)."""
    from knowledge import kbcache

    stamp = f"{sys.version_info[0]}{sys.version_info[1]}-{kbcache.package_stamp('opencc')}".replace(":", "-")
    name = f"traditional-{stamp}.marshal"
    cached = kbcache.read(name, marshal.load)
    if isinstance(cached, frozenset):
        return cached
    t2s, s2t = _check()
    found = frozenset(c for c in map(chr, range(0x4E00, 0xA000)) if t2s(c) != c and s2t(c) == c)
    if kbcache.write(name, found, marshal.dump):
        kbcache.prune("traditional-*.marshal", name)
    return found


def traditional_chars() -> frozenset[str]:
    """The characters written only in Traditional text (OpenCC), without loading OpenCC."""
    return _traditional_only()


def warm() -> None:
    """OpenCC's converters loaded now (its dictionaries are files), not in the first dialog step
    that meets a Chinese text."""
    _traditional_only()
    _to_simplified()


def simplified(text: str) -> str:
    """The text in Simplified characters, when it is written in Traditional ones.

    Simplified text is left alone: OpenCC would read some Simplified characters as Traditional
    variants of others ("in case it broke" would get a wrong character).
    """
    if _traditional_only().isdisjoint(text):  # no character of it is Traditional only
        return text
    return _to_simplified()(text)


@dataclass(frozen=True)
class Numerals:
    """Chinese numerals as typed (knowledge/data/numerals.yaml)."""

    run: re.Pattern[str]  # a run of numeral characters
    digits: dict[str, str]  # each digit's value
    places: frozenset[str]  # 十百千万亿
    ten: str  # a place that is also a number alone
    one: str  # one as written in words (not as read out in a phone number)
    units: re.Pattern[str]  # what makes a lone numeral a number when it follows


class Normaliser:
    """The one normaliser of every text the base reads, built from knowledge/data/numerals.yaml
    and dialect.yaml with the knowledge base (`kb.normaliser`) and handed to what reads text."""

    def __init__(self, numerals: Numerals, dialect: Table) -> None:
        self.numeral_words, self.dialect = numerals, dialect

    def to_mandarin(self, text: str) -> str:
        """Written Cantonese words as Mandarin (knowledge/dialect.py), then Traditional as Simplified."""
        pieces = self.dialect.kept_apart(text)
        # the words of dialect.yaml `keep` are read as themselves, the pieces between them as usual
        return "".join(piece if i % 2 else simplified(self.dialect.to_mandarin(piece))
                       for i, piece in enumerate(pieces))

    def basic(self, text: str) -> str:
        """Full-width to ASCII, lower case, Cantonese words as Mandarin, Traditional to Simplified,
        digit groups joined, numbers as digits."""
        text = self.to_mandarin(width(text).lower())
        text = _DIGIT_GAP_RE.sub("", _ISO_DATE_RE.sub(r"\1/\2/\3", text))
        return self.numerals(text)

    def numerals(self, text: str) -> str:
        """Chinese numerals as digits (899 and 1200 written out become 899 and 1200), the rest
        unchanged."""
        return self.numeral_words.run.sub(self._numeral, text)

    def _numeral(self, match: re.Match[str]) -> str:
        """One run of numeral characters as digits, or as it was when it is not a number.

        Runs with a place (twelve, 899, 1200 written out) go through cn2an, which refuses words
        that only look like numbers ("by all means", "in case"); three or more bare digits are read
        out one by one (a hotline read out = 12315); two bare digits are a range ("three or four
        days") and stay.
        """
        words = self.numeral_words
        run = match.group(0)
        if len(run) == 1:
            if run in words.places and run != words.ten:
                return run
            followed = words.units.match(match.string, match.end()) is not None
            return ("10" if run == words.ten else words.digits[run]) if followed else run
        if not words.places.intersection(run):
            kept = words.one if self._one_starts_word(match) else ""
            run = run[:len(run) - len(kept)]
            return "".join(words.digits[c] for c in run) + kept if len(run) >= 3 else run + kept
        if run[0] not in words.digits and run[0] != words.ten:
            return run
        import cn2an  # costs 0.1 s to import: only for texts that have such a number

        try:
            return str(cn2an.cn2an(run, "normal"))
        except (ValueError, KeyError):  # cn2an fails some runs with a KeyError ("十十一")
            return self._chunked(run, self._one_starts_word(match))

    def _one_starts_word(self, match: re.Match[str]) -> bool:
        """Whether the run's last character is one that starts a word with the Chinese after it
        ("in general", "all along"): read out digit by digit, one is yao; a unit after it
        (a year, a day) keeps it a number."""
        words, end = self.numeral_words, match.end()
        return (bool(words.one) and match.group(0).endswith(words.one) and len(match.group(0)) > 1
                and CJK_RE.match(match.string, end) is not None and words.units.match(match.string, end) is None)

    def _chunked(self, run: str, one_starts_word: bool = False) -> str:
        """A service or phone number read out in chunks, a two-digit number first and then digit
        by digit ("twelve, three, one, five"): the number and the digits, written as one number of
        at least READ_OUT_DIGITS digits; any other run as it was."""
        import cn2an

        words = self.numeral_words
        kept = ""
        if one_starts_word:
            run, kept = run[:-1], run[-1]
        for cut in range(len(run) - 2, 0, -1):
            head, tail = run[:cut], run[cut:]
            if words.places.intersection(tail) or not words.places.intersection(head):
                continue
            try:
                number = cn2an.cn2an(head, "normal")
            except (ValueError, KeyError):
                continue
            digits = str(number) + "".join(words.digits[c] for c in tail)
            if number >= 100 or len(digits) < READ_OUT_DIGITS:
                break  # the first chunk of a read-out number is a two-digit one
            return digits + kept
        return run + kept


def load(data: Path) -> Normaliser:
    """The normaliser of a data folder: numerals.yaml and dialect.yaml."""
    raw = yaml.safe_load((data / "numerals.yaml").read_text(encoding="utf-8"))
    numerals = Numerals(run=re.compile(raw["run"]), digits={str(k): str(v) for k, v in raw["digits"].items()},
                        places=frozenset(str(raw["places"])), ten=str(raw["ten"]), one=str(raw.get("one", "")),
                        units=re.compile(raw["units"]))
    return Normaliser(numerals, dialect.load(data))


class Rewriter:
    """Rewrites every variant of a domain term to the term, in one left-to-right pass."""

    def __init__(self, terms: Iterable[Term], norm: Normaliser, glossary: dict[str, str] | None = None,
                 words: Callable[[], re.Pattern[str]] | None = None) -> None:
        """`glossary`: English words and phrases -> the Chinese word they are rewritten to after
        the terms (knowledge/glossary.py), found by the pattern `words` returns (compiled once per
        process, when a text first has Latin letters: a big pattern, never pickled)."""
        self.mapping: dict[str, str] = {}
        self.norm = norm
        basic = norm.basic
        terms = list(terms)
        self._own = {term.term.lower() for term in terms}
        for term in terms:
            # the output is the term as written, so that 七天无理由 stays one jieba word
            canonical = term.term.lower()
            self.mapping.setdefault(basic(term.term), canonical)
            for variant in term.variants:
                self.mapping.setdefault(basic(variant), canonical)
        for variant, canonical in list(self.mapping.items()):
            # a variant that ends where its term begins, typed with the term's rest after it
            # ("keeps not ship" + "goods"): the whole stretch is the term, not the term and a
            # stray character left over
            whole = _completed(variant, basic(canonical)) if has_cjk(variant) else None
            if whole:
                self.mapping.setdefault(whole, canonical)
        parts = []
        for variant in sorted(self.mapping, key=len, reverse=True):
            # Latin variants only as whole words, so "store" does not fire inside "restore"
            parts.append(re.escape(variant) if has_cjk(variant) else whole_word(variant))
        self._re = re.compile("|".join(parts)) if parts else None
        self.glossary = glossary or {}
        self._words = words

    def __call__(self, text: str) -> str:
        text = self.norm.basic(text)
        if self._re is not None:
            text = self._re.sub(lambda m: self.mapping[m.group(0)], text)
        if self.glossary and self._words is not None and _LATIN_RE.search(text):
            from knowledge.glossary import spelt

            text = self._words().sub(self._gloss, spelt(text))
        return text

    def _gloss(self, match: re.Match[str]) -> str:
        from knowledge.glossary import spelt, unlinked

        found = match.group(0)
        return (self.glossary.get(found) or self.glossary.get(spelt(found))
                or self.glossary.get(unlinked(spelt(found)), found))

    @property
    def terms(self) -> set[str]:
        return set(self._own)


def _completed(variant: str, term: str) -> str | None:
    """VARIANT followed by the rest of TERM, when VARIANT's end is TERM's beginning (the longest
    such overlap, shorter than the term); None when they do not overlap so."""
    for size in range(min(len(variant), len(term) - 1), 0, -1):
        if variant.endswith(term[:size]) and variant != term[:size]:
            return variant + term[size:]
    return None
