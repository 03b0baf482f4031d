"""Complaint texts for every channel of the ladder (FACTS.md §5.1, §8, §13), from a case.

`render_letter(case, channel, lang, kb)` fills templates/<channel>.<lang>.j2 with the facts in
order, the evidence list, the demand and the legal basis (letters_basis.py), and fits the text
within the channel's length limit (templates/meta.yaml) by quoting less of the description and
listing less evidence, step by step (DETAILS), rather than by cutting the letter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from knowledge import damages
from knowledge.base import KnowledgeBase
from knowledge.letters_basis import Basis, build_basis, meta

LANGS = ("zh", "en")
ELLIPSIS = "…"
BEIJING = timezone(timedelta(hours=8))  # FACTS §7.2: +08:00, no DST


class LetterError(ValueError):
    """An unknown channel or language."""


@dataclass(frozen=True)
class Letter:
    text: str
    channel: str
    lang: str
    cited: list[str]
    length: int
    limit: int
    short: bool = False
    level: int = 0  # index in DETAILS of the level of detail that fitted
    clipped: bool = False  # True only if even the plainest level was too long (never expected)


@dataclass(frozen=True)
class Detail:
    desc: int | None  # characters of the description quoted; None: all of it
    evidence: int  # evidence items listed by name
    summaries: bool  # the law's content next to its title
    timeline: bool
    clip: int | None = None  # shorten shop, item and a typed demand to this many characters
    compact: bool = False  # order details and basis on one line each


DETAILS: tuple[Detail, ...] = (
    Detail(None, 30, True, True),
    Detail(600, 15, True, True),
    Detail(300, 10, False, True),
    Detail(150, 6, False, True),
    Detail(80, 3, False, False, clip=40),
    Detail(80, 3, False, False, clip=40, compact=True),
    Detail(30, 0, False, False, clip=24, compact=True),
    Detail(0, 0, False, False, clip=16, compact=True),
)
SHORT_START = 2


def channels(m: dict[str, Any] | None = None) -> list[str]:
    """The channels a letter is written for (`m`: a knowledge base's `letters.meta`)."""
    return list((m or meta())["channels"])


def limits(channel: str, lang: str, short: bool = False, m: dict[str, Any] | None = None) -> int:
    spec = (m or meta())["channels"][channel]
    return int(spec["short" if short else "limit"][lang])


def clip(text: str, n: int | None) -> str:
    text = " ".join(str(text).split()) if n is not None else str(text).strip()
    if n is None or len(text) <= n:
        return text
    return text[: max(n - 1, 0)] + ELLIPSIS


def _label(t: dict[str, Any], lang: str) -> str:
    return str(t[lang])


def day_of(value: object) -> str:
    """The Beijing date of an ISO time (events may be stored in UTC); a bare date as it is."""
    text = str(value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text[:10]
    if moment.tzinfo is not None:
        moment = moment.astimezone(BEIJING)
    return moment.date().isoformat()


def timeline(case: dict[str, Any], lang: str,
             m: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """(date, what happened) in time order, from the case's events and its date fields."""
    m = m or meta()
    seen: dict[tuple[str, str], None] = {}
    for event in case.get("events") or []:
        if event.get("kind") in m["events"] and event.get("at"):
            seen[(day_of(event["at"]), event["kind"])] = None
    fields = case.get("fields") or {}
    for name, kind in m["date_fields"].items():
        if fields.get(name):
            seen[(day_of(fields[name]), kind)] = None
    order = list(m["events"])
    rows = sorted(seen, key=lambda k: (k[0], order.index(k[1])))
    return [(day, _label(m["events"][kind], lang)) for day, kind in rows]


def _amount(value: object) -> str:
    found = damages.parse_price(value) if value else None
    return damages.fmt(found) if found is not None else ""


def recorded_kinds(case: dict[str, Any], m: dict[str, Any] | None = None) -> set[str]:
    """Event kinds the case records: its timeline and the dates of its form."""
    kinds = {str(e.get("kind")) for e in case.get("events") or [] if e.get("kind")}
    fields = case.get("fields") or {}
    return kinds | {kind for name, kind in (m or meta())["date_fields"].items()
                    if fields.get(name)}


def history(case: dict[str, Any], lang: str, m: dict[str, Any] | None = None) -> str:
    """What the shopper already did, as the case records it; "" when nothing is recorded.

    A letter never claims "the platform did not solve it" unless a platform step is recorded.
    """
    spec = (m or meta())["history"]
    kinds = recorded_kinds(case, m)
    if kinds & {"resolved", "closed"}:
        return ""
    steps = [step[lang] for step in spec["steps"] if kinds & set(step["kinds"])]
    if not steps:
        return ""
    joined = steps[0] if len(steps) == 1 else \
        spec["join"][lang].join(steps[:-1]) + spec["last_join"][lang] + steps[-1]
    return str(spec["sentence"][lang]).format(steps=joined)


def evidence_names(evidence: Sequence[dict[str, Any]], lang: str,
                   m: dict[str, Any] | None = None) -> list[str]:
    words = (m or meta())["wording"]
    out: list[str] = []
    for row in evidence:
        name = clip(str(row.get("label") or row.get("caption") or row.get("file_name")
                        or row.get("kind") or row.get("mime") or _label(words["file"], lang)), 60)
        stamp = row.get("captured_at") or row.get("received_at")
        when = day_of(stamp) if stamp else ""
        out.append(_label(words["evidence_item"], lang).format(name=name, when=when) if when
                   else name)
    return out


def demand_text(code: str, lang: str, price: str | None, basis: Basis, n: int | None,
                m: dict[str, Any] | None = None) -> str:
    m = m or meta()
    if code not in m["demands"]:
        return clip(code, n or 300).rstrip("。.!！;；")
    text = _label(m["demands"][code], lang)
    if code == "triple" and basis.award is not None:
        a = basis.award
        return _label(m["wording"]["triple_award"], lang).format(
            price=damages.fmt(a.price), extra=damages.fmt(a.extra), total=damages.fmt(a.total))
    if price and code in m["refund_demands"]:
        text += _label(m["wording"]["refund_price"], lang).format(price=price)
    return text


def _context(case: dict[str, Any], channel: str, lang: str, kb: KnowledgeBase,
             evidence: Sequence[dict[str, Any]], demand: str, basis: Basis,
             d: Detail) -> dict[str, Any]:
    from knowledge.letters_said import said_lines

    m = kb.letters.meta
    fields = case.get("fields") or {}
    slug = case.get("category") or "other"
    category = kb.category(slug) if slug in {c.slug for c in kb.categories} else kb.category("other")
    price = damages.parse_price(fields.get("amount"))
    desc = str(fields.get("description") or "").strip()
    quoted = clip(desc, d.desc) if d.desc is not None else desc
    names = evidence_names(evidence, lang, m)
    platform = fields.get("platform")
    ctx = {
        "lang": lang,
        "category": category.name.get(lang),
        "slug": slug,
        "channel_name": kb.channel(channel).name.get(lang),
        "platform": _label(m["platforms"][platform], lang) if platform in m["platforms"] else "",
        "shop": clip(fields.get("shop") or "", d.clip),
        "order_no": str(fields.get("order_no") or ""),
        "item": clip(fields.get("item") or "", d.clip),
        "amount": damages.fmt(price) if price is not None else "",
        "amount_lost": _amount(fields.get("amount_lost")),
        "timeline": timeline(case, lang, m) if d.timeline else [],
        "history": history(case, lang, m),
        "said": said_lines(case, lang, 1 if d.compact else 5, m),
        "description": quoted if d.desc != 0 else "",
        "desc_cut": bool(desc) and quoted != desc,
        "evidence": names[: d.evidence],
        "evidence_more": max(len(names) - d.evidence, 0),
        "evidence_hint": [e.get(lang) for e in category.evidence_required][:4],
        "demand": demand_text(demand, lang, damages.fmt(price) if price else None, basis, d.clip,
                              m),
        "demand_cap": "",
        "laws": basis.laws,
        "guarantees": basis.guarantees,
        "award_in_demand": demand == "triple" and basis.award is not None,
        "windows": basis.windows if d.timeline else [],
        "summaries": d.summaries,
        "compact": d.compact,
        "report_type": _label(m["report_types"][slug], lang) if slug in m["report_types"]
        else "",
        # other shoppers' complaints about the same shop, counted with their consent: numbers
        "similar": case.get("similar_complaints") or None,
    }
    ctx["demand_cap"] = ctx["demand"][:1].upper() + ctx["demand"][1:]
    if d.compact:  # the strongest few: the article with an amount, then the rest in order
        laws = sorted(basis.laws, key=lambda c: not c.amount)
        ctx["laws"] = laws[: 1 if laws[:1] and laws[0].amount else 2]
        ctx["guarantees"] = basis.guarantees[: 2 - len(ctx["laws"]) + 1]
    return ctx


def _cited(ctx: dict[str, Any]) -> list[str]:
    # A guarantee and its deadline rule may share an id (no_reason_7d): cite it once.
    ids = [c.id for c in (*ctx["laws"], *ctx["guarantees"])] + [w.id for w in ctx["windows"]]
    return list(dict.fromkeys(ids))


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def render_letter(case: dict[str, Any], channel: str, lang: str, kb: KnowledgeBase, *,
                  evidence: Sequence[dict[str, Any]] = (), short: bool = False,
                  demand: str | None = None) -> Letter:
    """The text for `channel` in `lang`, within the channel's limit (short: the tighter one)."""
    m = kb.letters.meta
    if channel not in m["channels"]:
        raise LetterError(f"unknown channel {channel!r}; channels: {', '.join(channels(m))}")
    if lang not in LANGS:
        raise LetterError(f"unknown language {lang!r}; languages: zh, en")
    fields = case.get("fields") or {}
    slug = case.get("category") or "other"
    code = (demand or fields.get("demand") or "").strip() or \
        m["default_demands"].get(slug, "compensation")
    price = damages.parse_price(fields.get("amount"))
    basis = build_basis(kb, case, channel, lang, code, price)
    template = kb.letters.template(f"{channel}.{lang}.j2")
    limit = limits(channel, lang, short, m)
    start = SHORT_START if short else 0
    text = ""
    for level in range(start, len(DETAILS)):
        ctx = _context(case, channel, lang, kb, evidence, code, basis, DETAILS[level])
        text = _tidy(template.render(**ctx))
        if len(text) <= limit:
            return Letter(text, channel, lang, _cited(ctx), len(text), limit, short, level)
    text = clip(text, limit)
    return Letter(text, channel, lang, _cited(ctx), len(text), limit, short, len(DETAILS) - 1,
                  clipped=True)
