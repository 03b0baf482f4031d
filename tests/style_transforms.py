"""Does an answer survive another way of writing the same question? (dev tool, issue 12)

`python -m tests.style_transforms [TRANSFORM ...]` takes the simplified questions of every spent
set (not the frozen one) that the base answers correctly, rewrites each by a general transform,
and prints how many are still answered correctly, with each one lost (the question as written,
as rewritten, and which entry answered). A loss is a place where the reading, not the knowledge,
fails: the same question written plainly is answered. The transforms:

- `voice0`, `voice1`: one character of up to two domain words replaced by the commonest other
  character of the same toneless syllable (the first or the second character of the word), as
  speech input writes a word it heard right. Crude: the replacement sometimes makes a real word
  (a real mishearing would too), so read the losses, not only the count.
- `nopunct`: punctuation and blanks removed (voice input without pauses).
- `readout`: digits read out (five or more one by one with yao for 1, a year digit by digit,
  other numbers in words).
- `hk`, `tw`: Simplified to Hong Kong or Taiwan Traditional by OpenCC (s2hk, s2twp).
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from knowledge import voice
from knowledge.lexicon import char_pinyin, pinyin_table
from knowledge.loader import load_kb
from tests.blind_eval import SETS, load_set, matches

NOW = datetime(2026, 12, 7, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # relative dates in questions
SPOKEN_DIGITS = "零幺二三四五六七八九"
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")
_MARKS = re.compile(r"[，,。？?！!；;：:、\s~～…]+")


def homophones(kb: object) -> Callable[[str], str | None]:
    """Each character -> the commonest other character of its toneless syllable (jieba's counts)."""
    lexicon = kb.build_index().analyzer.lexicon  # type: ignore[attr-defined]
    by_syllable: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for k, syllable in enumerate(pinyin_table()):
        char = chr(0x4E00 + k)
        if lexicon.frequency(char):
            by_syllable[syllable].append((lexicon.frequency(char), char))
    for chars in by_syllable.values():
        chars.sort(reverse=True)

    def other(char: str) -> str | None:
        return next((c for _, c in by_syllable.get(char_pinyin(char), []) if c != char), None)

    return other


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

    import opencc

    return {"voice0": misheard(0), "voice1": misheard(1), "nopunct": lambda q: _MARKS.sub("", q),
            "readout": readout, "hk": opencc.OpenCC("s2hk").convert, "tw": opencc.OpenCC("s2twp").convert}


def main(argv: list[str]) -> int:
    kb = load_kb()

    def right(question: str, item: dict[str, object]) -> tuple[bool, str | None]:
        found = kb.ask(question, lang="zh", now=NOW)
        if found.answer is None:
            return False, None
        seen = found.answer + "\n" + "；".join(found.sources or [])
        return not matches(item["expect"], seen), found.entry  # type: ignore[arg-type]

    items = [q for name in SETS if name != "frozen" for q in load_set(name)[0]
             if q["style"] == "simplified" and not q.get("out_of_scope")]
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
        print(f"{name}: kept {kept}, lost {lost}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
