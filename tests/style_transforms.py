"""Does an answer survive another way of writing the same question? (dev tool, issue 12)

`python -m tests.style_transforms [TRANSFORM ...]` takes the simplified questions of every spent
set (not the frozen one) that the base answers correctly, rewrites each by a general transform,
and prints how many are still answered correctly, with each one lost (the question as written,
as rewritten, and which entry answered), and how many out-of-scope questions so rewritten get
an answer (each one should not). A loss is a place where the reading, not the knowledge,
fails: the same question written plainly is answered. The transforms:

- `voice0`, `voice1`: one character of up to two domain words replaced by the commonest other
  character of the same toneless syllable (the first or the second character of the word), as
  speech input writes a word it heard right. Crude: the replacement sometimes makes a real word
  (a real mishearing would too), so read the losses, not only the count.
- `nopunct`: punctuation and blanks removed (voice input without pauses).
- `readout`: digits read out (five or more one by one with yao for 1, a year digit by digit,
  other numbers in words).
- `hk`, `tw`: Simplified to Hong Kong or Taiwan Traditional by OpenCC (s2hk, s2twp).

Careless typing on a phone (seeded by the question's id, so every run writes the same text):

- `typo`: one character of a content word (two in a question of 25 characters or more) replaced
  by another character of the same toneless syllable, drawn from the few commonest ones (a
  pinyin keyboard's first candidates: 退款 as 腿款, 投诉 as 头诉).
- `drop`: one character of a content word left out (the finger missed a key).
- `swap`: two neighbouring characters of a content word typed in the wrong order.
- `filler`: a clause of chatter before the question and one after it (angry, colloquial, or a
  second topic that has nothing to do with the dispute).
- `flip`: the question's clauses with the last one moved first (the question asked, then the story).
- `careless`: `typo` and `filler` together.
"""

from __future__ import annotations

import random
import re
import sys
import zlib
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from knowledge import voice
from knowledge.lexicon import char_pinyin, pinyin_table
from knowledge.loader import load_kb
from tests.blind_eval import SETS, load_set, matches

