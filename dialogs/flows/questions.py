"""Questions typed in any state: answered from the knowledge base, and the form goes on.

Also phone numbers someone presented as Tmall/Taobao customer service: on the official list or not.
"""

from __future__ import annotations

import re
from enum import Enum

from dialogs import callbacks, forms, notes, open_hours
from dialogs.actions import Button
from dialogs.context import Ctx, desk_key, rows
from dialogs.states import States as D
from dialogs.texts import shorten
from knowledge.base import KnowledgeBase
from knowledge.computed import computed_answer
from knowledge.number_words import CARDINAL
from knowledge.textnorm import typed, width

NUMERIC_SLOTS = forms.NUMERIC_SLOTS  # answers that are numbers or dates
OFFER_CONFIDENCE = 0.3  # as intake.PLAUSIBLE: a category worth offering
# what a question must tell of the purchase to be worth a complaint's form (an item alone is not)
ORDER_FACTS = frozenset({"platform", "shop", "amount", "order_no", "date"})
LONG_TEXT_SLOTS = frozenset({"description"})
FREE_TEXT_SLOTS = frozenset({"description", "demand"})
MAX_SOURCES = 3


LONGEST_QUESTION = 120  # longer, a text is a story, unless it ends asking what can be computed
LONGEST_FRAGMENT = 40  # "仅退款 11月20 截止", "deadline 72h from nov 3": keywords, no sentence
CLAUSE_MARK = re.compile(r"[,，。;；!！]")  # a fragment has none: a story or a sentence has
DIGIT = re.compile(r"\d")
CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


class Reading(Enum):
    """What a typed text does, for the chat: ask the knowledge base, or tell what happened."""

    NOTHING_ASKED = "nothing_asked"  # no question mark nor word: an answer, or a story
    QUESTION = "question"  # asks for information (how, where, how many, which, may I)
    TOLD_AND_ASKED = "told_and_asked"  # tells what happened, then asks for information
    TOLD = "told"  # a question that asks nothing: rhetorical, or the seller's doing retold


def reading(text: str, kb: KnowledgeBase) -> Reading:
    """A message with a question mark or word is a question unless it tells a story or reproaches
    someone without asking for anything: "what kind of service is this?", "on what grounds do they
    refuse my refund?" and "the shop sold me a fake, isn't that illegal?" start a complaint; "from
    which day do the seven days count?" and "I was sold a fake, how do I report it?" are
    answered (knowledge/data/answer_words.yaml holds the words of each kind)."""
    plain = typed(text)
    if not plain or len(plain) > LONGEST_QUESTION:
        return Reading.NOTHING_ASKED
    words = kb.answer_words
    read = kb.normaliser.to_mandarin(plain.lower())  # 呢間 is "this shop", 點樣 "how"
    if is_fragment(plain):  # keywords: the blanks between them end no clause
        read = CJK_GAP.sub("", read)
    if not (plain.endswith("?") or words.is_question(read) or words.asks(read) or
            keywords_ask(plain, kb)):
        return Reading.NOTHING_ASKED  # "从哪天算", "多长时间" ask without a question word
    told = words.telling(read)
    if told.asks:
        return Reading.TOLD_AND_ASKED if told.story or told.rhetorical else Reading.QUESTION
    return Reading.TOLD if told.story or told.rhetorical or told.reported else Reading.QUESTION


def keywords_ask(plain: str, kb: KnowledgeBase) -> bool:
    """Bare keywords that name what they ask (a complaint's conditions, the hotline's hours, the
    evidence: knowledge/data/aspects.yaml) are a question, not an opening nor a form's answer.
    Keywords with a date or an amount stay what they were (in idle a figure's question,
    may_ask_a_figure; typed into the form, its answer); a hotline's number does not."""
    return is_fragment(plain) and not kb.answer_words.says_a_date_or_sum(plain) and (kb.answer_words.names_the_ask(kb.normaliser.to_mandarin(plain.lower()))
                                   or kb.aspects.asked(plain) is not None)


