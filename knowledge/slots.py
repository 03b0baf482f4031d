"""Slots from free text: what a shopper's message says about the complaint form's fields.

`extract(text, today, kb)` reads platform, shop, item, amount (899, ¥899, numbers written out in
Chinese, "899 kuai"), the amount a scam took, order number, dates (11 November, Double 11, last
Friday, three days ago, yesterday, 11/11)
with the field each date is (by the words next to it), what they want, and the story itself.
The words are data (knowledge/data/slots.yaml); numbers go through knowledge.textnorm.basic
(cn2an). A number is never guessed when its shape is ambiguous: a phone (knowledge/phones.py)
is nothing else, a number with no money word is no amount unless it stands alone as a piece
of a longer message or right before the verb of buying, a value read twice differently is left
out. A message of pieces: knowledge/slot_fragments.py; what they want:
knowledge/slot_demands.py. Pure: `today` is the caller's.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from knowledge.datefind import HALF_MONTH, find_dates, months_back
from knowledge.number_words import english_digits
from knowledge.phones import find_phones
from knowledge.slot_demands import demands
from knowledge.slot_fragments import lone_amounts, piece_item, purchase_date, subject_item
from knowledge.slot_names import items, shops
from knowledge.slot_words import Found, Lexicon, check
from knowledge.textnorm import has_cjk, simplified, width

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.typed_words import QuestionDates

__all__ = ["SAID_DATE", "SAID_DEMAND", "Found", "check", "extract"]
# a date whose words do not say which of the form's dates it is ("两周前", "11月11号"): no field
# of its own, but the answer to whichever date the form has just asked
SAID_DATE = "date_said"
# what they want named without a word of wanting ("tuikuan please"): the answer to the question
# what they want, never read from a story (商家拒绝退款 tells, it does not ask)
SAID_DEMAND = "demand_said"
CLAUSE_END = re.compile(r"[，。！？；,!?;\n]|\.(?=\s|$)")
DIGIT_RUN = re.compile(r"(?<![\d.])\d+(?:[ \-]?\d+)*(?![\d.])")  # digits, perhaps in groups
NOT_DIGIT = re.compile(r"\D")
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
FEE_WINDOW = 20  # characters after an amount in which a fee's name makes it no price
AGO = re.compile(r"\b[a-z]+\s+(?:days?|weeks?|months?)\s+ago\b")  # three days ago: a count of days
LEAST_BOUGHT = 10  # 1299买的: a price; 3买的 is no price anyone writes


# ---- extraction -------------------------------------------------------------------------------

def extract(text: str, today: date, kb: KnowledgeBase,
            phones: Iterable[str] | None = None, wanted: Collection[str] | None = None,
            wide: str | None = None) -> list[Found]:
    """Everything `text` says about the form's fields; a field read two different ways is left out.
    `phones`: find_phones(text, kb.phone_words) when the caller has it already. `wanted`: only
    the Found.slot names the caller can use (None: all); the answer is then exactly the full
    one without the other slots, since a slot's finder reads only the text and what order
    numbers and amounts took before dates. `wide`: width(text) when the caller has it."""
    lex = kb.slot_lexicon
    wide = width(text) if wide is None else wide
    heard = kb.voice(wide) if has_cjk(wide) else wide  # voice input's homophones written right
    # written Cantonese as Mandarin (琴日 is 昨天, 八百蚊 is 八百元), Traditional as Simplified;
    # a thing bought keeps the shopper's own word for it (波鞋, not 球鞋)
    plain, own = kb.normaliser.to_mandarin(heard), simplified(heard)
    # digit groups stay apart (2026-11-03 is a date); English numbers in words become digits
    norm = english_digits(kb.normaliser.numerals(plain.lower()), keep_small=True)
    norm = AGO.sub(lambda m: english_digits(m.group(0)), norm)
    taken: list[tuple[int, int]] = []
    found: list[Found] = []
    phones = set(find_phones(text, kb.phone_words) if phones is None else phones)

    every, wanted = wanted is None, wanted or ()
    # a date is never read where an order number or amount was
    dated = every or bool({"date", SAID_DATE, "amount", "item"}.intersection(wanted))
    if dated or every or "order_no" in wanted:
        found += _orders(norm, phones, taken)
    if dated or every or "amount" in wanted or "amount_lost" in wanted:
        found += _amounts(lex, norm, phones, taken)
    if dated:
        found += _dates(lex, norm, today, taken, kb.date_words.questions)
    if every or "platform" in wanted:
        found += _platforms(lex, norm)
    if every or "shop" in wanted:
        found += shops(lex, plain)
    if every or {"item", "amount"}.intersection(wanted):  # each is read with the other
        named = items(lex, own)
        beside = _beside_item(lex, own, [*found, *named])
        lone = lone_amounts(lex, norm, phones, taken, [*found, *beside])
        bought = lex.platform.search(norm) is not None or \
            any(f.slot == "amount" for f in [*found, *beside, *lone])
        named += piece_item(lex, own, norm, taken, [*found, *named], bought)
        named += subject_item(lex, own, named)
        found += [*named, *beside, *lone]
    if every or "demand" in wanted:
        found += demands(lex, norm, SAID_DEMAND)
    if every or "description" in wanted:
        found += _story(lex, text)
    found = purchase_date(norm, found, SAID_DATE)
    if not every:
        found = [f for f in found if f.slot in wanted]
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
    for m in DIGIT_RUN.finditer(norm):
        digits = NOT_DIGIT.sub("", m.group(0))
        if not 12 <= len(digits) <= 20:
            continue
        taken.append(m.span())  # a long digit run is no amount nor date, order or not
        if digits not in phones:
            out.append(Found("order_no", digits, m.group(0)))
    return out


def _amounts(lex: Lexicon, norm: str, phones: set[str], taken: list[tuple[int, int]]) -> list[Found]:
    out = []
    for m in lex.number.finditer(norm):
        start, end = m.span()
        before, after = norm[max(0, start - 16):start], norm[end:end + 8]
        if not _free(taken, start, end) or NOT_DIGIT.sub("", m.group(0)) in phones:
            continue
        sign = lex.signs.search(before.rstrip()[-4:]) is not None
        unit = lex.units.match(after.lstrip()) is not None
        verb = _ends_with(lex, lex.lost, before) or _ends_with(lex, lex.price, before)
        if not (sign or unit or verb or _before_buying(lex, norm, m)) or (not unit and lex.not_money.match(after.lstrip())):
            continue
        taken.append((start, end))  # money, but maybe not what was paid: never a date either
        fee = lex.fees.search(CLAUSE_END.split(norm[end:end + FEE_WINDOW])[0])
        if not verb and (_ends_with(lex, lex.other_money, before) or fee):
            continue
        slot = "amount_lost" if _ends_with(lex, lex.lost, before) else "amount"
        tenths = lex.jiao.match(norm, end) if unit else None
        value = norm[start:tenths.end()].strip() if tenths else m.group(0)
        out.append(Found(slot, value, value))
    return out


def _before_buying(lex: Lexicon, norm: str, m: re.Match[str]) -> bool:
    """A whole number of 10 or more right before the verb of buying (1299 bought), not joined to
    a Latin name (a model: iPhone 15) nor a festival's (Double 11)."""
    said = m.group(0)
    if not said.isdigit() or int(said) < LEAST_BOUGHT or lex.price_after.match(norm, m.end()) is None:
        return False
    if LATIN_WORD.match(norm[m.start() - 1:m.start()]):
        return False
    return not any(f.start() <= m.start() < f.end() for f in lex.festival.finditer(norm))


