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

NAME_CHARS = re.compile(r"[^，。！？；：、,!?;:()（）“”\"'「」『』\n]+$")


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
            joiner = " " if not has_cjk(m.group(0)) else ""
            out.append(Found("shop", f"{name}{joiner}{m.group(0)}", f"{name}{joiner}{m.group(0)}"))
    # "a shop called X" / a shop's name called so (what follows the name ends it), or the shop after it
    for m in vocab.called_shop.finditer(plain):
        name = (m.group(1) or m.group(2)).strip()
        if name.lower() not in not_names and not vocab.pronoun.match(name):
            out.append(Found("shop", name, name))
    return out


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
        name = _zh_item(vocab, rest, stops, counters) if has_cjk(rest) else _en_item(rest, stops, counters)
        longest = vocab.longest
        if name and name.lower() not in not_items and len(name) <= longest * (1 if has_cjk(name) else 6) \
                and not vocab.not_a_time.match(name):
            out.append(Found("item", name, name))
    return out


def _zh_item(vocab: NameWords, rest: str, stops: frozenset[str], counters: list[str]) -> str:
    """The words after the cue up to the first stop word, spaces inside kept (iPhone 15)."""
    pos, start, end = 0, -1, 0
    for token in _tokens(vocab, rest):
        if not token.strip():
            pos += len(token)
            continue
        if start < 0 and _counter(token, counters, vocab.count_digits):
            pos += len(token)
            continue
        if token in stops or not (has_cjk(token) or token.isalnum()):
            break
        start = pos if start < 0 else start
        pos += len(token)
        end = pos
    return rest[start:end].strip() if start >= 0 else ""


def _counter(token: str, counters: list[str], digits: str) -> bool:
    """A pair, two boxes, 3 pieces: how many, not what."""
    return token in counters or (len(token) > 1 and token[0] in digits and token[1:] in counters)


def _en_item(rest: str, stops: frozenset[str], counters: list[str]) -> str:
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
