"""Canned replies (texts/replies.yaml): each has a title and an answer in zh and en, names an
adviser can type, and no phone number (facts come from the knowledge base, not from here)."""

from __future__ import annotations

import re

from dialogs import canned
from dialogs.texts import LANGS


def test_every_canned_reply_speaks_both_languages() -> None:
    found = canned.replies()
    assert len(found) >= 4
    for name, reply in found.items():
        assert re.fullmatch(r"[a-z0-9_]{1,32}", name)
        for lang in LANGS:
            assert reply.titles.get(lang) and reply.answers.get(lang), (name, lang)
            assert not re.search(r"\d{5,}|\d{3}-\d{3,}", reply.answer(lang)), (name, lang)
    assert canned.find(found, " ORDER ") is found["order"] and canned.find(found, "nope") is None
