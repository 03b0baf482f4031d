"""Careless typing on a phone: a word of the base typed with one wrong character of the same sound,
or with two characters in the wrong order.

A pinyin keyboard offers every character of a syllable, and a hurried thumb takes the wrong one
(refund typed with the 'leg' character, complaint with the 'head' one); a word typed fast may
come out with its two characters swapped. Either way the word falls apart: jieba cuts the
characters one by one, and the search, the aspects and the computed answers miss the word.

Here a stretch of two or three characters that jieba cuts into single characters, or into a word
and then single characters (the payment app's name as "pay" and a stray character), and that is
no word itself, becomes a word of the base's own vocabulary (the words of its entries, questions and
answers) when that word sounds the same (toneless pinyin) and differs in exactly one character,
one cut alone, or, for two characters, is the stretch read backwards. A stretch two words
could be (the same sound, another character) is left as typed unless one of them is far commoner
in jieba's counts. Only the vocabulary of the base is reached this way, so a typo never turns a
question into something the base does not know, and a question about something else entirely
stays about something else. The voice fixer (knowledge/voice.py) hears misheard domain words
before this runs; this one catches the rest of the base's words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from knowledge.lexicon import Lexicon, pinyin_of
from knowledge.textnorm import CJK_RUN_RE

SIZES = (3, 2)  # longest first
CLEARLY_COMMONER = 5  # a candidate wins over another of the same sound when this many times commoner
# a stretch that is a word of jieba's dictionary yet cut apart (a word jieba has seen a handful of
# times: "positive-according" for evidence) is a slip for a base word of the same sound this many
# times commoner; a word of any real use is typed as meant
RARE_WORD_SHARE = 1000
# jieba frequency from which a character is a word of grammar (not, is, only, say): typed as
# meant, it is no typo to replace, and it does not swap places with its neighbour by mistake
GRAMMAR_CHAR = 100000
GRAMMAR_WORD = 200000  # ... and from which it makes the whole stretch grammar (not, is, of, I)
# ... and two characters read backwards are one word typed fast only when one of them seldom
# stands alone (a shop, then 'closed', are two words either way round)
BOUND_CHAR = 3000
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,3}")


class TypoFixer:
    def __init__(self, words: Iterable[str], swappable: Iterable[str], lexicon: Lexicon) -> None:
        """`words`: the base's vocabulary (a wrong character of the same sound is fixed into
        them); `swappable`: its content words (two characters typed the wrong way round are
        fixed into them: a word of grammar read backwards is too often right as typed)."""
        self.lexicon = lexicon
        self.words = {w for w in words if _CJK_WORD.fullmatch(w)}
        self.swappable = {w for w in swappable if len(w) == 2 and w in self.words}
        by_sound: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for word in sorted(self.words):
            by_sound[tuple(pinyin_of(word))].append(word)
        self.by_sound = dict(by_sound)

    def __call__(self, text: str) -> str:
        """The text with the base's words typed carelessly written right (Simplified text)."""
        return CJK_RUN_RE.sub(lambda m: self._run(m.group(0)), text)

    def _run(self, run: str) -> str:
        if len(run) < 2:
            return run
        spans = self.lexicon.word_spans(run)
        singles = [end - start == 1 for start, end in spans]
        if sum(singles) < 1:
            return run
        sounds = pinyin_of(run)
        if len(sounds) != len(run):
            return run
        out, i = [], 0
        while i < len(run):
            for size in SIZES:
                end = i + size
                if self._window(spans, i, end) and not self._joins(run, i, end):
                    found = self._word(run[i:end], tuple(sounds[i:end]), singles[i:end])
                    if found:
                        out.append(found)
                        i = end
                        break
            else:
                out.append(run[i])
                i += 1
        return "".join(out)

    @staticmethod
    def _window(spans: list[tuple[int, int]], start: int, end: int) -> bool:
        """Whether the window is whole words of the cut, more than one: single characters, or a
        word and then a single character (a word whose last syllable got the wrong character
        falls apart into its first part and a character: pay + a stray one). A character before
        a word is left as typed: it belongs to the words before it (a sale's price, then shipped)."""
        if end > len(spans) or spans[start][0] != start or spans[end - 1][1] != end:
            return False
        if spans[start][1] == end or spans[end - 1][1] - spans[end - 1][0] != 1:
            return False
        return all(spans[k][1] - spans[k][0] == 1 for k in range(spans[start][1], end))

    def _joins(self, run: str, start: int, end: int) -> bool:
        """Whether a character at the window's edge makes a word with its neighbour outside: the
        window then straddles two words typed right (a phone case, then 'can')."""
        frequency = self.lexicon.frequency
        return (start > 0 and frequency(run[start - 1:start + 1]) > 0) or \
            (end < len(run) and frequency(run[end - 1:end + 1]) > 0)

    def _word(self, window: str, sound: tuple[str, ...], singles: list[bool]) -> str | None:
        """The word the window is a careless typing of, if one surely is: the character changed
        is one jieba cut alone."""
        frequency = self.lexicon.frequency
        own = frequency(window)
        if window in self.words or max(map(frequency, window)) >= GRAMMAR_WORD:
            return None  # a stretch holding not, is or of is grammar typed as meant (doesn't light up)
        if own == 0 and len(window) == 2 and all(singles) and window[::-1] in self.swappable \
                and min(map(frequency, window)) < BOUND_CHAR:
            return window[::-1]
        alike = [word for word in self.by_sound.get(sound, ()) if _one_changed(window, word, singles, frequency)]
        if not alike:
            return None
        ranked = sorted(alike, key=lambda w: (-frequency(w), w))
        first = frequency(ranked[0])
        if own > 0 and first < RARE_WORD_SHARE * own:
            return None  # a word of its own, typed as meant: only a rare one is a slip for a common word
        if len(ranked) == 1:
            return ranked[0]
        return ranked[0] if first >= CLEARLY_COMMONER * max(frequency(ranked[1]), 1) else None


def _one_changed(window: str, word: str, singles: list[bool], frequency: Callable[[str], int]) -> bool:
    """Whether the word is the window with one character changed, one cut alone and no word of grammar."""
    changed = [(a, single) for a, b, single in zip(window, word, singles, strict=True) if a != b]
    return len(changed) == 1 and changed[0][1] and frequency(changed[0][0]) < GRAMMAR_CHAR