def _beside_item(lex: Lexicon, plain: str, found: list[Found]) -> list[Found]:
    """With no amount said with a money word, the number written right after the thing bought
    (the one thing named) is its price."""
    if any(f.slot in ("amount", "amount_lost") for f in found):
        return []
    named = {f.value for f in found if f.slot == "item"}
    if len(named) != 1:
        return []
    item = named.pop()
    if not has_cjk(item[-1]):
        return []  # digits after a Latin name may be its model (RTX 4090)
    at = plain.find(item)
    m = lex.beside_item.match(plain, at + len(item)) if at >= 0 else None
    if m is None or lex.not_money.match(plain[m.end():].lstrip()) or \
            lex.units.match(plain[m.end():].lstrip()):
        return []
    said = (m.group(1) or m.group(2)).strip()
    return [Found("amount", said, said)]


def _ends_with(lex: Lexicon, pattern: re.Pattern[str], before: str) -> bool:
    """A cue word right before a number (a particle, spaces, a money sign between them allowed)."""
    tail, uncounted = lex.between.sub("", before), lex.counted.sub("", before).rstrip()
    return any(m.end() == len(end) for end in {tail, before.rstrip(), uncounted}
               for m in pattern.finditer(end))


def _dates(lex: Lexicon, norm: str, today: date, taken: list[tuple[int, int]],
           words: QuestionDates) -> list[Found]:
    mentions: list[tuple[int, int, date | None, time | None]] = []
    for m in lex.festival.finditer(norm):
        if _free(taken, *m.span()):
            taken.append(m.span())
            mentions.append((m.start(), m.end(), None, None))
    now = datetime.combine(today, time(12))
    for d in find_dates(norm, now, words):
        if _free(taken, d.start, d.end) and d.day <= today:
            taken.append((d.start, d.end))
            mentions.append((d.start, d.end, d.day, d.at))
    out = _since(lex, norm, today, taken, words)
    mentions.sort()
    for i, (start, end, day, at) in enumerate(mentions):
        left = mentions[i - 1][1] if i else 0
        right = mentions[i + 1][0] if i + 1 < len(mentions) else len(norm)
        fields = _role(lex, norm, start, end, left, right)
        if fields is None:
            continue  # the return parcel's date: none of the form's
        said = norm[start:end].strip()
        out.append(Found("date" if fields else SAID_DATE, said, said, fields, day, at))
    return out


