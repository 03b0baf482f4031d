"""Careless typing on a phone: a word of the base typed with one wrong character of the same sound,
or with two characters in the wrong order.

A pinyin keyboard offers every character of a syllable, and a hurried thumb takes the wrong one
(refund typed with the 'leg' character, complaint with the 'head' one); a word typed fast may
come out with its two characters swapped. Either way the word falls apart: jieba cuts the
characters one by one, and the search, the aspects and the computed answers miss the word.

Here a stretch of two or three characters that jieba cuts as single characters, and that is no
word itself, becomes a word of the base's own vocabulary (the words of its entries, questions and
answers: `SearchIndex.text_words`) when that word sounds the same (toneless pinyin) and differs in
exactly one character, or, for two characters, is the stretch read backwards. A stretch two words
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
# jieba frequency from which a character is a word of grammar (not, is, only, say): typed as
# meant, it is no typo to replace, and it does not swap places with its neighbour by mistake
GRAMMAR_CHAR = 100000
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
        singles = self._singles(run)
        if sum(singles) < 2:
            return run
        sounds = pinyin_of(run)
        if len(sounds) != len(run):
            return run
        out, i = [], 0
        while i < len(run):
            for size in SIZES:
                if i + size <= len(run) and all(singles[i:i + size]) and not self._joins(run, i, i + size):
                    found = self._word(run[i:i + size], tuple(sounds[i:i + size]))
                    if found:
                        out.append(found)
                        i += size
                        break
            else:
                out.append(run[i])
                i += 1
        return "".join(out)

    def _singles(self, run: str) -> list[bool]:
        """Per character, whether jieba cuts it as a word of its own."""
        out: list[bool] = []
        for token in self.lexicon.tokenizer.cut(run, HMM=False):
            out += [len(token) == 1] * len(token)
        return out

    def _joins(self, run: str, start: int, end: int) -> bool:
        """Whether a character at the window's edge makes a word with its neighbour outside: the
        window then straddles two words typed right (a phone case, then 'can')."""
        frequency = self.lexicon.frequency
        return (start > 0 and frequency(run[start - 1:start + 1]) > 0) or \
            (end < len(run) and frequency(run[end - 1:end + 1]) > 0)

    def _word(self, window: str, sound: tuple[str, ...]) -> str | None:
        """The word the window is a careless typing of, if one surely is."""
        frequency = self.lexicon.frequency
        if window in self.words or frequency(window) > 0:
            return None
        if len(window) == 2 and window[::-1] in self.swappable and min(map(frequency, window)) < BOUND_CHAR:
            return window[::-1]
        alike = [word for word in self.by_sound.get(sound, ()) if _one_changed(window, word, frequency)]
        if not alike:
            return None
        ranked = sorted(alike, key=lambda w: (-frequency(w), w))
        if len(ranked) == 1:
            return ranked[0]
        first, second = (frequency(w) for w in ranked[:2])
        return ranked[0] if first >= CLEARLY_COMMONER * max(second, 1) else None


def _one_changed(window: str, word: str, frequency: Callable[[str], int]) -> bool:
    """Whether the word is the window with one character changed, and not a word of grammar."""
    changed = [a for a, b in zip(window, word, strict=True) if a != b]
    return len(changed) == 1 and frequency(changed[0]) < GRAMMAR_CHAR
