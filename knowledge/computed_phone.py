"""A phone number anywhere in a question: on the official list or not (FACTS §9), also in `kb ask`.

"A guy said he is Tmall kefu from 4008-123-456, is that official?", or the number inside any other
question: a number that is not on the official list (9510211, 12315; 110 is the police) gets the
verdict first, whatever else the question asks, because a shopper about to call it is at risk
(FACTS §9.2 point 6). An official number, or the police's, leaves the question to the search (its
hours, how to call it). A number read out in numerals (yao ba ba …) counts as one written in digits.
The verdict is knowledge/hotline.py's; its texts are data (knowledge/data/hotline_notes.yaml). Pure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.hotline import check_hotline

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase
    from knowledge.schema import Phone, Text

ENTRY = "official_numbers"  # the FAQ entry on which numbers are official
SCAM_ENTRY = "scam_number_0571"  # ... and on the known scam number


def _listed(kb: KnowledgeBase, question: str, phone: Phone, warning: Text, lang: str) -> Answer | None:
    """An official number the question doubts (is it real, official, a scam?): on the list, and
    what it is; any other question about it (its hours, how to call) is left to the search."""
    from knowledge.base import Answer

    doubt = kb.phone_words.doubt
    if doubt is None or not doubt.search(kb.normaliser.basic(question)):
        return None
    pick = (lambda t: t.en) if lang == "en" else (lambda t: t.zh)
    lead = pick(kb.hotline_notes["listed"]).format(number=phone.number, name=pick(phone.name))
    entry = phone.entry if phone.entry in {e.id for e in kb.entries} else ENTRY
    return Answer(answer=f"{lead}\n{pick(warning)}", entry=entry, score=1.0, sources=list(phone.sources),
                  related=[("fraud_how", kb.entry("fraud_how").title.get(lang))], aspect="number",
                  computed={"kind": "phone", "number": phone.number, "official": True, "known": phone.kind})


def phone_answer(kb: KnowledgeBase, question: str, lang: str) -> Answer | None:
    """The verdict on a number not on the official list in the question, or None."""
    from knowledge.base import Answer

    if not kb.find_phones(question):
        # a number read out (幺八八…, 零五七幺…) is one once the numerals are digits
        question = kb.normaliser.basic(question)
        if not kb.find_phones(question):
            return None
    verdict = check_hotline(question, kb.phones, kb.hotline_notes, kb.phone_words)
    phone = next((p for p in kb.phones if p.number.replace("-", "") == verdict.number), None)
    lang = "en" if lang == "en" else "zh"
    if verdict.official and phone is not None:
        return _listed(kb, question, phone, verdict.warning, lang)
    if phone is not None and phone.kind == "police":
        return None
    written = dict(zip(kb.find_phones(question), kb.find_numbers(question), strict=False))
    number = written.get(verdict.number, verdict.number)  # as the shopper wrote it
    lead = kb.hotline_notes["not_listed"].en if lang == "en" else kb.hotline_notes["not_listed"].zh
    warning = verdict.warning.en if lang == "en" else verdict.warning.zh
    entry = SCAM_ENTRY if phone is not None else ENTRY
    sources = list(phone.sources) if phone is not None else []
    official = [s for p in kb.phones if p.official and p.kind != "police" for s in p.sources]  # FACTS §9.1
    sources += [s for s in [*kb.entry(ENTRY).sources, *official] if s not in sources]
    return Answer(answer=f"{lead.format(number=number)}\n{warning}", entry=entry, score=1.0,
                  sources=sources, related=[(e, kb.entry(e).title.get(lang)) for e in (ENTRY, "fraud_how")
                                            if e != entry],
                  aspect="number", computed={"kind": "phone", "number": verdict.number, "official": False,
                                             "known": phone.kind if phone is not None else None})