NOW = datetime(2026, 12, 7, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # relative dates in questions
SPOKEN_DIGITS = "零幺二三四五六七八九"
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")
_MARKS = re.compile(r"[，,。？?！!；;：:、\s~～…]+")
FRAGMENT_WORDS = 4  # words of the domain a fragment keeps besides its asking words and figures
FRAGMENT_MIN = 2  # ... made up to this many with the rarest other content words
_ASKING_CHARS = ("几", "多少", "哪", "啥", "什么", "吗")
_FIGURE = re.compile(r"(?:[上下]午|晚上|早上|中午)?\d[\d.:：/-]*(?:[年月日号点分时块元天小]+(?:时)?\d*[\d.:：]*)*(?:[号日点分元块天]|小时)?")
# jieba's tags of words a keyword query leaves out: pronoun, particle, preposition, conjunction,
# adverb, modal particle, interjection, onomatopoeia, punctuation
_FUNCTION_TAGS = ("r", "u", "p", "c", "d", "y", "e", "o", "x")


def _says_complaint(kb: object, word: str) -> bool:
    """Whether one word alone is read as a complaint by the classifier's cues (违禁品, 骗)."""
    found = kb.classify_cues(word)  # type: ignore[attr-defined]
    return found is not None and found.confidence >= 0.5


def _by_syllable(kb: object) -> dict[str, list[tuple[int, str]]]:
    """Toneless syllable -> (jieba count, character) of each character jieba knows, commonest first."""
    lexicon = kb.build_index().analyzer.lexicon  # type: ignore[attr-defined]
    by_syllable: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for k, syllable in enumerate(pinyin_table()):
        char = chr(0x4E00 + k)
        if lexicon.frequency(char):
            by_syllable[syllable].append((lexicon.frequency(char), char))
    for chars in by_syllable.values():
        chars.sort(reverse=True)
    return by_syllable


def homophones(kb: object) -> Callable[[str], str | None]:
    """Each character -> the commonest other character of its toneless syllable (jieba's counts)."""
    by_syllable = _by_syllable(kb)

    def other(char: str) -> str | None:
        return next((c for _, c in by_syllable.get(char_pinyin(char), []) if c != char), None)

    return other


# chatter around a question: nothing in it is about a dispute (tests/data/careless_fillers.yaml)
FILLERS = Path(__file__).resolve().parent / "data" / "careless_fillers.yaml"
COMMON_WORD = 50000  # jieba frequency from which a word is a function word, not content
CANDIDATES = 5  # a pinyin keyboard's first candidates for a syllable: the typo is one of them
LONG_QUESTION = 25  # characters from which a question gets two typos


def _seeded(name: str, question: str) -> random.Random:
    return random.Random(zlib.crc32(f"{name}:{question}".encode()))


def careless(kb: object) -> dict[str, Callable[[str], str]]:
    """The careless phone typist's transforms (module docstring), each seeded by the question."""
    lexicon = kb.build_index().analyzer.lexicon  # type: ignore[attr-defined]
    by_syllable = _by_syllable(kb)
    fillers = yaml.safe_load(FILLERS.read_text(encoding="utf-8"))

    def content(question: str) -> list[tuple[int, str]]:
        """(start, word) of each word of two to four Chinese characters that is no function word."""
        out, start = [], 0
        for token in lexicon.tokenizer.cut(question, HMM=False):
            if _CJK_WORD.fullmatch(token) and lexicon.frequency(token) < COMMON_WORD:
                out.append((start, token))
            start += len(token)
        return out

    def typo(question: str) -> str:
        rng = _seeded("typo", question)
        words = content(question)
        for start, word in rng.sample(words, min(len(words), 2 if len(question) >= LONG_QUESTION else 1)):
            k = rng.randrange(len(word))
            others = [c for _, c in by_syllable.get(char_pinyin(word[k]), [])[:CANDIDATES + 1] if c != word[k]]
            if others:
                at = start + k
                question = question[:at] + rng.choice(others) + question[at + 1:]
        return question

    def drop(question: str) -> str:
        rng = _seeded("drop", question)
        words = content(question)
        if not words:
            return question
        start, word = rng.choice(words)
        at = start + rng.randrange(len(word))
        return question[:at] + question[at + 1:]

    def swap(question: str) -> str:
        rng = _seeded("swap", question)
        words = content(question)
        if not words:
            return question
        start, word = rng.choice(words)
        at = start + rng.randrange(len(word) - 1)
        return question[:at] + question[at + 1] + question[at] + question[at + 2:]

    def filler(question: str) -> str:
        rng = _seeded("filler", question)
        return f"{rng.choice(fillers['before'])}，{question.rstrip('？?。！!')}，{rng.choice(fillers['after'])}"

    def flip(question: str) -> str:
        parts = [p for p in re.split(r"[，,。；;！!]", question) if p.strip()]
        if len(parts) < 2:
            return question
        return "，".join([parts[-1].rstrip("？?"), *parts[:-1]]) + "？"

    return {"typo": typo, "drop": drop, "swap": swap, "filler": filler, "flip": flip,
            "careless": lambda q: filler(typo(q))}


def transforms(kb: object) -> dict[str, Callable[[str], str]]:
    other = homophones(kb)
    words = sorted((w for w in voice.domain_words(kb) if _CJK_WORD.fullmatch(w)), key=len, reverse=True)  # type: ignore[arg-type]
    found = re.compile("|".join(map(re.escape, words)))

    def misheard(position: int) -> Callable[[str], str]:
        def rewrite(question: str) -> str:
            done = [0]

            def one(m: re.Match[str]) -> str:
                word = m.group(0)
                k = position % len(word)
                sound = other(word[k])
                if done[0] >= 2 or sound is None:
                    return word
                done[0] += 1
                return word[:k] + sound + word[k + 1:]

            return found.sub(one, question)
        return rewrite

    def readout(question: str) -> str:
        import cn2an

        def spoken(m: re.Match[str]) -> str:
            digits = m.group(0)
            if len(digits) >= 5:
                return "".join(SPOKEN_DIGITS[int(d)] for d in digits)
            if len(digits) == 4 and digits.startswith("20"):
                return "".join("零一二三四五六七八九"[int(d)] for d in digits)
            return str(cn2an.an2cn(digits, "low"))

        # a phone number typed in groups is read as one run of digits
        return re.sub(r"\d+", spoken, re.sub(r"(?<=\d)-(?=\d{3,})", "", question))

    def fragment(question: str) -> str:
        index = kb.build_index()  # type: ignore[attr-defined]
        norm = kb.normaliser.basic  # type: ignore[attr-defined]
        asking = {norm(c) for a in kb.aspects.lexicon.aspects for c in a.cues.zh} | set(index.question_words)  # type: ignore[attr-defined]
        stop = kb.search_words.stop_words  # type: ignore[attr-defined]
        text = _MARKS.sub(" ", question)
        # a figure, a date or a time stays as written (80块, 2026年11月12号, 晚上8点)
        spans = [(m.start(), m.end()) for m in _FIGURE.finditer(text)]
        words: list[str] = []
        last = 0
        for start, end in [*spans, (len(text), len(text))]:
            words += [w for w in index.analyzer.lexicon.tokenizer.cut(text[last:start], HMM=False) if w.strip()]
            if end > start:
                words.append(text[start:end])
            last = end
        anchors = kb.off_topic  # type: ignore[attr-defined]
        cues = [c for c in asking if len(c) >= 2]
        asks = {i for i, w in enumerate(words) if norm(w) in asking or any(c in w for c in _ASKING_CHARS)
                or any(c in norm(w) for c in cues)}
        figures = {i for i, w in enumerate(words) if _FIGURE.fullmatch(w)}
        named = [i for i, w in enumerate(words) if i not in asks | figures and (
            anchors.chinese(norm(w)) or _says_complaint(kb, w))]
        content = [i for i, w in enumerate(words) if i not in asks | figures and w not in stop
                   and not kb.parts_of_speech(w).startswith(_FUNCTION_TAGS)]  # type: ignore[attr-defined]
        keep = set(named[-FRAGMENT_WORDS:])  # the topic is named nearest the question
        rarest = sorted((i for i in content if i not in keep), key=lambda i: (index.analyzer.lexicon.frequency(words[i]), i))
        keep |= set(rarest[:max(0, FRAGMENT_MIN - len(keep))])
        return " ".join(words[i] for i in sorted(asks | figures | keep))

    import opencc

    return {"voice0": misheard(0), "voice1": misheard(1), "nopunct": lambda q: _MARKS.sub("", q),
            "readout": readout, "hk": opencc.OpenCC("s2hk").convert, "tw": opencc.OpenCC("s2twp").convert,
            "fragment": fragment, **careless(kb)}


def main(argv: list[str]) -> int:
    kb = load_kb()

    def right(question: str, item: dict[str, object]) -> tuple[bool, str | None]:
        found = kb.ask(question, lang="zh", now=NOW)
        if found.answer is None:
            return False, None
        seen = found.answer + "\n" + "；".join(found.sources or [])
        return not matches(item["expect"], seen), found.entry  # type: ignore[arg-type]

    every = [q for name in SETS if name != "frozen" for q in load_set(name)[0] if q["style"] == "simplified"]
    items = [q for q in every if not q.get("out_of_scope")]
    outside = [q for q in every if q.get("out_of_scope")]
    plain = {q["id"]: right(q["q"], q) for q in items}
    answered = [q for q in items if plain[q["id"]][0]]
    print(f"plain: {len(answered)}/{len(items)} answered correctly")
    table = transforms(kb)
    for name in argv or list(table):
        kept = lost = 0
        for q in answered:
            written = table[name](q["q"])
            if written == q["q"]:
                continue
            ok, entry = right(written, q)
            kept += ok
            lost += not ok
            if not ok:
                print(f"  [{name}] {q['id']} {q['q']}\n      as {written}\n      got {entry}, plainly {plain[q['id']][1]}")
        # out of scope, however written: answered is wrong
        wrong = [q for q in outside if kb.ask(table[name](q["q"]), lang="zh", now=NOW).answer is not None]
        for q in wrong:
            print(f"  [{name}] out of scope {q['id']} answered: {table[name](q['q'])}")
        print(f"{name}: kept {kept}, lost {lost}; out of scope answered {len(wrong)}/{len(outside)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
