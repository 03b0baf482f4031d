"""The language a question is clearly written in, when it is not the conversation's.

A shopper whose conversation is in Chinese may paste or type a question in English, and the
other way round; the answer then comes in the question's language (issue 12). "Clearly" means:
English when there is no Chinese character and at least one common English word (pinyin such
as "shouhou zenme shenqing" stays Chinese); Chinese when there are Chinese characters and no
common English word ("what is" followed by a Chinese term stays English).
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z']+")
# words every English question has some of and pinyin never spells
ENGLISH_WORDS = frozenset(
    "the a an to of is are was were be been i my me you your it in on at for do does did what how "
    "can could would should will and or with this that there from have has had get got why when "
    "where which who not no if any about please they them their we our he she his her its".split()
)


def asked_in(text: str, conversation: str) -> str:
    """"en" or "zh": the question's own language when it is clearly the other one, else `conversation`."""
    words = {w.lower() for w in _WORD.findall(text)}
    english = bool(words & ENGLISH_WORDS)
    cjk = len(_CJK.findall(text))
    if conversation != "en" and english and not cjk:
        return "en"
    if conversation == "en" and cjk >= 2 and not english:
        return "zh"
    return conversation
