"""English reads as English: plurals, list separators, button labels cut at a word."""

from __future__ import annotations

import re

import pytest

from dialogs.texts import BUTTON_MAX, catalogue, join_list, shorten, t
from knowledge.loader import load_kb
from tests.chat import Chat


@pytest.mark.parametrize(("label", "shown"), [
    ("Short one", "Short one"),
    ("x" * BUTTON_MAX, "x" * BUTTON_MAX),
    ("How long does the seller have to ship an order", "How long does the seller have…"),
    ("What the sources say about refunds, returns", "What the sources say about…"),
    ("Supercalifragilisticexpialidocious-and-more", "Supercalifragilisticexpialido…"),
    ("七天无理由退货怎么算？商家不同意怎么办呢我该怎么做才能退货退款呢", "七天无理由退货怎么算？商家不同意怎么办呢我该怎么做才能退货…"),
])
def test_labels_are_cut_at_a_word_with_an_ellipsis(label: str, shown: str) -> None:
    assert shorten(label) == shown
    assert len(shorten(label)) <= BUTTON_MAX


@pytest.mark.parametrize(("key", "params", "text"), [
    ("deadline.left_days", {"days": 1, "hours": 1}, "1 day 1 hour left"),
    ("deadline.left_days", {"days": 2, "hours": 0}, "2 days 0 hours left"),
    ("deadline.left_hours", {"hours": 1, "minutes": 1}, "1 hour 1 minute left"),
    ("evidence.labelled", {"n": 1, "label": "Order"}, 'Labelled 1 file as "Order".'),
    ("evidence.labelled", {"n": 2, "label": "Order"}, 'Labelled 2 files as "Order".'),
    ("evidence.list_title", {"id": 3, "n": 1}, "📎 Evidence of case #3 (1 item):"),
    ("evidence.ask_label", {"n": 1}, "What is this file? Press a label (you can change it in "
                                     "/evidence later):"),
    ("evidence.ask_label", {"n": 2}, "What are these files? Press a label (you can change it in "
                                     "/evidence later):"),
])
def test_english_plurals(key: str, params: dict[str, object], text: str) -> None:
    assert t("en", key, **params) == text


def test_no_english_text_says_file_s_or_1_files() -> None:
    for key, template in catalogue("en").items():
        assert "(s)" not in template, key
    for n in (1, 2):
        for key in ("evidence.no_case", "evidence.receiving", "evidence.ask_label"):
            text = t("en", key, n=n, id=1)
            assert "1 files" not in text and "1 days" not in text


def test_lists_use_the_language_s_own_separator() -> None:
    assert join_list("zh", ["甲", "乙"]) == "甲、乙"
    assert join_list("en", ["order", "chat"]) == "order, chat"
    assert join_list("en", ["a, b", "c"], long=True) == "a, b; c"


def test_english_chat_never_shows_chinese_list_marks(en_chat: Chat) -> None:
    en_chat.send("complain")
    en_chat.send("the seller keeps calling me and sent me threats")
    en_chat.send("How long do I have to return something?")
    en_chat.send("/evidence")
    en_chat.send("/human")  # no adviser configured: the official channels, with sources
    en_chat.send("/done")
    en_chat.send("What is the consumer association's phone number?")  # a partial answer
    for text in en_chat.texts:
        assert not re.search(r"[A-Za-z)]、|、[A-Za-z(]", text), text
        assert not re.search(r"[A-Za-z)]；|；[A-Za-z(「]", text), text


def test_knowledge_buttons_never_cut_mid_word(en_chat: Chat) -> None:
    titles = {e.title.en for e in load_kb().entries}
    en_chat.send("How long does the seller have to ship after I pay?")
    en_chat.send("How does the 7-day no-reason return work?")
    labels = [b.label for s in en_chat.transport.sent for row in getattr(s.action, "buttons", ())
              for b in row]
    cut = [label for label in labels if label.endswith("…")]
    for label in labels:
        assert len(label) <= BUTTON_MAX
    for label in cut:
        full = next(title for title in titles if title.startswith(label[:-1]))
        assert full[len(label) - 1] in " ,.;:-", (label, full)
