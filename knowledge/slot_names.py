"""Names in a shopper's message: the shop ("the Nike flagship store", "a shop called Xiao Li
Digital") and the item bought ("bought a pair of running shoes"), in Chinese or English.

Chinese names are cut with jieba (the dictionary of knowledge/lexicon.py, loaded by first
character), so that a name is never cut inside a word; the words around
a name are data (knowledge/data/slots.yaml).
"""

from __future__ import annotations

import re

from knowledge.slot_words import Found, Lexicon, NameWords
from knowledge.textnorm import has_cjk

# quotes end a name, an apostrophe inside a word does not (Li's Digital Store)
NAME_CHARS = re.compile(r"(?:[^，。！？；：、,!?;:()（）“”\"'‘’「」『』\n]|(?<=[A-Za-z])['’](?=[A-Za-z]))+$")


def _tokens(vocab: NameWords, text: str) -> list[str]:
    return [t for t in vocab.cutter.tokenizer.cut(text, HMM=False)]


def shops(lex: Lexicon, plain: str) -> list[Found]:
    """Shops by the end of their name (flagship store, the Nike official store) or as called
    (a shop called Happy Feet)."""
    vocab = lex.names
    before, not_names = vocab.boundaries, vocab.not_names
    out = []
    last = 0
    for m in vocab.suffix.finditer(plain):
        context = NAME_CHARS.search(plain[max(last, m.start() - 24):m.start()])
        last = m.end()
        if context is None:
            continue
        name = _after_boundary(vocab, context.group(0), before)
        if name and name.lower() not in not_names and not re.fullmatch(r"[\d\s]*", name) and \
                name.split()[0].lower() not in not_names:
            begin = plain.rfind(name, 0, m.start())
            if begin < 0 or plain[begin + len(name):m.start()].strip():
                joiner = " " if not has_cjk(m.group(0)) else ""
                shown = f"{name}{joiner}{m.group(0)}"
            else:
                shown = plain[begin:m.end()]  # as written: Apple 官方旗舰店 keeps its space
                if has_cjk(m.group(0)) and not _cut_as_shop(vocab, plain, begin, m):
                    continue
            out.append(Found("shop", shown, shown))
    # "a shop called X" / a shop's name called so (what follows the name ends it), or the shop after it
    for m in vocab.called_shop.finditer(plain):
        name = next(g for g in m.groups() if g).strip()
        if name.lower() not in not_names and not vocab.pronoun.match(name):
            out.append(Found("shop", name, name))
    return out


# a shop's name does not end in a place or time word, conjunction, adverb, preposition,
# particle, pronoun, numeral (after, but, specially: 退款以后店家, 但店家, 专门店)
NOT_A_NAME_END = frozenset("fctdpurmyeo")
SHOP_LOOKAHEAD = 3  # characters after a shop's end that jieba may join it with (店家, 店员)


def _cut_as_shop(vocab: NameWords, plain: str, begin: int, end: re.Match[str]) -> bool:
    """Does jieba cut the name (from `begin`) and the end of a shop's name as words of their own
    (not the shopkeeper nor a hotel, whose words hold the shop's end), the name ending in a word
    that can end a name (not "after", "but", "refund")?"""
    tokens = _tokens(vocab, plain[begin:end.end() + SHOP_LOOKAHEAD])
    edges, at = {0}, 0
    for token in tokens:
        at += len(token)
        edges.add(at)
    ending = end.start() - begin
    if ending not in edges or end.end() - begin not in edges:
        return False
    total, last_word = 0, ""
    for token in tokens:
        if total >= ending:
            break
        total += len(token)
        if token.strip():
            last_word = token
    return _tag(vocab, last_word.strip())[:1] not in NOT_A_NAME_END


def _after_boundary(vocab: NameWords, context: str, boundaries: frozenset[str]) -> str:
    """The end of `context` after the last word that cannot be part of a name."""
    if has_cjk(context):
        tokens = _tokens(vocab, context)
        for i in range(len(tokens) - 1, -1, -1):
            token = tokens[i].strip()
            if token in boundaries or token.lower() in boundaries or vocab.date_token.fullmatch(token):
                return "".join(tokens[i + 1:]).strip()
        return "".join(tokens).strip()
    words = context.split()
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in boundaries:
            return " ".join(words[i + 1:])
    return " ".join(words[-4:])


def items(lex: Lexicon, plain: str) -> list[Found]:
    """What was bought: the words after "bought", up to the first stop word."""
    vocab = lex.names
    stops, counters, not_items = vocab.stops, list(vocab.counters), vocab.not_items
    out = []
    for m in vocab.item_cue.finditer(plain):
        rest = m.group(1)
        name = _zh_item(vocab, rest, stops, counters) if has_cjk(rest) else \
            _en_item(rest, stops, counters, vocab.measures)
        if plain[m.start():m.start(1)] in vocab.counted_verbs and not _bare_counted(vocab, rest, name):
            continue
        longest = vocab.longest
        first = name.split()[0].lower() if name.strip() else ""
        if name and name.lower() not in not_items and not lex.platform.fullmatch(name.lower()) and len(name) <= longest * (1 if has_cjk(name) else 6) \
                and not vocab.not_a_time.match(name) and first not in not_items and \
                not (len(name) == 1 and name.isascii()):
            out.append(Found("item", name, name))
    for m in (m for p in vocab.item_before for m in p.finditer(plain)):  # the mirror I ordered
        name = _en_item(m.group(1), stops, counters, vocab.measures)
        if name and name.split()[-1] == m.group(1).split()[-1] and name.lower() not in not_items and len(name.split()) <= vocab.longest // 2:
            out.append(Found("item", name, name))
    return out


