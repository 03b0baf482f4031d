"""English typo correction against the index vocabulary (symmetric-delete lookup, edit distance <= 2)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from knowledge.lexicon import pinyin_of


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


class Speller:
    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = set(vocabulary)
        self._by_delete: dict[str, set[str]] = defaultdict(set)
        for word in self.vocabulary:
            if len(word) >= 4:
                for deleted in _deletes(word) | {word}:
                    self._by_delete[deleted].add(word)

    def correct(self, word: str) -> str:
        """The closest vocabulary word, or the word itself when nothing is close enough."""
        if word in self.vocabulary or len(word) < 4:
            return word
        candidates: set[str] = set()
        for key in _deletes(word) | {word}:
            candidates |= self._by_delete.get(key, set())
        limit = 1 if len(word) < 6 else 2
        scored = sorted((_distance(word, c), c) for c in candidates)
        if scored and scored[0][0] <= limit:
            return scored[0][1]
        return word


def _no_word(_: str) -> bool:
    return False


def _sounds(text: str) -> tuple[str, ...]:
    return tuple(pinyin_of(text))


class HomophoneFixer:
    """Phone keyboards type by pinyin, so typos are homophones: a character of the same sound
    in place of the right one.

    Any 3-6 character stretch of a question that is not a known word but sounds exactly like
    one (toneless pinyin) is replaced by it. Shorter stretches are left alone: two-character
    homophones are too often different real words.
    """

    def __init__(self, words: Iterable[str], is_word: Callable[[str], bool] | None = None) -> None:
        """`is_word` must be picklable (the index is cached): a function or a partial of one."""
        # a stretch that would cut a common word at its edge is not a typo: 电话多少 is not 电花多少
        self._is_word = is_word or _no_word
        self.words = {w for w in words if 3 <= len(w) <= 6}
        by_sound: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for word in self.words:
            by_sound[_sounds(word)].add(word)
        self.by_sound = {k: next(iter(v)) for k, v in by_sound.items() if len(v) == 1}

    def __call__(self, run: str) -> str:
        """Fix one run of Chinese characters."""
        if len(run) < 3 or not self.by_sound:
            return run
        sounds = _sounds(run)
        if len(sounds) != len(run):
            return run
        out, i = [], 0
        while i < len(run):
            for size in range(min(6, len(run) - i), 2, -1):
                window = run[i:i + size]
                known = self.by_sound.get(sounds[i:i + size])
                if (known and known != window and window not in self.words
                        and not self._straddles(run, i, size, known)):
                    out.append(known)
                    i += size
                    break
            else:
                out.append(run[i])
                i += 1
        return "".join(out)


    def _straddles(self, run: str, start: int, size: int, known: str) -> bool:
        """Whether a character the fix would change forms a common word with its outside neighbour."""
        end = start + size
        if start > 0 and known[0] != run[start] and self._is_word(run[start - 1:start + 1]):
            return True
        return end < len(run) and known[-1] != run[end - 1] and self._is_word(run[end - 1:end + 1])


class PinyinWords:
    """Domain words typed as pinyin or pinyin initials: qitianwuliyou, qtwly, xiaoer -> the
    words themselves."""

    def __init__(self, words: Iterable[str], more: Iterable[str] = (),
                 rank: Callable[[str], int] | None = None) -> None:
        """`words`: the domain's words, by full pinyin and initials; `more`: other words of the
        base (its question words, the words of its texts), by full pinyin only, the most
        frequent (`rank`) of those sounding alike."""
        by_key: dict[str, set[str]] = defaultdict(set)
        words = set(words)
        for word in words:
            if not _chinese_word(word):
                continue
            syllables = pinyin_of(word)
            by_key["".join(syllables)].add(word)
            if len(word) >= 3:  # two initials are far too ambiguous
                by_key["".join(s[0] for s in syllables)].add(word)
        self.by_key = {k: next(iter(v)) for k, v in by_key.items() if len(v) == 1 and len(k) >= 3}
        alike: dict[str, set[str]] = defaultdict(set)
        for word in set(more) - words:
            if _chinese_word(word):
                alike["".join(pinyin_of(word))].add(word)
        for key, found in alike.items():
            if key in self.by_key or key in by_key or len(key) < 4:
                continue
            ranked = sorted(found, key=lambda w: -(rank(w) if rank else 0))
            if len(ranked) == 1 or (rank and rank(ranked[0]) > rank(ranked[1])):
                self.by_key[key] = ranked[0]

    def __call__(self, token: str) -> str | None:
        return self.by_key.get(token)


CJK_FIRST, CJK_LAST = 0x4E00, 0x9FFF  # the CJK Unified Ideographs block


def _chinese_word(word: str) -> bool:
    return len(word) >= 2 and all(CJK_FIRST <= ord(c) <= CJK_LAST for c in word)