def looks_like_question(text: str, kb: KnowledgeBase) -> bool:
    return reading(text, kb) in (Reading.QUESTION, Reading.TOLD_AND_ASKED)


def is_fragment(text: str) -> bool:
    """Bare keywords ("refund-only 11/20 deadline", typed in Chinese as often): short, blanks
    between them, no clause marks."""
    plain = typed(text)
    return len(plain) <= LONGEST_FRAGMENT and not CLAUSE_MARK.search(plain) and len(plain.split()) >= 2


def may_ask_a_figure(ctx: Ctx, text: str) -> bool:
    """A text that is a question only if the knowledge base computes its answer (a date, an amount):
    a long one that ends asking ("..., by when must they review it?"); one whose last clause asks
    a date or a sum without a question mark (voice input, "... when does the seller have to reply"),
    unless the form waits for a story or its keywords are the answer; or, with no form under way, a
    bare fragment ("signed 12.1 seven-day return"). Anything else stays a story or an answer."""
    plain = typed(text)
    if len(plain) > LONGEST_QUESTION:
        return plain.endswith("?")
    if not has_number(ctx, plain):
        return False
    s = ctx.snap.session
    answer_awaited = s.state in (D.CHOOSING_CATEGORY, D.CONFIRMING_CATEGORY) or (
        s.state == D.FILLING and (s.slot in FREE_TEXT_SLOTS or is_fragment(plain)))  # keywords answer a form
    if not answer_awaited and ctx.kb.computed.ends_asking(ctx.basic(plain)):
        return True
    return s.state == D.IDLE and len(plain) <= LONGEST_FRAGMENT and not CLAUSE_MARK.search(plain) \
        and not only_told(ctx.kb, plain)  # "转了两千 被骗": what happened, spoken, asks no figure


def only_told(kb: KnowledgeBase, text: str) -> bool:
    """The text tells what happened and asks for nothing."""
    told = kb.answer_words.telling(kb.normaliser.to_mandarin(text.lower()))
    return told.story and not told.asks


def has_number(ctx: Ctx, text: str) -> bool:
    """A date, an amount or a length: digits, Chinese numerals or English number words."""
    return bool(DIGIT.search(ctx.basic(text)) or CARDINAL.search(text.lower()))


def only_the_number(ctx: Ctx, text: str) -> bool:
    """Is this text little more than a phone number ("0571-2828-2058, is that Taobao?")?"""
    s = ctx.snap.session
    if s.state == D.FILLING and s.slot in NUMERIC_SLOTS:
        return False  # a bare number here is the answer
    rest = width(text)
    for number in ctx.kb.find_numbers(rest):
        rest = rest.replace(number, "")
    return len(ctx.kb.answer_words.without_number_talk(rest)) <= 3


def try_answer(ctx: Ctx, text: str) -> bool:
    """Answer a question or a phone-number check, in the question's language; False when the
    text is something else (an answer, a story): then any phone number in it is warned about
    after it is taken."""
    return not state_decides(ctx, text) and gate(ctx, text)


# Digits with the marks of a date, an amount or a time, and nothing else: no question word,
# question mark or keyword is written with these (tests/test_gate_figures.py holds the gate
# to that), so a form waiting for a number or a date takes such a text without asking the gate.
FIGURES_ONLY = re.compile(r"[\d\s.,:/\-\u5e74\u6708\u65e5\u53f7\u5143\u5757\u00a5]+")


def state_decides(ctx: Ctx, text: str) -> bool:
    """The form's question takes the text as it is, whatever the gate would read in it: figures
    only where a number or a date is asked. (Not a button's label typed out where a choice is
    asked: the gate reads "Triple compensation for fakes (...)" as a question today.)"""
    s = ctx.snap.session
    return s.state == D.FILLING and s.slot in NUMERIC_SLOTS and \
        FIGURES_ONLY.fullmatch(ctx.wide(text)) is not None