def _zh_item(vocab: NameWords, rest: str, stops: frozenset[str], counters: list[str]) -> str:
    """The words after the cue that name a thing, spaces inside kept (iPhone 15): counters
    before it skipped (a pair of, two boxes of), and the name ends at the first word that is no
    part of a thing's name: a stop word, a number after Chinese, or by jieba's part of speech a
    verb, time, adverb, place word, particle ... ("rice cooker | two weeks ago", "milk | went
    off", "T-shirt | paid 158"). The joiner of two nouns (Nike's shoes) stays between them."""
    if vocab.not_a_time.match(rest.strip()):
        return ""  # bought 25 days ago: a time, no thing
    tokens = _tokens(vocab, rest)
    pos, start, end, last, counted, amount = 0, -1, 0, "", False, False
    for i, token in enumerate(tokens):
        if not token.strip():
            following = next((t for t in tokens[i + 1:] if t.strip()), "")
            if start >= 0 and has_cjk(last[-1:]) and has_cjk(following[:1]):
                break  # Chinese words apart: fragments (洗碗机漏水 师傅上门), not one name
            pos += len(token)
            continue
        if start < 0 and (token in vocab.pointers or token in vocab.copulas and _named_after(
                vocab, next((t for t in tokens[i + 1:] if t.strip()), ""), rest, counters)):
            pos += len(token)  # 买的那个…, 买的是一个…: the name comes after
            continue
        if start < 0 and amount and token.isascii() and token.isalpha() and len(token) <= UNIT_LETTERS:
            return ""  # 256G, 八个G: a size or a memory, no thing
        if start < 0 and counted and token in vocab.measures_zh and token not in counters:
            break  # 600-odd yuan, size 42: a number's unit, no thing
        if start < 0 and (_counter(token, counters, vocab.count_digits) or _number(vocab, token)):
            pos += len(token)
            counted = _number(vocab, token)
            amount = counted or token[0] in vocab.count_digits  # 256, 八个: what a unit may follow
            continue
        if start < 0 and len(token) > 2 and token[0] in counters and vocab.tags(token[1:])[:1] == "n":
            pos, token = pos + 1, token[1:]  # jieba cuts a counter and a noun as one word
        head = next((token[:-len(p)] for p in vocab.parts if token.endswith(p) and token != p), "")
        if head:  # one word of the thing and its part (电视屏幕): the thing
            if start < 0:
                start = pos
            end = pos + len(head)
            break
        if start >= 0 and not _part_of_name(vocab, token, tokens[i + 1:], stops, last, tokens[i - 1],
                                             numbered=any(c.isdigit() for c in rest[start:end])):
            break
        joined = token == "-" and start >= 0 and _latin(last) and \
            _latin(next((t for t in tokens[i + 1:] if t.strip()), ""))  # SK-II, T-shirt
        if (token in stops and (token != vocab.joiner or start < 0)) or \
                not (has_cjk(token) or token.isalnum() or joined):
            break
        if start < 0 and (_not_a_thing(vocab, token, tokens[i + 1:]) or token in vocab.not_items):
            break  # the parcel's box, the warranty: no thing bought
        start = pos if start < 0 else start
        pos += len(token)
        end, last = pos, token
    name = rest[start:end].strip() if start >= 0 else ""
    if name.endswith(vocab.qualities):
        return ""  # 买的那个蓝色的: a colour, no thing
    cut = min((at for p in vocab.parts if (at := name.find(p)) > 0), default=len(name))
    name = name[:cut].strip()  # a part cut as two words (鞋 标): the name ends before it too
    return "" if len(name) == 1 and _tag(vocab, name)[:1] == "a" else name  # an adjective alone


# jieba's parts of speech that go on a thing's name: nouns of every kind (n...), distinguishing
# words (b: smart), abbreviations (j), Latin (eng), measures (q: the cup of a thermos cup), and
# words it has no tag for; a one-character word ends it only as a verb, adjective, adverb,
# pronoun, preposition, conjunction, particle, place or time word, numeral (by the tag's first
# letter: vg, ag, uz are verbs, adjectives, particles too)
NAME_TAGS = frozenset({"b", "j", "eng", "x", "q", "g", "k", "h", "nr", ""})
ENDS_ONE_CHARACTER = frozenset("vadpcrftmyeouz")
# a thing's name starts with none of these; nor with a verb of three characters or more (jieba
# tags a few two-character nouns as verbs: a handbag's 包包)
NOT_A_THING_FIRST = frozenset("tmdpcrfyeoau")
LONG_VERB = 3


