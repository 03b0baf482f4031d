"""Slots in a message written as pieces (platform, brand, price, thing, demand, each a word apart;
a price alone between commas): what a piece standing by itself is, where the words around it say
nothing.

A piece is a run of text between spaces or clause marks. A number that is a piece of its own in
a message that says more is the price; a piece made only of nouns (by jieba's parts of speech)
that is no platform, shop, date, demand, person or word of no particular thing is the thing
bought, when exactly one piece is; a date with no word of which event it is, in a message of
three or more pieces that names a platform, a thing or a price, is the day it was bought. Pure;
the words are knowledge/data/slots.yaml's, read by knowledge/slot_words.py.
"""
# Examples: 天猫 耐克 899 假鞋 要退一赔三; 买了部平板电脑，二千四; 上周五 天猫 电饭煲 599 漏电 (the
# date is when it was bought); 鞋子质量太差了 (the thing before its fault).

from __future__ import annotations

import re
from decimal import Decimal

from knowledge.slot_words import Found, Lexicon, NameWords
from knowledge.textnorm import has_cjk

PIECE_END = r"[\s，。！？；,!?;]"  # (no colon: 20:30 is a time)
SPACED = re.compile(r"\S+")
CUE_WINDOW = 16  # characters before a number in which its cue word is looked for
MODEL_BEFORE = re.compile(r"[A-Za-z0-9][ \t]+$")
CLAUSE = re.compile(r"[\s，。！？；：,!?;:]+")
LEAST_PRICE = 10  # a lone 1 to 9 is a count or a rating more often than a price
# jieba's tags of a word that may name a thing on its own piece: nouns of every kind, Latin
NOUN_TAGS = ("n", "eng")
PURCHASE = frozenset({"platform", "item", "amount"})  # what makes a lone date the purchase's
LEAST_PIECES = 3


def lone_amounts(lex: Lexicon, norm: str, phones: set[str], taken: list[tuple[int, int]],
                 found: list[Found]) -> list[Found]:
    """With no amount said with a money word, a number of 10 or more standing as a piece of its
    own (between spaces or clause marks) in a message that says more than it; not a whole
    number after a name's Latin letters or digits (a model: RTX 4090, a 4K screen)."""
    if any(f.slot in ("amount", "amount_lost") for f in found):
        return []
    lone = re.compile(rf"(?:^|(?<={PIECE_END})){lex.number.pattern}(?=$|{PIECE_END})")
    out = []
    for m in lone.finditer(norm):
        said = m.group(0)
        if any(m.start() < b and a < m.end() for a, b in taken) or said in phones or \
                not norm[:m.start()].strip() and not norm[m.end():].strip():
            continue
        if lex.not_money.match(norm[m.end():].lstrip()) or _named_before(lex, norm[:m.start()]):
            continue  # 48 小时, 退 50, 工号 10086: a count, money that is no price, a number's name
        if MODEL_BEFORE.search(norm, 0, m.start()):
            continue  # iPhone 15, 小米14 3999, 4K: a number after a name's Latin or digits is its model
        plain = said.replace(",", "")
        if plain[-1].isdigit() and Decimal(plain) < LEAST_PRICE:  # 1.2k: a thousand or more
            continue
        out.append(Found("amount", said, said))
    return out


def _named_before(lex: Lexicon, before: str) -> bool:
    """Words right before a number that make it no price: money that is not what was paid (a
    refund, a fee) or the name of a number (a staff number, an order number's last digits)."""
    tail = lex.between.sub("", before[-CUE_WINDOW:])
    return any(m.end() == len(tail) for p in (lex.other_money, lex.fees, lex.identifiers)
               for m in p.finditer(tail))


def pieces(norm: str) -> list[tuple[int, int]]:
    """The spans of a message's space-separated pieces, when it is written so (no clause marks)."""
    if re.search(r"[，。！？；,!?;]", norm):
        return []
    return [m.span() for m in SPACED.finditer(norm)]


def piece_item(lex: Lexicon, own: str, norm: str, taken: list[tuple[int, int]],
               found: list[Found], bought: bool) -> list[Found]:
    """The one piece that names a thing, when no thing was named after a word of buying, in a
    message that says where it was bought or what it cost (`bought`: a purchase, not a story of
    a seller calling at night).
    `own` and `norm` are the same message as typed and as normalised: the same pieces."""
    spans, words = pieces(norm), own.split()
    if not bought or any(f.slot == "item" for f in found) or len(spans) < 2 or len(spans) != len(words):
        return []
    candidates = []
    for (start, end), word in zip(spans, words, strict=True):
        if any(start < b and a < end for a, b in taken) or not has_cjk(word):
            continue
        tags = _noun_tags(lex.names, word)
        if tags and not _said_else(lex, word):
            candidates.append((word, tags))
    if len(candidates) > 1:  # a brand and a thing (耐克 假鞋): the common noun
        candidates = [c for c in candidates if all(t == "n" for t in c[1])]
    return [Found("item", candidates[0][0], candidates[0][0])] if len(candidates) == 1 else []


def subject_item(lex: Lexicon, own: str, found: list[Found]) -> list[Found]:
    """With no thing named otherwise, the nouns the message starts with when a part or a fault
    of a thing follows them (the shoes' quality, the dishwasher leaking): the thing. Only the first
    clause: what a story opens with is what it is about (not a lipstick's paste further on)."""
    if any(f.slot == "item" for f in found):
        return []
    vocab = lex.names
    first = CLAUSE.split(own.strip(), maxsplit=1)[0]
    name = _before_part(vocab, [t for t in vocab.cutter.tokenizer.cut(first, HMM=False) if t.strip()])
    if len(name) > 1 and has_cjk(name) and _noun_tags(vocab, name) and not _said_else(lex, name):
        return [Found("item", name, name)]
    return []


def _before_part(vocab: NameWords, tokens: list[str]) -> str:
    """The words before the clause's first part or fault of a thing ("" with none)."""
    for i, token in enumerate(tokens):
        part = next((p for p in vocab.parts if token.endswith(p)), None)
        if part:
            return "".join([*tokens[:i], token[:-len(part)]])
    return ""


def _noun_tags(vocab: NameWords, word: str) -> list[str]:
    """The parts of speech of a piece made only of nouns; [] when a word of it is no noun."""
    tokens = [t for t in vocab.cutter.tokenizer.cut(word, HMM=False) if t.strip()]
    tags = [vocab.tags(t) for t in tokens]
    if not tags or any(not t.startswith(NOUN_TAGS) for t in tags) or \
            any(t in vocab.stops or t in vocab.not_items for t in tokens):
        return []
    return tags


def _said_else(lex: Lexicon, word: str) -> bool:
    """A piece that is a platform, a shop, a demand, a festival or no particular thing."""
    vocab = lex.names
    lower = word.lower()
    return lower in vocab.not_items or any(p.search(lower) for p in (
        lex.platform, lex.demand, lex.festival, vocab.suffix, lex.order_cue))


def purchase_date(norm: str, found: list[Found], said: str) -> list[Found]:
    """A date said with no event's word, in a message of pieces that names a platform, a thing
    or a price: when it was bought."""
    if len(pieces(norm)) < LEAST_PIECES or not PURCHASE.intersection(f.slot for f in found):
        return found
    return [Found("date", f.value, f.words, ("paid_on",), f.day, f.at) if f.slot == said else f
            for f in found]