def gate(ctx: Ctx, text: str) -> bool:
    """`try_answer` for any text in any state."""
    if ctx.phones(text) or looks_like_question(ctx.wide(text), ctx.kb):
        with ctx.answering(text):
            return _try_answer(ctx, text)
    if may_ask_a_figure(ctx, ctx.wide(text)):
        with ctx.answering(text):
            return _try_figure(ctx, text)
    return False  # most texts: an answer or a story, no question and no number to check


def _try_figure(ctx: Ctx, text: str) -> bool:
    """The computed answer of a text that is a question only if it has one."""
    found = computed_answer(ctx.kb, ctx.kb.readable(text), ctx.lang, ctx.now)
    if found is None:
        return False
    show_answer(ctx, found)
    return True


def _try_answer(ctx: Ctx, text: str) -> bool:
    phone = bool(ctx.phones(text))
    if phone and only_the_number(ctx, text):
        hotline(ctx, text)
        return True
    s = ctx.snap.session
    if not looks_like_question(ctx.wide(text), ctx.kb):
        return False
    if reading(ctx.wide(text), ctx.kb) == Reading.TOLD_AND_ASKED and (
            s.state in (D.CHOOSING_CATEGORY, D.CONFIRMING_CATEGORY) or
            (s.state == D.FILLING and s.slot in LONG_TEXT_SLOTS)):
        return False  # asked for the story, a story with a question in it is the story
    found = ctx.kb.ask(text, ctx.lang, now=ctx.now)
    if found.answer is None:
        if s.state == D.FILLING and s.slot in FREE_TEXT_SLOTS and not phone:
            return False  # probably the answer to the question we asked
        if found.gap:  # what the sources do say, and what they don't: as `kb ask` shows it
            partial(ctx, found.gap, found.related)
            if phone and not ctx.kb.check_hotline(text).official:
                hotline(ctx, text)
        elif phone:
            hotline(ctx, text)  # a question about the number the sources cannot answer
        else:
            dont_know(ctx)
        return True
    show_answer(ctx, found)
    verdict_given = (found.computed or {}).get("kind") == "phone"  # the answer is the verdict
    if phone and not verdict_given and not ctx.kb.check_hotline(text).official:
        hotline(ctx, text)
    return True


def offer_complaint(ctx: Ctx, text: str) -> None:
    """A question that also tells a purchase (bought on Tmall on 11 November for 899, fake: can I
    get three times back?) or what happened (the seller called me a cheat in a review: can I
    complain?): after the answer, the offer to open a complaint of its category; the
    words are kept as the story, so the form starts with the facts they give (platform, shop,
    amount, dates)."""
    told = reading(ctx.wide(text), ctx.kb) == Reading.TOLD_AND_ASKED
    if is_fragment(text) and not told:
        return  # keywords asking a figure tell no story to open a complaint with
    guess = ctx.kb.classify(text)
    if not guess.category or guess.category == "other" or guess.confidence < OFFER_CONFIDENCE:
        return
    bought = any(found.slot in ORDER_FACTS for found in ctx.slots_in(text))
    if not bought and not told:
        return
    notes.keep(ctx, text, "story")
    key = "idle.suggest_after_answer" if bought else "idle.suggest_after_story"
    with ctx.answering(text):  # the offer goes with the answer, in its language
        ctx.say(ctx.t(key, name=ctx.category_name(guess.category)), rows([
            Button(ctx.t("btn.start_with"), callbacks.suggest(guess.category)),
            Button(ctx.t("btn.other_category"), callbacks.glob("complain"))]))


def offer_unsure(ctx: Ctx, text: str) -> None:
    """A story or a reproach ("what kind of service is this?") whose category is not clear: the
    offer to open a complaint, the category chosen first; the words are kept as the story."""
    notes.keep(ctx, text, "story")
    ctx.say(ctx.t("idle.suggest_unsure") + "\n" + ctx.t("notes.kept_for_case"),
            rows([Button(ctx.t("btn.start_with"), callbacks.glob("complain"))]))


