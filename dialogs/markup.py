"""Marks inside plain reply texts that Telegram shows as formatting: a `code` span (an order
number, an amount: tap to copy) and a `pre` block (a complaint letter: copied whole).

The texts stay plain strings; the Telegram transport turns the marks into <code> and <pre>
(bot/adapters/telegram/text.py), every other reader drops them (`plain`).
"""

from __future__ import annotations

CODE_OPEN, CODE_CLOSE = "\ue000", "\ue001"  # private-use characters: never typed by people
PRE_OPEN, PRE_CLOSE = "\ue002", "\ue003"
MARKS = (CODE_OPEN, CODE_CLOSE, PRE_OPEN, PRE_CLOSE)


def code(text: str) -> str:
    return f"{CODE_OPEN}{text}{CODE_CLOSE}" if text else text


def pre(text: str) -> str:
    return f"{PRE_OPEN}{text}{PRE_CLOSE}" if text else text


def plain(text: str) -> str:
    """The text as anything but Telegram shows it."""
    for mark in MARKS:
        text = text.replace(mark, "")
    return text


def pre_block(text: str) -> tuple[str, str, str] | None:
    """(before, block, after) of the text's one pre block, or None."""
    head, opened, rest = text.partition(PRE_OPEN)
    block, closed, tail = rest.partition(PRE_CLOSE)
    return (head, block, tail) if opened and closed else None
