"""An aspect asked of a thing whose aspect the base does not know: no answer (FACTS §17).

Most gaps of FACTS §17 are one aspect of one thing: when a refund reaches the account it went back
to (days), what the buyer's return-postage insurance pays (amount), 9510211's hours, the consumer association's number. A
shopper asks them in any words and any style, often beside a complaint's own words ("the fake
was refunded, how many days until it is back on my credit card"), and the aspect then picks the
complaint's entry for that aspect (the 15-day window) although the thing asked about is another.

So a gap entry names its thing (`subject` in gaps.yaml: words, not sentences; "A|B>C|D" for A or
B shortly before C or D, a refund going back TO an account, not paid with it) beside the aspects
it does not know (`aspect`). A question that asks one of those aspects (read by
knowledge/aspect.py, in every style) and names one of those words gets that gap instead of its
answer, unless the chosen answer's own questions and text use the word: then the thing is what
that entry is about (the insurer's 72 hours name the seller's Alipay account).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from knowledge.textnorm import has_cjk

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase
    from knowledge.schema import Entry

WITHIN = 8  # Chinese characters between the two parts of an ordered subject word (back to my Huabei)
WITHIN_LATIN = 20  # ... characters when the second part is English ("how many days until my parcel arrives")
CLAUSE_END = "，,。.!！?？;；"


def _about(kb: KnowledgeBase, entry_id: str | None) -> str:
    """What an entry is about, as gap markers read text: its questions, title and keywords (its
    answer may name a thing in passing: the return-postage answer says the insurance's payout is unknown)."""
    if entry_id is None:
        return ""
    entry = kb.entry(entry_id)
    text = " ".join([*entry.questions, *entry.questions_en, entry.title.zh, entry.title.en or "", *entry.keywords])
    return kb.build_index().own_rewrite(kb.normaliser.basic(text.lower()))


def _pattern(word: str) -> re.Pattern[str]:
    """A subject word as a pattern: "A|B>C|D" is A or B followed within WITHIN characters by C or D
    (the account a refund goes back to: back to my Huabei; not Huabei paid with); English
    words whole."""
    def one_of(words: str) -> str:
        return "(?:" + "|".join(re.escape(w) if has_cjk(w) else rf"(?<![a-z]){re.escape(w)}(?![a-z])"
                                for w in words.split("|")) + ")"

    first, *then = word.split(">")
    pattern = one_of(first)
    for part in then:  # within the clause: Chinese by characters, English words are longer
        pattern += rf"[^{CLAUSE_END}]{{0,{WITHIN if has_cjk(part) else WITHIN_LATIN}}}" + one_of(part)
    return re.compile(pattern)


def subject_named(kb: KnowledgeBase, gap: Entry, text: str, about: str) -> bool:
    """Whether TEXT (as gap markers read it) names a subject word of the gap that ABOUT does not."""
    from knowledge.search import _names

    rewrite = kb.build_index().own_rewrite
    for word in gap.subject:
        form = rewrite(kb.normaliser.basic(word.lower()))
        if not form:
            continue
        if ">" in form:  # the thing is the last part's (the account): the entry may name it alone
            if _pattern(form).search(text) and not _pattern(form.rsplit(">", 1)[1]).search(about):
                return True
        elif _names(form, text) and not _names(form, about):
            return True
    return False


def unknown_aspect(kb: KnowledgeBase, question: str, asked: str | None, entry_id: str | None) -> str | None:
    """The gap whose aspect the question asks about a thing it names, unknown to the chosen entry."""
    if asked is None:
        return None
    gaps = [e for e in kb.entries if e.gap and e.subject and asked in e.aspect]
    if not gaps:
        return None
    text = kb.build_index().marker_text(question)
    about = _about(kb, entry_id)
    return next((gap.id for gap in gaps if subject_named(kb, gap, text, about)), None)


def checked(kb: KnowledgeBase, question: str, found: Answer) -> Answer:
    """The answer, or no answer when it answers an aspect of a thing the base does not know."""
    if found.answer is None or found.computed is not None:
        return found
    from knowledge.aspect import pinyin_read

    asked = found.aspect or kb.aspects.asked(question, pinyin_read(kb.build_index(), question))
    gap = unknown_aspect(kb, question, asked, found.entry)
    if gap is None:
        return found
    return replace(found, answer=None, entry=None, sources=[], related=[], gap=gap, aspect=asked)


def check(entries: list[Entry]) -> list[str]:
    """`kb check`: a subject belongs to a gap entry that names the aspects it does not know."""
    return [f"{e.id}.subject: only a gap entry with an aspect may name a subject"
            for e in entries if e.subject and not (e.gap and e.aspect)]
