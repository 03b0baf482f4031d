"""jieba's dictionary and the pinyin of every character, in forms that load in milliseconds.

jieba reads its whole dictionary (half a million words and prefixes: 0.6 s of CPU, even from
its own cache file) before it cuts the first sentence, yet cutting a question only looks up
words that begin with the question's own characters. The dictionary is kept in the cache split
by first character, and a part is unpacked when a text first needs it. jieba itself cuts, with
this dictionary in place of its own. pypinyin costs 0.25 s to import; the toneless pinyin of
every character of the CJK block is computed with it once and kept as a table.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import marshal
import sys
import types
from collections import defaultdict
from collections.abc import Iterable
from math import log
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from knowledge import kbcache

if TYPE_CHECKING:
    import jieba

DOMAIN_WORD_FREQ = 20000  # the base's own words (terms, keywords) always cut as one word
_FIRST, _LAST = 0x4E00, 0x9FFF  # the CJK block the analyzer works on


def _stamp(package: str, file: str) -> str:
    """Which version of a package's data file this is, and for which Python (marshal's format)."""
    return f"{sys.version_info[0]}{sys.version_info[1]}-{kbcache.package_stamp(package, file)}".replace(":", "-")


def _marshal_dump(value: Any, fh: IO[bytes]) -> None:
    marshal.dump(value, fh)


@functools.lru_cache(maxsize=1)
def jieba_dictionary() -> tuple[int, dict[str, bytes]]:
    """(total frequency, {first character: marshalled {word: frequency}}) of jieba's dictionary."""
    name = f"jieba-{_stamp('jieba', 'dict.txt')}.marshal"
    cached = kbcache.read(name, marshal.load)
    if isinstance(cached, tuple) and len(cached) == 2:
        return cached
    tokenizer = new_tokenizer()
    folder = kbcache.cache_dir()
    tokenizer.tmp_dir = str(folder) if folder else None  # jieba's own cache, where we may write
    tokenizer.initialize()
    parts: dict[str, dict[str, int]] = defaultdict(dict)
    for word, freq in tokenizer.FREQ.items():
        parts[word[0]][word] = freq
    value = (tokenizer.total, {first: marshal.dumps(words) for first, words in parts.items()})
    if kbcache.write(name, value, _marshal_dump):
        kbcache.prune("jieba-*.marshal", name)
    return value


def jieba_tags() -> dict[str, bytes]:
    """{first character: marshalled {word: part of speech}} of jieba's dictionary (the third
    column of its dict.txt: n noun, v verb, m numeral ...), cached on disk like the frequencies;
    jieba itself is not imported. Read by PartsOfSpeech, once per knowledge base."""
    name = f"jiebatags-{_stamp('jieba', 'dict.txt')}.marshal"
    cached = kbcache.read(name, marshal.load)
    if isinstance(cached, dict):
        return cached
    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.origin is not None, "jieba is a dependency"
    parts: dict[str, dict[str, str]] = defaultdict(dict)
    with open(Path(spec.origin).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            columns = line.split()
            if len(columns) >= 3:
                parts[columns[0][0]][columns[0]] = columns[2]
    value = {first: marshal.dumps(tags) for first, tags in parts.items()}
    if kbcache.write(name, value, _marshal_dump):
        kbcache.prune("jiebatags-*.marshal", name)
    return value


class PartsOfSpeech:
    """jieba's part of speech of a word of its dictionary ("n", "v", "m" ...; "" for others),
    unpacked by first character when a word first needs it; pickled empty."""

    def __init__(self) -> None:
        self._blobs: dict[str, bytes] | None = None
        self._parts: dict[str, dict[str, str]] = {}

    def read(self) -> None:
        """Read jieba's tags now (from their cache file), not on the first word."""
        if self._blobs is None:
            self._blobs = jieba_tags()

    def __call__(self, word: str) -> str:
        if not word:
            return ""
        part = self._parts.get(word[0])
        if part is None:
            self.read()
            assert self._blobs is not None
            blob = self._blobs.get(word[0])
            part = self._parts[word[0]] = marshal.loads(blob) if blob else {}
        return part.get(word, "")

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]


@functools.cache
def _part(first: str) -> dict[str, int]:
    blob = jieba_dictionary()[1].get(first)
    return marshal.loads(blob) if blob else {}


class Frequencies:
    """jieba's FREQ mapping, read part by part: the default dictionary plus words added to it."""

    def __init__(self) -> None:
        self.own: dict[str, int] = {}

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(word) and (word in self.own or word in _part(word[0]))

    def __getitem__(self, word: str) -> int:
        if word in self.own:
            return self.own[word]
        if not word:
            raise KeyError(word)
        return _part(word[0])[word]

    def get(self, word: str, default: int | None = None) -> int | None:
        if word in self.own:
            return self.own[word]
        return _part(word[0]).get(word, default) if word else default

    def __setitem__(self, word: str, freq: int) -> None:
        self.own[word] = freq


