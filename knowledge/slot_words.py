"""The word lists of knowledge/data/slots.yaml, compiled once per knowledge base
(`kb.slot_lexicon`): what knowledge/slots.py and knowledge/slot_names.py look for in a
shopper's message."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

import yaml

from knowledge.lexicon import Lexicon as Words
from knowledge.lexicon import PartsOfSpeech
from knowledge.textnorm import Normaliser, has_cjk, simplified, whole_word

PATH = Path(__file__).parent / "data" / "slots.yaml"


@dataclass(frozen=True)
class Found:
    slot: str  # a form field, or "date" (`fields` says which)
    value: str  # what the field's reader takes: tmall, 耐克旗舰店, 899, 11月11号, refund_only
    words: str  # the words it was read from
    fields: tuple[str, ...] = ()  # date: the fields it may be, first preferred; demand: values
    day: date | None = None  # a date as read here, for forms whose parser cannot read `value`
    at: time | None = None



def words(lists: dict[str, list[str]]) -> list[str]:
    return [str(w) for lang in ("zh", "hant", "en") for w in lists.get(lang, [])]


def pattern(words: list[str], basic: Callable[[str], str]) -> re.Pattern[str]:
    """Any of the words (normalised by `basic`), longest first; Latin words only as whole words."""
    parts = []
    for word in sorted({basic(w) for w in words}, key=len, reverse=True):
        latin = not has_cjk(word) and re.match(r"\w", word)
        parts.append(whole_word(word) if latin else re.escape(word))
    return re.compile("|".join(parts))


@dataclass(frozen=True)
class Lexicon:
    raw: dict[str, Any]
    platform: re.Pattern[str]
    platform_of: dict[str, str]
    impersonation: re.Pattern[str]
    impersonation_weak: re.Pattern[str]  # only with the platform's people after the platform
    staff: re.Pattern[str]
    price: re.Pattern[str]
    price_after: re.Pattern[str]  # what was paid, said before the verb of buying (1299买的)
    lost: re.Pattern[str]
    other_money: re.Pattern[str]
    fees: re.Pattern[str]
    signs: re.Pattern[str]
    units: re.Pattern[str]
    not_money: re.Pattern[str]
    identifiers: re.Pattern[str]  # before a number: it names something (工号 10086)
    order_cue: re.Pattern[str]
    role: re.Pattern[str]
    role_of: dict[str, tuple[str, ...]]
    festival: re.Pattern[str]
    since: re.Pattern[str]  # how long since the event before it (三天了)
    want: re.Pattern[str]
    demand: re.Pattern[str]
    demand_of: dict[str, str]
    self_evident: frozenset[str]
    one_of: dict[str, tuple[str, ...]]
    names: NameWords
    number: re.Pattern[str]  # a number written as an amount
    jiao: re.Pattern[str]  # tenths after the yuan
    beside_item: re.Pattern[str]  # a price right after the thing's name
    between: re.Pattern[str]  # what may stand between a cue word and the number
    counted: re.Pattern[str]  # a count between a cue word and the number (一共四罐 1080)
    not_wanted: re.Pattern[str]  # a word of wanting after it is not wanted
    refused: re.Pattern[str]  # before a demand: one refused, not one wanted (商家拒绝退款)
    of_me: re.Pattern[str]  # between a word of wanting and the demand: wanted of the shopper
    not_done: frozenset[str]  # right before an event's word: it has not happened
    parcel_fields: frozenset[str]  # a shipment's or a receipt's date: the order's or the return's
    going_back: re.Pattern[str]  # the parcel sent back (退回, sent back)
    returning: re.Pattern[str]  # before a shipment: the return's (我退货…寄出的)
    receivers: re.Pattern[str]  # the seller as the one who signed
    told_by: re.Pattern[str]  # after the seller: only what they say (卖家说…签收了)

    @functools.cached_property
    def numeral_runs(self) -> re.Pattern[str]:
        """Two or more Chinese numerals in a row: a figure written out (399 in words), which tells
        no story (knowledge/slots.py _story)."""
        numerals = "".join(sorted(c for c in self.names.number_chars if has_cjk(c)))
        return re.compile(f"[{numerals}]{{2,}}")


@dataclass(frozen=True)
class NameWords:
    """Shops' and items' words, normalised and compiled once."""

    suffix: re.Pattern[str]
    boundaries: frozenset[str]
    not_names: frozenset[str]
    called: str  # alternatives of a regex
    stops: frozenset[str]
    counters: tuple[str, ...]
    measures: frozenset[str]  # English: "<measure> of" before a thing (two boxes of)
    number_chars: frozenset[str]  # the characters of a number, in digits or Chinese numerals
    joiner: str  # what may join two nouns of a thing's name (Nike's shoes)
    tags: PartsOfSpeech  # jieba's part of speech of a word
    not_items: frozenset[str]
    item_cue: re.Pattern[str]
    item_before: tuple[re.Pattern[str], ...]
    pointers: frozenset[str]  # between the cue and the name: 那个
    copulas: frozenset[str]  # between the cue and a counter before the name: 是
    qualities: tuple[str, ...]  # a name ending so is a quality (黑色), no thing
    counted_verbs: frozenset[str]  # verbs that take the thing after a bare counter (收到部…)
    bare_counters: frozenset[str]  # those counters
    parts: tuple[str, ...]  # a thing's parts and qualities: its name ends before them
    measures_zh: frozenset[str]  # a number's unit (元, 天, 码): after a number, no thing  # the thing named before its cue (the mirror I ordered)
    longest: int
    called_shop: re.Pattern[str]  # a shop called so (店名叫X, a shop called X, X的店)
    pronoun: re.Pattern[str]  # me, what: never a name
    date_token: re.Pattern[str]  # a date cut as one word
    not_a_time: re.Pattern[str]  # 3天, 好几个月: a time, not an item
    count_digits: str  # the numerals a counter starts with (两双, 3件)
    cutter: Words  # jieba with the shops' own words, for cutting names


def _split_forms(word: str, between: list[str]) -> list[str]:
    """A role word as it is also written: a Chinese verb and its object with one of `between`
    inside (pay-money written pay-DE-money, apply-for-return apply-DE-return-refund), an English
    phrase without its article (applied for refund)."""
    if len(word) in (2, 4) and all(has_cjk(c) for c in word):
        cut = len(word) // 2
        return [word, *(word[:cut] + b + word[cut:] for b in between)]
    if " a " in word:
        return [word, word.replace(" a ", " ")]
    return [word]


def read(path: Path = PATH) -> dict[str, Any]:
    """slots.yaml as read."""
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def load(data: Path, norm: Normaliser, tags: PartsOfSpeech | None = None) -> Lexicon:
    """The lexicon of the data folder's slots.yaml (built with the knowledge base, cached with it);
    `tags`: the base's parts of speech (read before any step, knowledge/loader.py)."""
    return build(read(data / PATH.name), norm, tags)


