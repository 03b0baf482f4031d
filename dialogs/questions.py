"""Questions typed in any state: answered from the knowledge base, and the form goes on.

Also phone numbers someone presented as Tmall/Taobao customer service: on the official list or not.
"""

from __future__ import annotations

import re
import unicodedata

from dialogs import callbacks, forms
from dialogs.actions import Button
from dialogs.context import Ctx, rows
from dialogs.states import DialogState as D
from dialogs.texts import shorten

QUESTION_WORDS = ("怎么", "如何", "多久", "几天", "几点", "哪里", "哪儿", "在哪", "什么", "为什么",
                  "能不能", "可不可以", "是否", "咋", "啥", "多少", "谁", "吗", "呢", "么")
QUESTION_EN = re.compile(r"^(how|what|when|where|why|can|could|is|are|do|does|should|who|which)\b",
                         re.I)
PHONE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?(?:0\d{2,3}[\s-]?)?\d{3,4}[\s-]?\d{3,4}(?!\d)"
                   r"|(?<!\d)\d{3,6}(?!\d)")  # short service numbers: 110, 12315
PHONE_WORDS = ("客服", "电话", "号码", "打来", "来电", "致电", "call", "phone", "number")
# Slots whose answers are numbers or dates: a number typed there is the answer, not a phone.
NUMERIC_SLOTS = frozenset({"order_no", "amount"}) | {n for n, s in forms.SLOTS.items()
                                                     if s.kind == "date"}
LONG_TEXT_SLOTS = frozenset({"description"})
FREE_TEXT_SLOTS = frozenset({"description", "demand"})
MAX_SOURCES = 3


def looks_like_question(text: str) -> bool:
    plain = unicodedata.normalize("NFKC", text).strip()
    if not plain or len(plain) > 120:
        return False
    if plain.endswith("?"):
        return True
    return any(w in plain for w in QUESTION_WORDS) or bool(QUESTION_EN.match(plain))


def phone_in(ctx: Ctx, text: str) -> str | None:
    s = ctx.snap.session
    if s.state == D.FILLING and s.slot in NUMERIC_SLOTS:
        return None
    plain = unicodedata.normalize("NFKC", text).strip()
    match = PHONE.search(plain)
    if match is None:
        return None
    digits = re.sub(r"\D", "", match.group(0))
    bare = plain.replace(match.group(0), "").strip(" ，,。.?？!！:：")
    mentions_phone = any(w in plain.lower() for w in PHONE_WORDS)
    if len(digits) < 3 or (bare and not mentions_phone):
        return None
    official = {re.sub(r"\D", "", p.number) for p in getattr(ctx.kb, "phones", [])}
    if len(digits) <= 6 and digits not in official and not mentions_phone:
        return None  # a bare short number is more likely an amount than a phone
    return match.group(0)


def try_answer(ctx: Ctx, text: str) -> bool:
    """Answer a question or a phone-number check; False when the text is something else."""
    number = phone_in(ctx, text)
    if number is not None:
        hotline(ctx, number)
        return True
    s = ctx.snap.session
    if not looks_like_question(text):
        return False
    if s.state == D.FILLING and s.slot in LONG_TEXT_SLOTS and len(text.strip()) > 40:
        return False  # a long story with a question mark in it is the story
    found = ctx.kb.ask(text, ctx.lang)
    if found.answer is None:
        if s.state == D.FILLING and s.slot in FREE_TEXT_SLOTS:
            return False  # probably the answer to the question we asked
        dont_know(ctx)
        return True
    show_answer(ctx, found)
    return True


def show_answer(ctx: Ctx, found: object) -> None:
    answer = getattr(found, "answer", "") or ""
    sources = list(getattr(found, "sources", []))[:MAX_SOURCES]
    text = answer
    if sources:
        text += "\n\n" + ctx.t("kb.sources", sources=ctx.join([readable(s) for s in sources], long=True))
    related = list(getattr(found, "related", []))[:3]
    buttons = [Button(shorten(title), callbacks.entry(entry_id)) for entry_id, title in related]
    buttons.append(Button(ctx.t("menu.human"), callbacks.glob("human")))
    ctx.say(text, rows(buttons))


def show_entry(ctx: Ctx, entry_id: str) -> None:
    try:
        entry = ctx.kb.entry(entry_id)
    except KeyError:
        ctx.say(ctx.t("stale.unknown"))
        return
    if getattr(entry, "gap", False):
        dont_know(ctx)
        return
    text = f"{entry.title.get(ctx.lang)}\n\n{entry.answer.get(ctx.lang)}"
    if entry.sources:
        text += "\n\n" + ctx.t("kb.sources", sources=ctx.join(
            [readable(s) for s in entry.sources[:MAX_SOURCES]], long=True))
    related = []
    for rid in entry.related[:3]:
        try:
            related.append(Button(shorten(ctx.kb.entry(rid).title.get(ctx.lang)), callbacks.entry(rid)))
        except KeyError:
            continue
    ctx.say(text, rows([*related, Button(ctx.t("menu.human"), callbacks.glob("human"))]))


def dont_know(ctx: Ctx) -> None:
    ctx.say(ctx.t("kb.dont_know"), rows([Button(ctx.t("menu.human"), callbacks.glob("human"))]))


def hotline(ctx: Ctx, number: str) -> None:
    verdict = ctx.kb.check_hotline(number)
    name = verdict.name.get(ctx.lang) if verdict.name is not None else ""
    key = "hotline.official" if verdict.official else "hotline.not_official"
    ctx.say("\n".join([ctx.t(key, number=verdict.number, name=name), "",
                       verdict.warning.get(ctx.lang)]),
            rows([Button(ctx.t("menu.human"), callbacks.glob("human"))]))


def readable(source: str) -> str:
    """`003_….txt §标题` becomes 「标题」; a law reference stays as it is."""
    if "§" in source:
        return "「" + source.split("§", 1)[1].strip() + "」"
    return source