def _not_a_thing(vocab: NameWords, token: str, after: list[str]) -> bool:
    """A first word no thing's name starts with: a time, numeral, adverb, particle ... (a
    one-character adjective may: small, new), or a verb, unless a part of a name follows it
    (jieba tags refurbished, charging as verbs: a refurbished phone, a power bank) or it is a
    doubled word (jieba's handbag, written twice)."""
    tag = _tag(vocab, token)
    if tag[:1] == "a" and len(token) == 1:
        return False
    if tag[:1] == "v" and len(token) > 1:
        following = next((t for t in after if t.strip()), "")
        doubled = len(token) == 2 and token[0] == token[1]
        named = bool(following) and has_cjk(following) and following not in vocab.stops and \
            (_tag(vocab, following)[:1] == "n" or _tag(vocab, following) in NAME_TAGS - {""})
        return len(token) >= LONG_VERB or not (doubled or named)
    return tag[:1] in NOT_A_THING_FIRST


def _tag(vocab: NameWords, word: str) -> str:
    return vocab.tags(word) if has_cjk(word) else ""


def _number(vocab: NameWords, token: str) -> bool:
    return all(c in vocab.number_chars for c in token)


LATIN = re.compile("[A-Za-z]")
LATIN_MODEL_DIGITS = 4
MODEL_DIGITS = 2  # digits joined to a Chinese name that are its model (a phone's 14), not a price


def _part_of_name(vocab: NameWords, token: str, after: list[str], stops: frozenset[str],
                  last: str, before: str, numbered: bool) -> bool:
    """May this word, after the first, still be part of the thing's name?"""
    if len(token) == 2 and token[0] == token[1] and has_cjk(token):
        return True  # a doubled word (包包, jieba's verb): a thing's name in shoppers' words
    if _number(vocab, token):
        if not token.isdigit():
            return False  # a number in Chinese numerals: a price or a count
        if LATIN.search(last):  # a model number after a Latin name (iPhone 15, RTX 4090), once
            return len(token) <= MODEL_DIGITS or (len(token) <= LATIN_MODEL_DIGITS and not numbered)
        following = after[0] if after else ""
        return before == last and len(token) <= MODEL_DIGITS and \
            not (len(following) == 1 and has_cjk(following))  # 14, not 42 of a size
    if token == vocab.joiner:  # only between two words of a name
        following = next((t for t in after if t.strip()), "")
        tag = _tag(vocab, following)
        return bool(following) and following not in stops and not _number(vocab, following) and \
            (tag[:1] == "n" or tag in NAME_TAGS - {""})
    tag = _tag(vocab, token)
    if tag[:1] == "n" or tag in NAME_TAGS:
        return True
    return len(token) == 1 and tag[:1] not in ENDS_ONE_CHARACTER


UNIT_LETTERS = 2  # G, GB, ml, XL after a number: its unit or a size


def _latin(token: str) -> bool:
    return token.isascii() and token.isalnum()


def _bare_counted(vocab: NameWords, rest: str, name: str) -> bool:
    """After a verb that takes a bare counter (written Cantonese: bought-CL-phone): the counter
    is a word of its own, not the start of one (a set meal), and the thing has a name of two
    characters or more (a machine's one character says nothing)."""
    first = next((t for t in _tokens(vocab, rest) if t.strip()), "")
    return first in vocab.bare_counters and len(name) > 1


def _named_after(vocab: NameWords, following: str, rest: str, counters: list[str]) -> bool:
    """Does the thing's name follow a copula after the cue (what I bought is a ...)? Before a
    counter, or a Chinese noun when no other copula follows: "what I bought is black, what came
    is white" names the variant ordered, not the thing."""
    if following in counters:
        return True
    return has_cjk(following) and len(following) > 1 and vocab.tags(following)[:1] == "n" and \
        sum(rest.count(c) for c in vocab.copulas if len(c) == 1) == 1


def _counter(token: str, counters: list[str], digits: str) -> bool:
    """A pair, two boxes, 3 pieces: how many, not what."""
    return token in counters or (len(token) > 1 and token[0] in digits and token[1:] in counters)


def _en_item(rest: str, stops: frozenset[str], counters: list[str], measures: frozenset[str]) -> str:
    text = rest.strip()
    for counter in counters:
        if text.lower().startswith(counter + " "):
            text = text[len(counter) + 1:]
            break
    if text.split()[:1] and text.split()[0].isdigit():
        text = text.split(None, 1)[1] if len(text.split()) > 1 else ""  # 4 chairs
    first = text.split()[:2]
    if len(first) == 2 and first[0].lower() in measures and first[1].lower() == "of":
        text = text.split(None, 2)[2] if len(text.split()) > 2 else ""
    name = []
    for word in text.split():
        if word.lower().strip(".,") in stops or not re.match(r"[\w-]", word):
            break
        name.append(word.strip(".,"))
    return " ".join(name)