def build(raw: dict[str, Any], norm: Normaliser, tags: PartsOfSpeech | None = None) -> Lexicon:
    basic = norm.basic

    def pat(words: list[str]) -> re.Pattern[str]:
        return pattern(words, basic)

    platform_of = {basic(w): name for name, lists in raw["platforms"].items() for w in words(lists)}
    amounts, dates, demands = raw["amounts"], raw["dates"], raw["demands"]
    role_of = {basic(v): tuple(r["fields"]) for r in dates["roles"] for w in words(r)
               for v in _split_forms(w, [str(b) for b in dates["split_by"]])}
    counters = [simplified(w) for w in words(raw["items"]["counters"]) if has_cjk(w)]
    demand_of = {basic(w): v["value"] for v in demands["values"] for w in [*words(v), *(
        f"{c}{n}{new}" for c in v.get("counted", []) for n in counters
        for new in ("", *v.get("counted_after", [])) if new or len(n) > 1)]}
    years = "|".join(re.escape(basic(w)) for w in words(dates["festival_years"]))
    festival = pat(words(dates["festivals"])).pattern
    return Lexicon(
        raw=raw, platform=pat(list(platform_of)), platform_of=platform_of,
        impersonation=pat(words(raw["impersonation"])),
        impersonation_weak=pat(words(raw["impersonation_weak"])), staff=pat(words(raw["staff"])),
        price=pat(words(amounts["price"])), price_after=pat(words(amounts["price_after"])),
        lost=pat(words(amounts["lost"])),
        other_money=pat(words(amounts["other_money"])), fees=pat(words(amounts["fees"])),
        signs=pat(words(amounts["signs"])), units=pat(words(amounts["units"])),
        # a number before a counter counts things (四罐, 2件): no money
        identifiers=pat(words(amounts["identifiers"])),
        not_money=pat([*words(amounts["not_money"]), *(c for c in counters if len(c) == 1)]),
        order_cue=pat(words(raw["orders"]["cues"])),
        role=pat(list(role_of)), role_of=role_of, since=re.compile(dates["since"]),
        festival=re.compile(rf"(?:(?:{years})\s*)?(?<![\d.])(?:{festival})(?![\d.])"),
        want=pat(words(demands["want"])), demand=pat(list(demand_of)),
        demand_of=demand_of,
        self_evident=frozenset(v["value"] for v in demands["values"] if v.get("self_evident")),
        one_of={v["value"]: tuple(v.get("one_of", [v["value"]])) for v in demands["values"]},
        names=_names(raw, platform_of, tags or PartsOfSpeech()),
        number=re.compile(rf"(?<![\d.]){amounts['number']}(?![\d])"),
        jiao=re.compile(amounts["jiao"]), beside_item=re.compile(amounts["beside_item"]),
        between=re.compile(amounts["between"]), counted=re.compile(amounts["counted"]), not_wanted=re.compile(demands["not_wanted"]),
        refused=pat(words(demands["refused"])), of_me=re.compile(demands["of_me"]),
        not_done=frozenset(str(w) for w in dates["not_done"]),
        parcel_fields=frozenset(str(f) for f in dates["parcel_fields"]),
        going_back=pat(words(dates["going_back"])), returning=pat(words(dates["returning"])),
        receivers=pat(words(dates["receivers"])),
        told_by=pat(words(dates["told_by"])))


