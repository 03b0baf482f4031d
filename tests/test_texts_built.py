"""Texts.built: what the engine makes of the texts alone (the main menu, the review card's
labels) is made once per language and shared by every step, and never travels with the base
when it is pickled (knowledge/kbcache.py): a label built in one language is never shown in
another, and a base pickled after some steps loads as one just read."""

from __future__ import annotations

import pickle

from knowledge.texts import read_texts


def test_built_once_per_language_and_left_out_of_a_pickle() -> None:
    texts = read_texts()
    first = texts.built("test", "zh", lambda: ("a", "b"))
    assert texts.built("test", "zh", lambda: ("c",)) is first
    assert texts.built("test", "en", lambda: ("c",)) == ("c",)
    copy = pickle.loads(pickle.dumps(texts))
    assert copy == texts and copy.full == texts.full
    assert copy.built("test", "zh", lambda: ("c",)) == ("c",)
