"""Voice input's homophones: a domain word heard right and written wrong.

Speech input (and pinyin keyboards) write what was said with characters of the same sound:
"bao xiu" comes out as a wrong pair that sounds like warranty, "tui kuan" as one that sounds like
refund. A stretch of two to four characters that jieba does not know as a word, but that sounds
(toneless pinyin, the initials and finals of knowledge/data/voice.yaml heard alike) like one domain word of the base and differs from it in at most half its
characters, is that word, when jieba cuts the characters it changes as words of their own (a
stretch across a real word, as "this shop" next to a verb, is no typo). The domain words are the
base's own: its terms and their variants (terms.yaml), the glossary's words (glossary.yaml), the
aspects' Chinese cue words (aspects.yaml) and the FAQ keywords. A sound shared by two domain words
decides nothing; a fix that would break a common word formed with a neighbouring character is not
made. A domain word of five characters or more (the Consumer Protection Law's name) heard right is that word with
at most one character in four changed, whatever real short word the typo makes (quanyi as 'expedient', not 'rights'). A number read out and written by sound (a character of a digit's sound among numerals) is
written in numerals. The search keeps its own fixer for longer stretches (knowledge/spelling.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import ConfigDict, PrivateAttr, model_validator

from knowledge.lexicon import Lexicon, pinyin_of
from knowledge.quick_model import QuickModel
from knowledge.textnorm import CJK_RUN_RE, simplified

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

FILE = "voice.yaml"
SIZES = (4, 3, 2)  # longest first: a longer word heard right says more
LONG_SIZES = (8, 7, 6, 5)  # a word this long heard right is that word, whatever words its typo makes
LONG_CHANGED = 4  # ... with at most one character in this many changed
COMMON_WORD_FREQ = 1000  # jieba frequency from which a two-character word is a real word here
PAUSE = "\uff0c"  # the full-width comma
FREE_CHAR_FREQ = 50000  # jieba frequency from which a character is a word of its own (上, 说, 里)


class Sounds(QuickModel):
    """knowledge/data/voice.yaml: the initials and finals heard alike."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    initials: dict[str, str]
    finals: dict[str, str]
    digits: dict[str, str]  # a digit's syllable -> its numeral
    numerals: str
    min_run: int
    pause_after: str = ""  # particles that end a clause: a comma is written after them
    # the initials and finals longest first, sorted once (`key` tries them in this order)
    _initials: tuple[str, ...] = PrivateAttr()
    _finals: tuple[str, ...] = PrivateAttr()
    # each syllable's key, and each character's, once worked out: every message's Chinese is
    # read by sound
    _keys: dict[str, str] = PrivateAttr()
    _char_keys: dict[str, str] = PrivateAttr()

    @model_validator(mode="after")
    def _order(self) -> Sounds:
        self._initials = tuple(sorted(self.initials, key=len, reverse=True))
        self._finals = tuple(sorted(self.finals, key=len, reverse=True))
        self._keys = {}
        self._char_keys = {}
        return self

    def number(self, run: str, syllables: list[str] | None = None) -> str:
        """The run with each stretch of a number read out by sound written in numerals.
        `syllables`: pinyin_of(run) when the caller has it."""
        numerals = self.numerals
        if len(run) < self.min_run or not any(c in numerals for c in run):
            return run  # a stretch is written in numerals only when half of it is numerals
        syllables = pinyin_of(run) if syllables is None else syllables
        out, i = list(run), 0
        while i < len(run):
            end = i
            while end < len(run) and (syllables[end] in self.digits or run[end] in self.numerals):
                end += 1
            stretch = run[i:end]
            if len(stretch) >= self.min_run and 2 * sum(c in self.numerals for c in stretch) >= len(stretch):
                out[i:end] = [c if c in self.numerals else self.digits[syllables[k]]
                              for k, c in enumerate(stretch, start=i)]
            i = max(end, i + 1)
        return "".join(out)

    def key(self, syllable: str) -> str:
        """A syllable as it is heard: confusable initials and finals made one."""
        keys = self._keys
        found = keys.get(syllable)
        if found is None:
            found = keys[syllable] = self._key(syllable)
        return found

    def _key(self, syllable: str) -> str:
        for initial in self._initials:
            if syllable.startswith(initial):
                syllable = self.initials[initial] + syllable[len(initial):]
                break
        for final in self._finals:
            if syllable.endswith(final):
                return syllable[:-len(final)] + self.finals[final]
        return syllable

    def of(self, text: str, syllables: list[str] | None = None) -> tuple[str, ...]:
        """Each character's syllable as heard; `syllables`: pinyin_of(text) when the caller has it."""
        if syllables is not None:
            key = self.key
            return tuple(key(s) for s in syllables)
        keys = self._char_keys
        return tuple(keys.get(c) or self._char_key(c) for c in text)

    def _char_key(self, char: str) -> str:
        found = self._char_keys[char] = self.key(pinyin_of(char)[0])
        return found