def _names(raw: dict[str, Any], platform_of: dict[str, str], tags: PartsOfSpeech) -> NameWords:
    shops, items = raw["shops"], raw["items"]
    suffixes = sorted(words(shops["suffixes"]), key=len, reverse=True)
    platforms = {w.lower() for p in raw["platforms"].values() for w in words(p)}
    after = sorted({simplified(w) for w in words(items["after"])}, key=len, reverse=True)
    counted = items["after_counted"]
    verbs, bare = (("|".join(re.escape(simplified(str(w))) for w in counted[k])) for k in ("zh", "counters"))
    cue = "|".join([*(re.escape(a) if has_cjk(a) else rf"\b{re.escape(a)}\s+" for a in after),
                    rf"(?:{verbs})(?=(?:{bare}))", items["after_price"]])
    called = "|".join(re.escape(c) for c in sorted(words(shops["called"]), key=len, reverse=True))
    return NameWords(
        suffix=re.compile("|".join(re.escape(s) if has_cjk(s) else rf"(?<=\s){re.escape(s)}\b"
                                   for s in suffixes), re.I),
        boundaries=frozenset(words(shops["before_name"])) | frozenset(platform_of) | platforms,
        not_names=frozenset(w.lower() for w in words(shops["not_names"])),
        called=called,
        # a word of wanting, paying or losing money ends an item's name too (外套 想退款, T恤 付了)
        parts=tuple(str(p) for p in items["parts"]),
        measures_zh=frozenset(simplified(w) for w in [*words(raw["amounts"]["units"]),
                                                        *words(raw["amounts"]["not_money"])] if has_cjk(w)),
        stops=frozenset(simplified(w.lower()) for w in [
            *words(items["stops"]), *items["parts"], *words(raw["demands"]["want"]), *words(raw["amounts"]["price"]),
            *words(raw["amounts"]["lost"])] if has_cjk(w) or w in words(items["stops"])),
        counters=tuple(sorted({simplified(w.lower()) for w in words(items["counters"])}, key=len,
                              reverse=True)),
        measures=frozenset(items["measures_en"]),
        number_chars=frozenset(str(items["number_chars"])), joiner=str(items["joiner"]),
        tags=tags,
        not_items=frozenset(simplified(w.lower()) for w in words(items["not_items"])),
        item_cue=re.compile(rf"(?:{cue})([^，。！？；,!?;\n]+)", re.I),
        item_before=tuple(re.compile(p) for p in items["before_cue"]),
        pointers=frozenset(simplified(w) for w in words(items["pointers"])),
        copulas=frozenset(simplified(w) for w in words(items["copulas"])),
        qualities=tuple(str(q) for q in items["qualities"]),
        counted_verbs=frozenset(simplified(str(w)) for w in items["after_counted"]["zh"]),
        bare_counters=frozenset(simplified(str(w)) for w in items["after_counted"]["counters"]),
        longest=int(items["longest"]),
        called_shop=re.compile(shops["called_shop"].replace("{name}", shops["name"].replace("{called}", called))),
        pronoun=re.compile(shops["pronoun"]), date_token=re.compile(shops["date_token"]),
        not_a_time=re.compile(items["not_a_time"]), count_digits=str(items["count_digits"]),
        cutter=Words(w for w in [*words(shops["suffixes"]), *(w for p in raw["platforms"].values()
                                                              for w in words(p))] if has_cjk(w)))




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
