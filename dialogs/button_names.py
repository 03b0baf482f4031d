"""What a button on screen is called, in every language: its label as shown, the same text in the
other language, and the label without its bracketed part, so a shopper who types any of them
names that button (dialogs/typed_press.py).

The other language's label is found in the texts themselves (dialogs/texts/*.yaml): the key whose
text is the label, read in each language; a label made from a button template with a placeholder
(btn.edit, "Change {label}") is read back through the template, its value translated the same
way. Category names and knowledge-base titles come from the knowledge base.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dialogs import callbacks
from dialogs.texts import shorten
from knowledge.base import KnowledgeBase
from knowledge.textnorm import name_tokens
from knowledge.texts import LANGS

_BRACKETED = re.compile(r"\s*[(（]([^()（）]*)[)）]\s*")
# templates read back into their values: the buttons' own texts
_TEMPLATE_KEYS = "btn."


@dataclass(frozen=True)
class Book:
    """Every text in every language, looked up by what it says."""

    # a text (with no placeholder) -> by language, the texts of the keys that read so
    same: dict[str, dict[str, tuple[str, ...]]]
    # a button template with placeholders: its pattern in one language, and the key's templates
    patterns: tuple[tuple[re.Pattern[str], dict[str, str]], ...]


def book(kb: KnowledgeBase) -> Book:
    """The texts (and category names) by what they say: made once per knowledge object."""
    return kb.texts.built(("button_names", kb.category_slugs), "all", lambda: _book(kb))


def _book(kb: KnowledgeBase) -> Book:
    texts = kb.texts
    groups: list[dict[str, str]] = []
    patterns = []
    for key in texts.full[LANGS[0]]:
        by_lang = {lang: texts.template(lang, key) for lang in LANGS}
        if not any(_fields(t) for t in by_lang.values()):
            groups.append(by_lang)
        elif key.startswith(_TEMPLATE_KEYS) and all(_simple(t) for t in by_lang.values()):
            patterns += [(_pattern(by_lang[lang]), by_lang) for lang in LANGS]
    groups += [{lang: c.name.get(lang) for lang in LANGS} for c in kb.categories]
    same: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for group in groups:
        for text in group.values():
            for lang, other in group.items():
                same[text][lang].add(other)
    return Book({text: {lang: tuple(sorted(found)) for lang, found in by.items()}
                 for text, by in same.items()}, tuple(patterns))


def _fields(template: str) -> list[tuple[str, str]]:
    return [(name, spec or "") for _, name, spec, _ in string.Formatter().parse(template)
            if name is not None]


def _simple(template: str) -> bool:
    """Placeholders with no format of their own (`{label}`, not `{n:|a|b}`) and a literal between
    any two of them: a label made from it can be read back."""
    fields = _fields(template)
    names = [name for name, _ in fields]
    return bool(fields) and all(name.isidentifier() and not spec for name, spec in fields) and \
        len(set(names)) == len(names) and "}{" not in template


def _pattern(template: str) -> re.Pattern[str]:
    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts), re.S)


# Buttons whose labels carry the shopper's own words or a growing number (a screenshot's reading,
# a shop's name, "#12 ..."): their names are worked out each time, so nothing grows with them.
OWN_WORDS = frozenset({"o", "y", "x", "c"})


@dataclass(frozen=True)
class Forms:
    """A button's names as `name_tokens` reads them, each with its core (without small English
    words), and every token any of them has (a message with another token names none of them)."""

    names: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    tokens: frozenset[str]


def forms(kb: KnowledgeBase, label: str, data: str) -> Forms:
    """The button's names, worked out once per knowledge object for a label made of the texts
    (or a knowledge-base title)."""
    scope = data[:1]
    if scope in OWN_WORDS:
        return of_names(kb, names(kb, label, data))
    entry = data[2:] if scope == "k" else ""
    return kb.texts.built(("button_forms", label, entry), "all",
                          lambda: of_names(kb, names(kb, label, data)))


def of_names(kb: KnowledgeBase, said: Iterable[str]) -> Forms:
    found = sorted({name_tokens(n) for n in said} - {()})
    small = kb.answer_words.button_small_dropped
    return Forms(tuple((told, small(told)) for told in found),
                 frozenset(t for told in found for t in told))


@dataclass(frozen=True)
class Screen:
    """The buttons on screen with their names, and every token any of those names has."""

    buttons: tuple[tuple[str, str, Forms], ...]  # callback data, label, names
    tokens: frozenset[str]


def screen(kb: KnowledgeBase, shown: dict[str, str]) -> Screen:
    """The buttons SHOWN (callback data -> label) with their names: the names of a screen made
    of the texts worked out once per knowledge object (keyed by its labels, not its data)."""
    if any(data[:1] in OWN_WORDS for data in shown):
        return _screen(kb, shown)
    labels = tuple((label, data[2:] if data[:2] == "k:" else "") for data, label in shown.items())
    made = kb.texts.built(("button_screen", labels), "all", lambda: _screen(kb, shown))
    if all(data == made_data for data, (made_data, _, _) in zip(shown, made.buttons, strict=True)):
        return made
    # the same labels with other data (the next question's number): the names, this data
    return Screen(tuple((data, label, named) for (data, label), (_, _, named)
                        in zip(shown.items(), made.buttons, strict=True)), made.tokens)


def _screen(kb: KnowledgeBase, shown: dict[str, str]) -> Screen:
    buttons = tuple((data, label, forms(kb, label, data)) for data, label in shown.items())
    return Screen(buttons, frozenset().union(*(named.tokens for _, _, named in buttons)))


def names(kb: KnowledgeBase, label: str, data: str) -> set[str]:
    """Every name of the button showing LABEL with callback DATA."""
    found = {label}
    lookup = book(kb)
    for by_lang in lookup.same.get(label, {}).values():
        found.update(by_lang)
    for pattern, templates in lookup.patterns:
        match = pattern.fullmatch(label)
        if match is None:
            continue
        for lang, template in templates.items():
            values = {k: _in(lookup, v, lang) for k, v in match.groupdict().items()}
            found.add(template.format(**values))
    parts = label.split(" ")
    if len(found) == 1 and len(parts) > 1:  # a number and a text ("#1" and a category's name)
        found.update(" ".join(_in(lookup, part, lang) for part in parts) for lang in LANGS)
    press = callbacks.parse(data)
    if press is not None and press.scope == "k":  # a knowledge-base entry: its whole title
        try:
            entry = kb.entry(press.value)
        except KeyError:
            pass
        else:
            titles = [entry.title.get(lang) for lang in LANGS]
            found.update([*titles, *map(shorten, titles)])  # whole, and as a button shows it
    for name in list(found):
        found.update(_unbracketed(name))
    return {n for n in found if n.strip()}


def _in(lookup: Book, value: str, lang: str) -> str:
    """A placeholder's value in LANG, when it is one of the texts; else as it is."""
    said = lookup.same.get(value, {}).get(lang)
    return said[0] if said else value


def _unbracketed(name: str) -> list[str]:
    """The name without its bracketed part, and the bracketed part alone when it is written in
    another script (a Chinese term given in an English label)."""
    inside = _BRACKETED.findall(name)
    if not inside:
        return []
    outside = _BRACKETED.sub(" ", name).strip()
    out = [outside] if outside else []
    cjk_outside = bool(re.search(r"[\u4e00-\u9fff]", outside))
    out += [part for part in inside if bool(re.search(r"[\u4e00-\u9fff]", part)) != cjk_outside]
    return out