def _since(lex: Lexicon, norm: str, today: date, taken: list[tuple[int, int]],
           words: QuestionDates) -> list[Found]:
    """"Refund requested three days ago, now": the day that long ago, as the date of the event
    written right before it."""
    out = []
    dates, gap = lex.raw["dates"], int(lex.raw["dates"]["since_gap"])
    for m in lex.since.finditer(norm):
        clause = max([0, *(c.end() for c in CLAUSE_END.finditer(norm, 0, m.start()))])
        events = [e for e in lex.role.finditer(norm, clause, m.start()) if m.start() - e.end() <= gap
                  and norm[e.start() - 1:e.start()] not in lex.not_done]
        if not events or not _free(taken, *m.span()):
            continue
        ends = CLAUSE_END.search(norm, m.end())
        if _the_returns(lex, norm, (clause, ends.start() if ends else len(norm)), m.start(), events[-1]):
            taken.append(m.span())  # 商家都签收三天了: the seller signed for the return
            continue
        said = m.group(1)
        count = int(said) if said.isdigit() else words.counts.get(said)
        months = m.group(2) in dates["since_months"]
        if said in words.half_month and months:
            day = today - timedelta(days=HALF_MONTH)
        elif count is None:
            continue
        elif months:
            day = months_back(today, count, today.day)
        else:
            day = today - timedelta(days=count * int(dates["since_days"][m.group(2)]))
        taken.append(m.span())
        out.append(Found("date", m.group(0), m.group(0), lex.role_of[events[-1].group(0)], day))
    return out


def _role(lex: Lexicon, norm: str, start: int, end: int, left: int, right: int) -> tuple[str, ...] | None:
    """The fields a date may be, from the cue words of its clause: after it first in Chinese
    ("11 Nov bought"), before it first in English (bought on Nov 11); None when the clause
    makes it the return parcel's date (the seller signed for it, it was sent back)."""
    ends = [m.start() for m in CLAUSE_END.finditer(norm, end)]
    right = min([right, *ends[:1]])
    starts = [m.end() for m in CLAUSE_END.finditer(norm, 0, start)]
    left = max([left, *starts[-1:]])
    after = [m for m in lex.role.finditer(norm, end, right)]
    before = [m for m in lex.role.finditer(norm, left, start)]
    zh = has_cjk(norm[left:right])
    ordered = ([*after[:1], *before[-1:]] if zh else [*before[-1:], *after[:1]])
    if not ordered:
        return None if lex.going_back.search(norm, left, right) else ()
    if _the_returns(lex, norm, (left, right), start, ordered[0]):
        return None
    return lex.role_of[ordered[0].group(0)]


def _the_returns(lex: Lexicon, norm: str, clause: tuple[int, int], at: int, event: re.Match[str]) -> bool:
    """Is EVENT (a shipment or a receipt, in CLAUSE, of the date at AT) the return parcel's?
    Words of a parcel going back anywhere in the clause but the event's own, or the seller
    written before the receipt as the one who signed, unless they only say so."""
    fields = lex.role_of[event.group(0)]
    if not lex.parcel_fields.intersection(fields):
        return False
    left, right = clause
    if any(not (event.start() <= m.start() < event.end())
           for m in lex.going_back.finditer(norm, left, max(right, event.end()))):
        return True
    subject = min(at, event.start())
    if "received_on" not in fields:  # a shipment: the seller's of the order, unless sent back
        return lex.returning.search(norm, left, subject) is not None
    sellers = list(lex.receivers.finditer(norm, left, subject))
    return bool(sellers) and lex.told_by.search(norm, sellers[-1].end(), event.start()) is None


def _platforms(lex: Lexicon, norm: str) -> list[Found]:
    out = []
    for m in lex.platform.finditer(norm):
        before = norm[max(0, m.start() - 24):m.start()].rstrip()
        if any(x.end() == len(before) for x in lex.impersonation.finditer(before)):
            continue  # the platform a scammer pretended to be
        staff = lex.staff.match(norm[m.end():].lstrip().removeprefix(lex.names.joiner))
        if staff and any(x.end() == len(before) for x in lex.impersonation_weak.finditer(before)):
            continue  # a fake Taobao agent
        out.append(Found("platform", lex.platform_of[m.group(0)], m.group(0)))
    return out


# ---- the story -------------------------------------------------------------------------------

def _story(lex: Lexicon, text: str) -> list[Found]:
    story = lex.raw["story"]
    told = text.strip()
    # a figure written out tells no story (三百九十九块钱): runs of numerals are not counted
    cjk = len(CJK_CHAR.findall(lex.numeral_runs.sub("", told)))
    words = len(LATIN_WORD.findall(told))
    if cjk >= int(story["min_cjk"]) or (cjk == 0 and words >= int(story["min_words"])):
        return [Found("description", told, told)]
    return []
