"""A shop as the tally of collective complaints knows it: a matching key, a name to show, and the
platform's own shop or seller id when the shopper gave a link that carries one.

The key is only for matching: NFKC, Simplified, lower case, no spaces or punctuation, without
the platform's name and the generic ends of shop names (flagship store, official, store …, the
words of knowledge/data/slots.yaml). The name shown keeps what the shopper wrote, except runs of digits
and addresses that could be a phone number, an order number or an e-mail: those are masked
before a name is ever kept, so a shop's name carries nothing of the person who typed it.
Names that are alike but not the same are offered to the shopper to confirm, never merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from knowledge.slot_words import read, words
from knowledge.textnorm import simplified, width

SIMILAR = 0.6  # SequenceMatcher ratio from which two different keys are offered as "the same?"
MAX_NAME = 60
_LINK_IDS = (  # the platform's ids that a pasted shop link carries, most specific first
    (re.compile(r"shop(\d{5,})\.(?:taobao|tmall)\.com", re.I), "shop"),
    (re.compile(r"[?&](?:shop_?id)=(\d{5,})", re.I), "shop"),
    (re.compile(r"[?&](?:seller_?id|user_number_id)=(\d{5,})", re.I), "seller"),
    (re.compile(r"(?<![\w.])([a-z0-9][a-z0-9-]{1,40})\.tmall\.(?:com|hk)", re.I), "tmall"),
)
_URL = re.compile(r"(?:https?://)?[\w.-]+\.(?:com|cn|hk|net)(?:/[^\s，。]*)?", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGITS = re.compile(r"\d[\d\s-]{4,}\d")  # six or more digits, however grouped
_NOT_KEY = re.compile(r"[\W_]+")
_NOT_IDS = frozenset({"www", "detail", "list", "login", "m", "h5", "shop"})


@dataclass(frozen=True)
class ShopName:
    shown: str  # what the shopper wrote, masked; the URL alone when only a link was given
    key: str  # for matching only
    platform_id: str | None  # "shop:123456", "seller:987", "tmall:brandname"


def mask(text: str) -> str:
    """Digit runs of six or more (phones, orders, ids) and e-mail addresses made into ＊."""
    text = _EMAIL.sub("＊＊＊", text)
    return _DIGITS.sub(lambda m: "＊" * len(re.sub(r"\D", "", m.group(0))), text)


def platform_id(text: str) -> str | None:
    for pattern, kind in _LINK_IDS:
        found = pattern.search(text)
        if found and found.group(1).lower() not in _NOT_IDS:
            return f"{kind}:{found.group(1).lower()}"
    return None


@cache
def _generic() -> tuple[re.Pattern[str], re.Pattern[str]]:
    raw = read()  # slots.yaml of the package: a shop's key is the same whatever base is loaded
    generic = {_plain(w) for w in words(raw["shops"]["generic"])}
    ends = sorted({_plain(w) for w in words(raw["shops"]["suffixes"])} | generic,
                  key=len, reverse=True)
    platforms = sorted({_plain(w) for p in raw["platforms"].values() for w in words(p)},
                       key=len, reverse=True)
    end = "|".join(re.escape(w) for w in ends if w)
    start = "|".join(re.escape(w) for w in [*platforms, *sorted(generic)] if w)
    return re.compile(rf"(?:{end})+$"), re.compile(rf"^(?:{start})+")


def _plain(text: str) -> str:
    text = simplified(width(text)).lower()
    return _NOT_KEY.sub("", text)


def key_of(name: str) -> str:
    """The matching key: "Apple official flagship store", the same in Traditional characters and
    "Tmall APPLE" are all "apple"."""
    plain = _plain(_URL.sub(" ", name))
    end, start = _generic()
    bare = start.sub("", end.sub("", plain))
    return (bare or plain)[:MAX_NAME]


def identify(text: str) -> ShopName | None:
    """The shop a shopper named (a name, a link, or both); None when nothing is left to match."""
    found = platform_id(text)
    shown = " ".join(mask(_URL.sub(" ", _EMAIL.sub("＊＊＊", text))).split())[:MAX_NAME]
    key = key_of(shown) if _plain(shown) else ""
    if not key:  # only a link: its id stands for the name and is the key
        return ShopName(shown=found, key=found, platform_id=found) if found else None
    return ShopName(shown=shown, key=key, platform_id=found)


def grams(key: str) -> set[str]:
    """Pairs of neighbouring characters (the whole key when shorter): the index finds names that
    share some with a new one, and only those are compared."""
    return {key[i:i + 2] for i in range(len(key) - 1)} or {key}


def alike(a: str, b: str) -> float:
    """How alike two keys are, 0..1: the containing name counts as alike ("apple" / "apple
    digital")."""
    if not a or not b:
        return 0.0
    if len(min(a, b, key=len)) >= 2 and (a in b or b in a):
        return max(SIMILAR, SequenceMatcher(None, a, b).ratio())
    return SequenceMatcher(None, a, b).ratio()


def mask_order(order_no: str) -> str:
    """An order number with all but its last four characters hidden."""
    value = "".join(order_no.split())
    return "＊" * max(len(value) - 4, 4) + value[-4:] if len(value) > 4 else "＊＊＊＊"
