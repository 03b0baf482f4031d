"""Slots from free text: what a shopper's message says about the complaint form's fields.

`extract(text, today)` reads platform, shop, item, amount (899, ¥899, 八百九十九, 一千二, 899块),
the amount a scam took, order number, dates (11月11号, 双十一, 上周五, 三天前, yesterday, 11/11)
with the field each date is (by the words next to it), what they want, and the story itself.
The words are data (knowledge/data/slots.yaml); numbers go through knowledge.textnorm.basic
(cn2an). A number is never guessed when its shape is ambiguous: a phone (knowledge/phones.py)
is nothing else, a bare number with no money word is no amount, a value read twice
differently is left out. Pure: `today` is the caller's.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from knowledge.datefind import find_dates
from knowledge.phones import find_phones
from knowledge.textnorm import basic, has_cjk, numerals, simplified

PATH = Path(__file__).parent / "data" / "slots.yaml"
NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万|千)?"
CLAUSE_END = re.compile(r"[，。！？；,!?;\n]|\.(?=\s|$)")
WANT_WINDOW = {"zh": 6, "en": 18}  # characters before a demand in which a word of wanting counts
NAME_CHARS = re.compile(r"[^，。！？；：、,!?;:()（）“”\"'「」『』\n]+$")


@dataclass(frozen=True)
class Found:
    slot: str  # a form field, or "date" (`fields` says which)
    value: str  # what the field's reader takes: tmall, 耐克旗舰店, 899, 11月11号, refund_only
    words: str  # the words it was read from
    fields: tuple[str, ...] = ()  # date: the fields it may be, first preferred; demand: values
    day: date | None = None  # a date as read here, for forms whose parser cannot read `value`
    at: time | None = None


# ---- the word lists ---------------------------------------------------------------------------

def _words(lists: dict[str, list[str]]) -> list[str]:
    return [str(w) for lang in ("zh", "hant", "en") for w in lists.get(lang, [])]


def _pattern(words: list[str]) -> re.Pattern[str]:
    """Any of the words, longest first; Latin words only as whole words."""
    parts = []
    for word in sorted({basic(w) for w in words}, key=len, reverse=True):
        escaped = re.escape(word)
        if not has_cjk(word) and re.match(r"\w", word):
            escaped = rf"(?<![a-z0-9]){escaped}(?![a-z0-9])"
        parts.append(escaped)
    return re.compile("|".join(parts))


@dataclass(frozen=True)
class Lexicon:
    raw: dict[str, Any]
    platform: re.Pattern[str]
    platform_of: dict[str, str]
    impersonation: re.Pattern[str]
    price: re.Pattern[str]
    lost: re.Pattern[str]
    other_money: re.Pattern[str]
    signs: re.Pattern[str]
    units: re.Pattern[str]
    not_money: re.Pattern[str]
    order_cue: re.Pattern[str]
    role: re.Pattern[str]
    role_of: dict[str, tuple[str, ...]]
    festival: re.Pattern[str]
    want: re.Pattern[str]
    demand: re.Pattern[str]
    demand_of: dict[str, str]
    self_evident: frozenset[str]
    one_of: dict[str, tuple[str, ...]]


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    platform_of = {basic(w): name for name, lists in raw["platforms"].items() for w in _words(lists)}
    amounts, dates, demands = raw["amounts"], raw["dates"], raw["demands"]
    role_of = {basic(w): tuple(r["fields"]) for r in dates["roles"] for w in _words(r)}
    demand_of = {basic(w): v["value"] for v in demands["values"] for w in _words(v)}
    years = "|".join(re.escape(basic(w)) for w in _words(dates["festival_years"]))
    festival = _pattern(_words(dates["festivals"])).pattern
    return Lexicon(
        raw=raw, platform=_pattern(list(platform_of)), platform_of=platform_of,
        impersonation=_pattern(_words(raw["impersonation"])),
        price=_pattern(_words(amounts["price"])), lost=_pattern(_words(amounts["lost"])),
        other_money=_pattern(_words(amounts["other_money"])),
        signs=_pattern(_words(amounts["signs"])), units=_pattern(_words(amounts["units"])),
        not_money=_pattern(_words(amounts["not_money"])),
        order_cue=_pattern(_words(raw["orders"]["cues"])),
        role=_pattern(list(role_of)), role_of=role_of,
        festival=re.compile(rf"(?:(?:{years})\s*)?(?<![\d.])(?:{festival})(?![\d.])"),
        want=_pattern(_words(demands["want"])), demand=_pattern(list(demand_of)),
        demand_of=demand_of,
        self_evident=frozenset(v["value"] for v in demands["values"] if v.get("self_evident")),
        one_of={v["value"]: tuple(v.get("one_of", [v["value"]])) for v in demands["values"]})


# ---- extraction -------------------------------------------------------------------------------

def extract(text: str, today: date) -> list[Found]:
    """Everything `text` says about the form's fields; a field read two different ways is left out."""
    lex = lexicon()
    plain = simplified(unicodedata.normalize("NFKC", text))
    norm = numerals(plain.lower())  # digit groups stay apart: 2026-11-03 is a date
    taken: list[tuple[int, int]] = []
    found: list[Found] = []
    phones = set(find_phones(text))
    found += _orders(norm, phones, taken)
    found += _amounts(lex, norm, phones, taken)
    found += _dates(lex, norm, today, taken)
    found += _platforms(lex, norm)
    found += _shops(lex, plain)
    found += _items(lex, plain)
    found += _demands(lex, norm)
    found += _story(lex, text)
    return _unambiguous(found)