class VoiceFixer:
    def __init__(self, words: Iterable[str], lexicon: Lexicon, sounds: Sounds, kept: Iterable[str] = ()) -> None:
        """`words`: the domain's words; `lexicon`: jieba's words and their frequencies (the
        search's, with the base's own words in it); `sounds`: what is heard alike; `kept`: words
        heard right as they are, though jieba does not know them ("this morning", not "as early as possible")."""
        self.lexicon = lexicon
        self.sounds = sounds
        self.kept = frozenset(kept)
        words = set(words)
        self.words = {w for w in words if min(SIZES) <= len(w) <= max(SIZES) and _chinese(w)}
        self.long_words = {w for w in words if min(LONG_SIZES) <= len(w) <= max(LONG_SIZES) and _chinese(w)}
        by_sound: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for word in self.words | self.long_words:
            by_sound[sounds.of(word)].add(word)
        self.by_sound = {sound: next(iter(found)) for sound, found in by_sound.items() if len(found) == 1}
        # the first two sounds of each (every word has two characters or more): most places in
        # a text begin no such pair, and no window starting there is looked up
        self.openings = frozenset(sound[:2] for sound in self.by_sound)

    def __call__(self, text: str) -> str:
        """The text with each misheard domain word written as the word (Simplified text only:
        jieba's frequencies are of Simplified words)."""
        if simplified(text) != text:
            return text
        return CJK_RUN_RE.sub(self._heard, text)

    def _heard(self, m: re.Match[str]) -> str:
        """One run of Chinese characters: numbers read out written in numerals, then misheard
        words written right."""
        return self._paused(self._run(self.sounds.number(m.group(0))))

    def _paused(self, run: str) -> str:
        """The run with a comma after each particle that ends a clause with more after it (voice
        input writes no punctuation; a particle jieba cuts as a word of its own is a pause)."""
        particles = self.sounds.pause_after
        if not particles or not any(c in particles for c in run[:-1]):
            return run
        out, start = [], 0
        for token in self.lexicon.tokenizer.cut(run, HMM=False):
            start += len(token)
            out.append(token)
            if token in particles and start < len(run):
                out.append(PAUSE)
        return "".join(out)

    def _run(self, run: str, syllables: list[str] | None = None) -> str:
        sounds = self.sounds.of(run, syllables)
        if not self._sounds_like_another(run, sounds):
            return run
        run = self._long(run, sounds)
        tokens = self.lexicon.word_spans(run)
        singles = [end - start == 1 for start, end in tokens]

        def misheard(i: int, size: int) -> str | None:
            window, known = run[i:i + size], self.by_sound.get(tuple(sounds[i:i + size]))
            if not known or not self._misheard(run, i, window, known, singles[i:i + size]):
                return None
            if singles[i] and singles[i + size - 1]:
                return known
            # a stretch that ends inside a real word is not one misheard word, unless that word
            # only swallowed the typo's first or last character (礼拜|一举|保: 礼拜一 + 举报)
            return known if self._regrouped(run, i, known, tokens) else None

        return _rewrite(run, SIZES, misheard)

    def _sounds_like_another(self, run: str, sounds: tuple[str, ...]) -> bool:
        """Some window of the run sounds like a domain word it is not written as: the only case
        in which a rewrite below can change anything (a window written as the word it sounds
        like is no typo), so the common case, a run with no such window, skips jieba."""
        by_sound, openings, n = self.by_sound, self.openings, len(run)
        for i in range(n - 1):
            if sounds[i:i + 2] not in openings:
                continue
            for size in SIZES + LONG_SIZES:
                known = by_sound.get(sounds[i:i + size]) if i + size <= n else None
                if known is not None and known != run[i:i + size]:
                    return True
        return False

    def _long(self, run: str, sounds: tuple[str, ...]) -> str:
        """The run with each long domain word heard right written right (the law's name with one sound-alike character): so long
        a sound is that word even when the typo makes a real short word."""
        def heard_right(i: int, size: int) -> str | None:
            window, known = run[i:i + size], self.by_sound.get(tuple(sounds[i:i + size]))
            if known and known in self.long_words and known != window and \
                    sum(a != b for a, b in zip(window, known, strict=True)) <= size // LONG_CHANGED:
                return known
            return None

        return _rewrite(run, LONG_SIZES, heard_right)

    def _regrouped(self, run: str, start: int, known: str, tokens: list[tuple[int, int]]) -> bool:
        """Whether, with the word written right, the characters of a real word it breaks that are
        left outside it still read as words: joined into another word (Monday's last character,
        when the word "in one go" swallowed the first of "report"), or each a common word of its
        own (a locative, a verb of saying), not a bound half of a word (the "style" of "model"); and
        the word it breaks is no common word (a rare one such as "in one go" may be a typo's half)."""
        end = start + len(known)
        left = range(tokens[start][0], start)
        right = range(end, tokens[end - 1][1])
        if (tokens[start][1] - tokens[start][0] > 1 and not left) or \
                (tokens[end - 1][1] - tokens[end - 1][0] > 1 and not right):
            return False  # a real word inside the stretch, at its edge ("shipping" of a typed price)
        broken = {run[slice(*tokens[k])] for k in (start, end - 1)} - {run[start:end]}
        if any(self._common(word) for word in broken if len(word) > 1):
            return False  # a common word broken is said as typed (before + received: no signing)
        fixed = run[:start] + known + run[end:]
        after = self.lexicon.word_spans(fixed)
        if after[start] != (start, end):
            return False  # the word written right is not cut as one word either
        return all(after[k][1] - after[k][0] > 1 or self.lexicon.frequency(fixed[k]) >= FREE_CHAR_FREQ
                   for k in [*left, *right])

    def _misheard(self, run: str, start: int, window: str, known: str, singles: list[bool]) -> bool:
        if window == known or window in self.words or window in self.kept or self.lexicon.frequency(window) > 0:
            return False
        if sum(a != b for a, b in zip(window, known, strict=True)) > len(window) // 2:
            return False  # a misheard word keeps most of its characters; two new ones make another word
        if not all(single for single, a, b in zip(singles, window, known, strict=True) if a != b):
            return False  # a character it would change belongs to a real word
        end = start + len(window)
        # the changed character forms a common word with its neighbour outside: not a typo
        if start > 0 and known[0] != window[0] and self._common(run[start - 1:start + 1]):
            return False
        return not (end < len(run) and known[-1] != window[-1] and self._common(run[end - 1:end + 1]))

    def _common(self, word: str) -> bool:
        return self.lexicon.frequency(word) >= COMMON_WORD_FREQ