def warn_after(ctx: Ctx, text: str, first: int) -> None:
    """A phone number inside an answer or a story: the answer was taken as usual; the verdict
    on the number goes before what the form says next (so the next question stays last)."""
    if not ctx.phones(text):
        return
    after = ctx.out[first:]
    del ctx.out[first:]
    with ctx.written_like(text):
        hotline(ctx, text)
    ctx.out += after


def show_answer(ctx: Ctx, found: object) -> None:
    answer = getattr(found, "answer", "") or ""
    sources = list(getattr(found, "sources", []))[:MAX_SOURCES]
    text = answer
    hours = open_hours.notes_for(ctx, getattr(found, "entry", None))
    if hours:  # "is it open now?": from the hours the knowledge base holds and the engine's now
        text += "\n\n" + hours
    if sources:
        text += "\n\n" + ctx.t("kb.sources", sources=ctx.join([readable(ctx, s) for s in sources], long=True))
    related = list(getattr(found, "related", []))[:3]
    buttons = [Button(shorten(title), callbacks.entry(entry_id)) for entry_id, title in related]
    buttons.append(Button(ctx.t("menu.human"), callbacks.glob("human")))
    ctx.say(text, rows(buttons), action="typing")


def show_entry(ctx: Ctx, entry_id: str) -> None:
    try:
        entry = ctx.kb.entry(entry_id)
    except KeyError:
        ctx.say(ctx.t("stale.unknown"))
        return
    if getattr(entry, "gap", False):
        partial(ctx, entry_id, [])
        return
    text = f"{entry.title.get(ctx.lang)}\n\n{entry.answer.get(ctx.lang)}"
    if entry.sources:
        text += "\n\n" + ctx.t("kb.sources", sources=ctx.join(
            [readable(ctx, s) for s in entry.sources[:MAX_SOURCES]], long=True))
    related = []
    for rid in entry.related[:3]:
        try:
            related.append(Button(shorten(ctx.kb.entry(rid).title.get(ctx.lang)), callbacks.entry(rid)))
        except KeyError:
            continue
    ctx.say(text, rows([*related, Button(ctx.t("menu.human"), callbacks.glob("human"))]),
            action="typing")


def dont_know(ctx: Ctx) -> None:
    ctx.say(ctx.t(desk_key(ctx, "kb.dont_know")), rows([Button(ctx.t("menu.human"), callbacks.glob("human"))]))


def partial(ctx: Ctx, gap_id: str, related: list[tuple[str, str]]) -> None:
    """A known gap: what is known and what the sources do not say, with where that is from."""
    try:
        entry = ctx.kb.entry(gap_id)
    except KeyError:
        dont_know(ctx)
        return
    text = ctx.t("kb.partial") + "\n" + entry.answer.get(ctx.lang)
    if entry.sources:
        text += "\n\n" + ctx.t("kb.sources", sources=ctx.join(
            [readable(ctx, s) for s in entry.sources[:MAX_SOURCES]], long=True))
    buttons = [Button(shorten(title), callbacks.entry(rid)) for rid, title in related[:3]]
    buttons.append(Button(ctx.t("menu.human"), callbacks.glob("human")))
    ctx.say(text, rows(buttons))


def hotline(ctx: Ctx, text: str) -> None:
    verdict = ctx.kb.check_hotline(text)
    name = verdict.name.get(ctx.lang) if verdict.name is not None else ""
    key = "hotline.official" if verdict.official else "hotline.not_official"
    written = dict(zip(ctx.phones(text), ctx.kb.find_numbers(text), strict=False))
    number = written.get(verdict.number, verdict.number)  # as the user wrote it
    ctx.say("\n".join([ctx.t(key, number=number, name=name), "",
                       verdict.warning.get(ctx.lang)]),
            rows([Button(ctx.t("menu.human"), callbacks.glob("human"))]))


def readable(ctx: Ctx, source: str) -> str:
    """A seed file's section (`003_….txt §title`) becomes its quoted title (text source.title);
    a law reference stays as it is."""
    if "§" in source:
        return ctx.t("source.title", title=source.split("§", 1)[1].strip())
    return source