def _unambiguous(found: list[Found]) -> list[Found]:
    by_key: dict[tuple[str, tuple[str, ...]], list[Found]] = {}
    for f in found:
        by_key.setdefault((f.slot, f.fields if f.slot == "date" else ()), []).append(f)
    kept = []
    for group in by_key.values():
        values = {(f.day, f.value) if f.slot == "date" else f.value for f in group}
        if len(values) == 1:
            kept.append(group[0])
    return sorted(kept, key=lambda f: f.slot)


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(start < b and a < end for a, b in taken)


def _orders(norm: str, phones: set[str], taken: list[tuple[int, int]]) -> list[Found]:
    out = []
    for m in re.finditer(r"(?<![\d.])\d+(?:[ \-]?\d+)*(?![\d.])", norm):
        digits = re.sub(r"\D", "", m.group(0))
        if not 12 <= len(digits) <= 20:
            continue
        taken.append(m.span())  # a long digit run is no amount nor date, order or not
        if digits not in phones:
            out.append(Found("order_no", digits, m.group(0)))
    return out


def _amounts(lex: Lexicon, norm: str, phones: set[str], taken: list[tuple[int, int]]) -> list[Found]:
    out = []
    for m in re.finditer(rf"(?<![\d.]){NUM}(?![\d])", norm):
        start, end = m.span()
        before, after = norm[max(0, start - 16):start], norm[end:end + 8]
        if not _free(taken, start, end) or re.sub(r"\D", "", m.group(0)) in phones:
            continue
        sign = lex.signs.search(before.rstrip()[-4:]) is not None
        unit = lex.units.match(after.lstrip()) is not None
        verb = _ends_with(lex.lost, before) or _ends_with(lex.price, before)
        if not (sign or unit or verb) or (not unit and lex.not_money.match(after.lstrip())):
            continue
        taken.append((start, end))  # money, but maybe not what was paid: never a date either
        if not verb and _ends_with(lex.other_money, before):
            continue
        slot = "amount_lost" if _ends_with(lex.lost, before) else "amount"
        out.append(Found(slot, m.group(0), norm[start:end]))
    return out


def _ends_with(pattern: re.Pattern[str], before: str) -> bool:
    """A cue word right before a number (了, spaces, a money sign between them allowed)."""
    tail = re.sub(r"(?:[了约共大概:：]|about|around|rmb|cny|¥|￥|\s)*$", "", before)
    return any(m.end() == len(end) for end in {tail, before.rstrip()} for m in pattern.finditer(end))


def _dates(lex: Lexicon, norm: str, today: date, taken: list[tuple[int, int]]) -> list[Found]:
    mentions: list[tuple[int, int, date | None, time | None]] = []
    for m in lex.festival.finditer(norm):
        if _free(taken, *m.span()):
            taken.append(m.span())
            mentions.append((m.start(), m.end(), None, None))
    now = datetime.combine(today, time(12))
    for d in find_dates(norm, now):
        if _free(taken, d.start, d.end) and d.day <= today:
            taken.append((d.start, d.end))
            mentions.append((d.start, d.end, d.day, d.at))
    mentions.sort()
    out = []
    for i, (start, end, day, at) in enumerate(mentions):
        left = mentions[i - 1][1] if i else 0
        right = mentions[i + 1][0] if i + 1 < len(mentions) else len(norm)
        fields = _role(lex, norm, start, end, left, right)
        if fields:
            out.append(Found("date", norm[start:end].strip(), norm[start:end].strip(), fields, day, at))
    return out


def _role(lex: Lexicon, norm: str, start: int, end: int, left: int, right: int) -> tuple[str, ...]:
    """The fields a date may be, from the cue words of its clause: after it first in Chinese
    (11月11号买的), before it first in English (bought on Nov 11)."""
    ends = [m.start() for m in CLAUSE_END.finditer(norm, end)]
    right = min([right, *ends[:1]])
    starts = [m.end() for m in CLAUSE_END.finditer(norm, 0, start)]
    left = max([left, *starts[-1:]])
    after = [m for m in lex.role.finditer(norm, end, right)]
    before = [m for m in lex.role.finditer(norm, left, start)]
    zh = has_cjk(norm[left:right])
    ordered = ([*after[:1], *before[-1:]] if zh else [*before[-1:], *after[:1]])
    return lex.role_of[ordered[0].group(0)] if ordered else ()


