"""A word of the base typed in Traditional reads back as that word (issue 12, Traditional input).

OpenCC's Taiwan phrase table turns some everyday words into computing terms (資料 as 数据, 執行 as
运行, 截圖 as 截屏): a shopper asking about 強制執行 or 通話記錄 in Traditional would then ask about
something the base never says. Every Chinese word the search index knows, written as standard,
Taiwan and Hong Kong Traditional (OpenCC s2t, s2tw, s2hk), must come back as itself through the
normaliser; a word that does not belongs in knowledge/data/dialect.yaml `keep`.
"""

from __future__ import annotations

import opencc

from knowledge.loader import load_kb
from knowledge.textnorm import CJK_RE


def test_every_word_of_the_base_reads_back_from_traditional() -> None:
    kb = load_kb()
    words = sorted(f[2:] for f in kb.build_index().df
                   if f.startswith("w:") and len(f) >= 4 and len(CJK_RE.findall(f[2:])) == len(f) - 2)
    assert len(words) > 1000  # the base's own vocabulary, not an empty list
    converters = [opencc.OpenCC(config).convert for config in ("s2t", "s2tw", "s2hk")]
    # in a Traditional sentence (請問 marks it so: a word alone such as 反覆 holds no character only
    # Traditional text uses, and is left as typed)
    lost = sorted({(word, typed, read) for word in words for convert in converters
                   if (read := kb.normaliser.to_mandarin(f"請問：{(typed := convert(word))}")) != f"请问：{word}"})
    assert not lost, lost
