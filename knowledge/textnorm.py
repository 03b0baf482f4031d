"""Text normalisation shared by search and classifier: width, case, numbers, domain synonyms."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from knowledge.schema import Term

CJK_RE = re.compile(r"[\u4e00-\u9fff]")
CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")
# digits typed in groups, as in phone numbers: "0571-2828 2058" -> "057128282058"
_DIGIT_GAP_RE = re.compile(r"(?<=\d)[\s\-](?=\d)")
_CN_NUMBERS = {
    "七十二": "72", "四十八": "48", "二十四": "24", "三十": "30", "十五": "15", "十": "10",
    "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7",
    "八": "8", "九": "9",
}
# a Chinese numeral only when a unit follows, so that 假一赔三 stays as it is
_CN_NUMBER_RE = re.compile(
    r"(七十二|四十八|二十四|三十|十五|十|[一二两三四五六七八九])(?=个?(?:工作日|小时|天|日|倍|年|周|星期))"
)
# a few traditional characters shoppers in HK/TW would type in this domain
_TRADITIONAL = str.maketrans(
    "貨買賣簽號碼電話無過還運費實購讓說這麼從於問題壞們個協會報舉審請給錢單寶貝誌"
    "務騙預時間訴據換質後發錯僅條與處記錄聯繫網絡頁戶點幾來歷規則辦",
    "货买卖签号码电话无过还运费实购让说这么从于问题坏们个协会报举审请给钱单宝贝志"
    "务骗预时间诉据换质后发错仅条与处记录联系网络页户点几来历规则办",
)


def has_cjk(text: str) -> bool:
    return CJK_RE.search(text) is not None


def basic(text: str) -> str:
    """Full-width to ASCII, lower case, traditional to simplified, digit groups joined."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_TRADITIONAL)
    text = _DIGIT_GAP_RE.sub("", text)
    return _CN_NUMBER_RE.sub(lambda m: _CN_NUMBERS[m.group(1)], text)


class Rewriter:
    """Rewrites every variant of a domain term to the term, in one left-to-right pass."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.mapping: dict[str, str] = {}
        for term in terms:
            # the output is the term as written, so that 七天无理由 stays one jieba word
            canonical = term.term.lower()
            self.mapping.setdefault(basic(term.term), canonical)
            for variant in term.variants:
                self.mapping.setdefault(basic(variant), canonical)
        parts = []
        for variant in sorted(self.mapping, key=len, reverse=True):
            escaped = re.escape(variant)
            # Latin variants only as whole words, so "store" does not fire inside "restore"
            if not has_cjk(variant):
                escaped = rf"(?<![a-z0-9]){escaped}(?![a-z0-9])"
            parts.append(escaped)
        self._re = re.compile("|".join(parts)) if parts else None

    def __call__(self, text: str) -> str:
        text = basic(text)
        if self._re is None:
            return text
        return self._re.sub(lambda m: self.mapping[m.group(0)], text)

    @property
    def terms(self) -> set[str]:
        return set(self.mapping.values())
