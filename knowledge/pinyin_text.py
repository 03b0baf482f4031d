"""Chinese typed as pinyin: "tuiyipeisan zuishao duoshao", "jia yi pei san shi shenme".

Shoppers without a Chinese keyboard, or whose phone switched to Latin, type the words they know
as toneless pinyin, joined or syllable by syllable. Runs of such words become the base's own
words (knowledge.spelling.PinyinWords: its terms, keywords, cue and question words), so the
question then reads as Chinese everywhere: computed answers, aspects, search, the classifier.
A word of English is never read as pinyin ("change" splits into chan-ge, but "the" next to it
says it is English).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from knowledge.lexicon import pinyin_table

_TOKEN_RE = re.compile(r"[A-Za-z]+")
# common English words: a text with one of them is English, not pinyin (a, an, en are pinyin too)
ENGLISH_WORDS = frozenset(
    "the a an to of is are was were be been i my me you your it in on at for do does did what how "
    "can could would should will and or with this that there from have has had get got why when "
    "where which who not no if any about please they them their we our he she his her its".split()
)


@functools.lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    return frozenset(s for s in pinyin_table() if s.isalpha() and s.isascii())


@functools.lru_cache(maxsize=4096)
def is_pinyin(word: str) -> bool:
    """Whether a Latin word splits whole into toneless pinyin syllables (shenme, zuishao)."""
    word = word.lower()
    known = syllables()
    ends = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        ends[end] = any(ends[start] and word[start:end] in known for start in range(max(0, end - 6), end))
    return ends[-1]


def is_pinyin_text(text: str) -> bool:
    """Whether the Latin part of a text without Chinese characters is pinyin, not English."""
    words = [w.lower() for w in _TOKEN_RE.findall(text)]
    if not words or any(w in ENGLISH_WORDS for w in words):
        return False
    return all(is_pinyin(w) for w in words) and sum(len(w) for w in words) >= 4


def to_hanzi(text: str, lookup: Callable[[str], str | None], english: Callable[[str], bool]) -> str:
    """Runs of pinyin words (joined or one syllable a word) replaced by the words `lookup` knows;
    a word `english` knows, or a text with a common English word, is only converted when the
    words around it join with it into a known word."""
    tokens = list(_TOKEN_RE.finditer(text))
    if not tokens:
        return text
    english_text = any(t.group(0).lower() in ENGLISH_WORDS for t in tokens)
    out: list[str] = []
    last = 0
    i = 0
    while i < len(tokens):
        run_end = i + 1  # tokens after i joined by spaces only, all of them pinyin
        while (run_end < len(tokens) and not text[tokens[run_end - 1].end():tokens[run_end].start()].strip()
               and is_pinyin(tokens[run_end].group(0))):
            run_end += 1
        found = None
        if is_pinyin(tokens[i].group(0)):
            for j in range(run_end, i, -1):
                if j == i + 1 and (english_text or english(tokens[i].group(0).lower())):
                    continue  # one English-looking word alone stays English
                hit = lookup("".join(t.group(0).lower() for t in tokens[i:j]))
                if hit:
                    found = (j, hit)
                    break
        if found is None:
            i += 1
            continue
        j, hit = found
        out += [text[last:tokens[i].start()], hit]
        last = tokens[j - 1].end()
        i = j
    out.append(text[last:])
    return "".join(out)