def new_tokenizer() -> jieba.Tokenizer:
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        # jieba imports setuptools' pkg_resources (0.1 s) only to open its own data files, and
        # opens them directly when it is missing: hide it while jieba is imported
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    return jieba.Tokenizer()


@functools.lru_cache(maxsize=1)
def pinyin_table() -> tuple[str, ...]:
    """Toneless pinyin, most common reading, of every character from U+4E00 to U+9FFF."""
    name = f"pinyin-{_stamp('pypinyin', 'pinyin_dict.py')}.marshal"
    cached = kbcache.read(name, marshal.load)
    if isinstance(cached, tuple) and len(cached) == _LAST - _FIRST + 1:
        return cached
    from pypinyin import Style, lazy_pinyin

    table = tuple(lazy_pinyin(chr(code), style=Style.NORMAL)[0] for code in range(_FIRST, _LAST + 1))
    if kbcache.write(name, table, _marshal_dump):
        kbcache.prune("pinyin-*.marshal", name)
    return table


def char_pinyin(char: str) -> str:
    """Toneless pinyin of one character, its most common reading (the same for questions and data)."""
    code = ord(char)
    if _FIRST <= code <= _LAST:
        return pinyin_table()[code - _FIRST]
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(char, style=Style.NORMAL)[0]


def pinyin_of(text: str) -> list[str]:
    return [char_pinyin(c) for c in text]


class Lexicon:
    """The words jieba knows, with the base's own words added; pickled without jieba itself."""

    def __init__(self, words: Iterable[str]) -> None:
        self.freq = Frequencies()
        self.total = jieba_dictionary()[0]
        self._tokenizer: jieba.Tokenizer | None = None
        tokenizer = self.tokenizer
        for word in words:
            tokenizer.add_word(word, freq=DOMAIN_WORD_FREQ)
        self.total = tokenizer.total

    @property
    def tokenizer(self) -> jieba.Tokenizer:
        if self._tokenizer is None:
            tokenizer = new_tokenizer()
            tokenizer.FREQ, tokenizer.total = self.freq, self.total  # type: ignore[assignment]
            tokenizer.initialized = True  # the dictionary is ours: jieba must not load its own
            # jieba's two dictionary walks, reading our parts directly (see _dag)
            tokenizer.get_DAG = types.MethodType(_dag, tokenizer)  # type: ignore[method-assign]
            tokenizer.calc = types.MethodType(_calc, tokenizer)  # type: ignore[method-assign]
            self._tokenizer = tokenizer
        return self._tokenizer

    def frequency(self, word: str) -> int:
        return self.freq.get(word, 0) or 0

    def word_spans(self, run: str) -> list[tuple[int, int]]:
        """Per character of `run`, the span of the word jieba cuts it in (no HMM: known words only)."""
        out: list[tuple[int, int]] = []
        start = 0
        for token in self.tokenizer.cut(run, HMM=False):
            out += [(start, start + len(token))] * len(token)
            start += len(token)
        return out

    def __getstate__(self) -> dict[str, Any]:
        return {"freq": self.freq, "total": self.total}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.freq, self.total, self._tokenizer = state["freq"], state["total"], None



def _dag(tokenizer: jieba.Tokenizer, sentence: str) -> dict[int, list[int]]:
    """jieba's Tokenizer.get_DAG with our Frequencies: each word starting at k begins with the
    character at k, so that character's part is fetched once, and the lookups are dict lookups
    (jieba asks `in`, then `[]`, of a mapping written in Python, for every fragment)."""
    own = tokenizer.FREQ.own
    dag: dict[int, list[int]] = {}
    n = len(sentence)
    for k in range(n):
        part = _part(sentence[k])
        ends = []
        i, frag = k, sentence[k]
        while i < n:
            freq = own.get(frag)
            if freq is None:
                freq = part.get(frag)
                if freq is None:
                    break
            if freq:
                ends.append(i)
            i += 1
            frag = sentence[k:i + 1]
        dag[k] = ends or [k]
    return dag


def _calc(tokenizer: jieba.Tokenizer, sentence: str, dag: dict[int, list[int]],
          route: dict[int, tuple[float, int]]) -> None:
    """jieba's Tokenizer.calc (the most probable route through the DAG), as it is, with the
    frequencies read as _dag reads them."""
    own = tokenizer.FREQ.own
    n = len(sentence)
    route[n] = (0, 0)
    logtotal = log(tokenizer.total)
    for idx in range(n - 1, -1, -1):
        part = _part(sentence[idx])
        best = None
        for x in dag[idx]:
            word = sentence[idx:x + 1]
            freq = own.get(word)
            if freq is None:
                freq = part.get(word)
            candidate = (log(freq or 1) - logtotal + route[x + 1][0], x)
            if best is None or candidate > best:
                best = candidate
        route[idx] = best  # type: ignore[assignment]
