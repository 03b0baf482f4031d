"""Whether a Latin word is a real English word, and its dictionary form (simplemma's English lexicon).

The search corrects words it does not know to the nearest word it does ("refnd" is "refund"). A
real English word the base never uses is no typo: "honey" is not "money", "created" is not
"cheated", "small" is not "stall". Such a word stays as typed, unless its dictionary form is a word
the base knows ("staffed" is "staff", "gave" is "give"). simplemma ships its lexicons inside the
package (nothing is downloaded). The lexicon is read when the search index is built and kept with
it (cached; the cache key names simplemma's version): the words as one text, made a set only when
a word the base does not know is looked up, so a start pays nothing to unpickle 160,000 strings. Without simplemma
(an environment installed before it was a dependency) no word is known and typos are corrected as
before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

_WORD_RE = re.compile(r"[a-z]{4,}")  # shorter words are never spell-corrected
# negations typed without their apostrophe on a phone ("seller wont refund"): "wont" and "cant"
# are words of their own in the dictionary, but in a shopper's question they are won't and can't
CONTRACTIONS = {
    f"{stem}nt": f"{stem}n't" for stem in
    "do does did wo ca is are was were has have had could should would must need".split()
}


class EnglishWords:
    def __init__(self, is_base_word: Callable[[str], bool]) -> None:
        """`is_base_word`: whether the base knows a word (a glossary word, or an indexed stem)."""
        try:
            from simplemma.strategies.dictionaries import DefaultDictionaryFactory
        except ImportError:  # an environment installed before the dependency: every word may be a typo
            lexicon: Mapping[str, str] = {}
        else:
            lexicon = DefaultDictionaryFactory().get_dictionary("en")
        words = sorted(w for w in lexicon.keys() if _WORD_RE.fullmatch(w))
        self._text = "\n".join(words)
        self._words: frozenset[str] | None = None
        # only the dictionary forms the base knows are kept: the others change nothing
        self.lemmas = {w: base for w in words if (base := lexicon[w].lower()) != w and is_base_word(base)}

    def known(self, word: str) -> bool:
        """Whether WORD (lower case) is an English word, in any of its forms."""
        if self._words is None:  # first use in this process: 20 ms, then each look-up is a hash
            self._words = frozenset(self._text.split())
        return word in self._words

    def __getstate__(self) -> dict[str, Any]:
        return {"_text": self._text, "lemmas": self.lemmas}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._text, self.lemmas, self._words = state["_text"], state["lemmas"], None

    def lemma(self, word: str) -> str:
        """WORD's dictionary form if the base knows it, else the word itself."""
        return self.lemmas.get(word, word)