def _platforms(lex: Lexicon, norm: str) -> list[Found]:
    out = []
    for m in lex.platform.finditer(norm):
        before = norm[max(0, m.start() - 24):m.start()].rstrip()
        if any(x.end() == len(before) for x in lex.impersonation.finditer(before)):
            continue  # the platform a scammer pretended to be
        out.append(Found("platform", lex.platform_of[m.group(0)], m.group(0)))
    return out


# ---- names: shops and items -------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _cutter() -> Any:
    from knowledge.lexicon import Lexicon as Words

    raw = lexicon().raw
    own = [*_words(raw["shops"]["suffixes"]), *(w for p in raw["platforms"].values() for w in _words(p))]
    return Words(w for w in own if has_cjk(w)).tokenizer


def _tokens(text: str) -> list[str]:
    return [t for t in _cutter().cut(text, HMM=False)]


def _shops(lex: Lexicon, plain: str) -> list[Found]:
    shops = lex.raw["shops"]
    suffixes = sorted(_words(shops["suffixes"]), key=len, reverse=True)
    before = set(_words(shops["before_name"])) | set(lex.platform_of) | \
        {w.lower() for w in _words(lex.raw["platforms"]["tmall"]) + _words(lex.raw["platforms"]["taobao"])}
    not_names = {w.lower() for w in _words(shops["not_names"])}
    out = []
    suffix_re = re.compile("|".join(
        re.escape(s) if has_cjk(s) else rf"(?<=\s){re.escape(s)}\b" for s in suffixes), re.I)
    last = 0
    for m in suffix_re.finditer(plain):
        context = NAME_CHARS.search(plain[max(last, m.start() - 24):m.start()])
        last = m.end()
        if context is None:
            continue
        name = _after_boundary(context.group(0), before)
        if name and name.lower() not in not_names and not re.fullmatch(r"[\d\s]*", name) and \
                name.split()[0].lower() not in not_names:
            joiner = " " if not has_cjk(m.group(0)) else ""
            out.append(Found("shop", f"{name}{joiner}{m.group(0)}", f"{name}{joiner}{m.group(0)}"))
    called = "|".join(re.escape(c) for c in sorted(_words(shops["called"]), key=len, reverse=True))
    name_re = rf"(?:{called})\s*[“\"「']?([^，。,.!?！？“”\"「」'的\s]{{2,24}}|[A-Za-z0-9][\w&'.\-]*(?: [A-Za-z0-9&][\w&'.\-]*){{0,4}}?)[”\"」']?"
    # "a shop called X" / 店名叫X (what follows the name ends it), or 叫X的店 (the shop after it)
    for m in re.finditer(rf"(?:店名|店铺名|店铺|\b(?:store|shop))\s*{name_re}"
                         rf"(?=的|[，。,.!?！？]|\s+(?:on|in|at|from|and|but|which|that|who|sold|sells|is|was)\b|$)"
                         rf"|{name_re}(?=的?(?:店|网店|店铺))", plain, re.I):
        name = (m.group(1) or m.group(2)).strip()
        if name.lower() not in not_names and not _pronoun(name):
            out.append(Found("shop", name, name))
    return out


def _pronoun(name: str) -> bool:
    """我自己, me twice, 什么: words about people or a question, never a shop's name."""
    return bool(re.match(r"(?:我|你|他|她|它|什么|啥|me|you|him|her|us|them|it|what)(?:\b|$|[^a-z])", name, re.I))


def _after_boundary(context: str, boundaries: set[str]) -> str:
    """The end of `context` after the last word that cannot be part of a name."""
    if has_cjk(context):
        tokens = _tokens(context)
        for i in range(len(tokens) - 1, -1, -1):
            token = tokens[i].strip()
            if token in boundaries or token.lower() in boundaries or re.fullmatch(r"\d+[\d月号日.]*", token):
                return "".join(tokens[i + 1:]).strip()
        return "".join(tokens).strip()
    words = context.split()
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in boundaries:
            return " ".join(words[i + 1:])
    return " ".join(words[-4:])


_ITEM_VOCAB: dict[int, tuple[Lexicon, tuple[set[str], list[str], set[str], re.Pattern[str]]]] = {}