def _chinese(word: str) -> bool:
    return CJK_RUN_RE.fullmatch(word) is not None


def domain_words(kb: KnowledgeBase) -> set[str]:
    """The words a misheard stretch may be: the terms, the glossary's words, and the longer
    variants, aspect cues and FAQ keywords (a two-character one of those is too often a common
    word: a misheard pair becomes one only when the term or glossary has it)."""
    words = {t.term for t in kb.terms} | set(kb.glossary.table)
    longer = [v for t in kb.terms for v in t.variants]
    # an aspect cue that holds a term (先找消协) is heard through the term: as a word of its own it
    # would only rewrite the words around the term, typed as meant (想找 is not 先找)
    longer += [c for a in kb.aspects.lexicon.aspects for c in a.cues.zh
               if not any(len(w) >= 2 and w in c and w != c for w in words)]
    longer += [w for e in kb.entries for k in e.keywords for w in re.split(r"[|&]", k)]
    return words | {w for w in longer if len(w) >= 3}


def load_sounds(data: Path) -> Sounds:
    return Sounds.model_validate(yaml.safe_load((data / FILE).read_text(encoding="utf-8")))


def build(kb: KnowledgeBase) -> VoiceFixer:
    return VoiceFixer(domain_words(kb), kb.build_index().analyzer.lexicon, kb.voice_sounds, date_words(kb))


def date_words(kb: KnowledgeBase) -> set[str]:
    """The Chinese names of days a question may use (this morning, last night: date_words.yaml):
    a date, never a misheard domain word."""
    dates = kb.date_words.questions
    return {w for w in [*dates.relative, *dates.ahead, *dates.evening_days] if _chinese(w)}


def _rewrite(run: str, sizes: tuple[int, ...], word_at: Callable[[int, int], str | None]) -> str:
    """The run read from left to right: where `word_at(i, size)` names a word for the window of
    that size at i (the sizes tried longest first), the window is written as that word."""
    out, i = [], 0
    while i < len(run):
        for size in sizes:
            known = word_at(i, size) if i + size <= len(run) else None
            if known:
                out.append(known)
                i += size
                break
        else:
            out.append(run[i])
            i += 1
    return "".join(out)
