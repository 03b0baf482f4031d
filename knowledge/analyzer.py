"""Turns a text into weighted search features: jieba words, CJK bigrams, pinyin bigrams, English stems.

Pinyin bigrams make homophone typos from phone keyboards (a wrong character of the same sound)
still match;
CJK bigrams make up for jieba cutting a typo'd phrase differently from the indexed one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from knowledge.lexicon import Lexicon, pinyin_of
from knowledge.textnorm import CJK_RUN_RE, Rewriter, has_cjk

WORD, BIGRAM, PINYIN, ENGLISH, NUMBER = "w", "b", "p", "e", "n"
# numbers (12315, 9510211, 72) are identifiers: they decide between otherwise alike questions
WEIGHTS = {WORD: 1.0, BIGRAM: 0.25, PINYIN: 0.2, ENGLISH: 1.0, NUMBER: 2.5}
# words that ask but say nothing about the topic; a question must match more than these
QUESTION_WORDS = frozenset(
    "谁 哪 哪里 哪儿 哪个 什么 多少 几 几个 为什么 怎么样 是不是 有没有 能不能 可不可以 行不行 "
    "who what where when why which how".split()
)

ZH_STOP = frozenset(
    "的 了 吗 呢 吧 啊 呀 么 嘛 哦 哈 额 我 你 他 她 它 我们 你们 是 在 有 和 就 都 也 还 要 会 能 "
    "可以 可 怎么 怎样 如何 什么 啥 咋 这个 那个 一个 这 那 请问 请 问 一下 下 想 给 被 把 让 对 到 "
    "个 得 地 着 过 又 再 很 太 好 吧 啦 呗 了吗 么样 该 应该 如果 但是 但 然后 就是 这种 那种 "
    "一直 已经 现在 刚刚 刚 怎么办 办 用 去 说 看 知道 需要 吗? 呢? 那么 这么 我的 自己 问下 "
    "咋办 咋整 咋弄 怎么弄 怎么整 啥 时候 的话".split()
)
EN_STOP = frozenset(
    "the a an to of is are was were be been i my me mine you your it its in on at for do does did "
    "what how can could would should will and or with this that there from by have has had get got "
    "as if so any some about into just please they them their we us our he she his her which who "
    "when where why am also".split()
)
_EN_WORD_RE = re.compile(r"[a-z][a-z0-9]*|\d+")
_DIGITS_RE = re.compile(r"\d+")


def stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            base = word[: -len(suffix)]
            # stopped, shipping -> stop, ship (a doubled final consonant is spelling, not the word)
            if suffix in ("ing", "ed") and len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "aeiouls":
                base = base[:-1]
            return base
    return word


class Analyzer:
    def __init__(self, rewriter: Rewriter, words: Iterable[str]) -> None:
        self.rewrite = rewriter
        self.lexicon = Lexicon(word.lower() for word in sorted(set(words) | rewriter.terms)
                               if has_cjk(word) and " " not in word)

    def prepare(self, text: str, fix: Callable[[str], str] | None = None,
                rewrite: Callable[[str], str] | None = None) -> str:
        """Normalised text with domain variants rewritten (and homophone typos fixed, for questions);
        `rewrite` in place of the analyzer's own rewriter."""
        rewrite = rewrite or self.rewrite
        text = rewrite(text)
        if fix is not None:
            # only what the fixer changed is rewritten again: rewriting the whole text twice would
            # chain variants (举报店铺 -> 举报商家 -> 投诉) and lose what the shopper typed
            def fixed(match: re.Match[str]) -> str:
                run = match.group(0)
                repaired = fix(run)
                return run if repaired == run else rewrite(repaired)

            text = CJK_RUN_RE.sub(fixed, text)
        return text

    def features(self, text: str, fix: Callable[[str], str] | None = None) -> Counter[str]:
        return self.features_of(self.prepare(text, fix))

    def features_of(self, text: str) -> Counter[str]:
        """Features of an already prepared text."""
        out: Counter[str] = Counter()
        for token in self.lexicon.tokenizer.cut_for_search(text, HMM=False):
            token = token.strip()
            if not token or token in ZH_STOP or token in EN_STOP:
                continue
            if has_cjk(token):
                out[f"{WORD}:{token}"] += 1
            elif _EN_WORD_RE.fullmatch(token) and not _DIGITS_RE.fullmatch(token):
                out[f"{ENGLISH}:{stem(token)}"] += 1
        # numbers come from the text itself: jieba hides 12315 inside 全国12315平台
        out.update(f"{NUMBER}:{number}" for number in _DIGITS_RE.findall(text))
        for run in CJK_RUN_RE.findall(text):
            out.update(f"{BIGRAM}:{run[i:i + 2]}" for i in range(len(run) - 1))
            syllables = pinyin_of(run)
            out.update(f"{PINYIN}:{a}_{b}" for a, b in zip(syllables, syllables[1:], strict=False))
        return out