def _item_vocab(lex: Lexicon) -> tuple[set[str], list[str], set[str], re.Pattern[str]]:
    """The item words of `lex`, normalised and compiled once (per event this cost ~15% of the
    engine's time: hundreds of simplified() calls and a regex compiled for every message)."""
    hit = _ITEM_VOCAB.get(id(lex))
    if hit is None or hit[0] is not lex:
        items = lex.raw["items"]
        stops = {simplified(w.lower()) for w in _words(items["stops"])}
        counters = sorted({simplified(w.lower()) for w in _words(items["counters"])}, key=len,
                          reverse=True)
        not_items = {simplified(w.lower()) for w in _words(items["not_items"])}
        after = sorted({simplified(w) for w in _words(items["after"])}, key=len, reverse=True)
        cue = "|".join(re.escape(a) if has_cjk(a) else rf"\b{re.escape(a)}\s+" for a in after)
        hit = (lex, (stops, counters, not_items,
                     re.compile(rf"(?:{cue})([^，。！？；,!?;\n]+)", re.I)))
        _ITEM_VOCAB[id(lex)] = hit
    return hit[1]


def _items(lex: Lexicon, plain: str) -> list[Found]:
    items = lex.raw["items"]
    stops, counters, not_items, cue_re = _item_vocab(lex)
    out = []
    for m in cue_re.finditer(plain):
        rest = m.group(1)
        name = _zh_item(rest, stops, counters) if has_cjk(rest) else _en_item(rest, stops, counters)
        longest = int(items["longest"])
        if name and name.lower() not in not_items and len(name) <= longest * (1 if has_cjk(name) else 6) \
                and not re.match(r"好?[\d一二两三四五六七八九十几]+\s*(?:天|周|个月|月|年|次|小时)", name):
            out.append(Found("item", name, name))
    return out


def _zh_item(rest: str, stops: set[str], counters: list[str]) -> str:
    """The words after the cue up to the first stop word, spaces inside kept (iPhone 15)."""
    pos, start, end = 0, -1, 0
    for token in _tokens(rest):
        if not token.strip():
            pos += len(token)
            continue
        if start < 0 and _counter(token, counters):
            pos += len(token)
            continue
        if token in stops or not (has_cjk(token) or token.isalnum()):
            break
        start = pos if start < 0 else start
        pos += len(token)
        end = pos
    return rest[start:end].strip() if start >= 0 else ""


def _counter(token: str, counters: list[str]) -> bool:
    """一双, 两箱, 3件, 个: how many, not what."""
    return token in counters or (len(token) > 1 and token[0] in "一二两三四五六七八九十几0123456789"
                                 and token[1:] in counters)


def _en_item(rest: str, stops: set[str], counters: list[str]) -> str:
    text = rest.strip()
    for counter in counters:
        if text.lower().startswith(counter + " "):
            text = text[len(counter) + 1:]
            break
    name = []
    for word in text.split():
        if word.lower().strip(".,") in stops or not re.match(r"[\w-]", word):
            break
        name.append(word.strip(".,"))
    return " ".join(name)


# ---- what they want, and the story -----------------------------------------------------------

def _demands(lex: Lexicon, norm: str) -> list[Found]:
    values = []
    for m in lex.demand.finditer(norm):
        value = lex.demand_of[m.group(0)]
        zh = has_cjk(m.group(0))
        window = norm[max(0, m.start() - WANT_WINDOW["zh" if zh else "en"]):m.start()]
        wanted = [w for w in lex.want.finditer(window)
                  if not re.search(r"(不|没|别|don't|do not|not)\s*$", window[:w.start()])]
        if value in lex.self_evident or wanted:
            values.append(Found("demand", value, m.group(0), lex.one_of[value]))
    distinct = {f.value for f in values}
    return values[:1] if len(distinct) == 1 else []


def _story(lex: Lexicon, text: str) -> list[Found]:
    story = lex.raw["story"]
    told = text.strip()
    cjk = len(re.findall(r"[\u4e00-\u9fff]", told))
    words = len(re.findall(r"[A-Za-z][A-Za-z'’]*", told))
    if cjk >= int(story["min_cjk"]) or (cjk == 0 and words >= int(story["min_words"])):
        return [Found("description", told, told)]
    return []


def check(path: Path = PATH) -> list[str]:
    """`kb check`: the word lists read and every section is there."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in ("platforms", "impersonation", "shops", "items", "amounts", "orders",
                        "dates", "demands", "story"):
            if section not in raw:
                return [f"{path.name}: missing section {section!r}"]
    except Exception as exc:  # yaml or shape: one line for `kb check`
        return [f"{path.name}: {exc}"]
    return [f"{path.name}: {where}: {word!r} is not a word (quote it: yes, no, on, off are booleans)"
            for where, word in _leaves(raw, "") if isinstance(word, bool) and
            not where.endswith("self_evident")]


def _leaves(node: Any, where: str) -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in _leaves(value, f"{where}.{key}")]
    if isinstance(node, list):
        return [leaf for value in node for leaf in _leaves(value, where)]
    return [(where, node)]
