"""A screenshot through Telegram (issue 17): a real photo upload to the Bot API emulator, the
bot's own download, the OCR in the evidence job, the offer with its buttons, and the form
filled by one press — python-telegram-bot over real HTTP, a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bot.adapters.telegram.runner import Runner
from tests.chat import texts
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import db_of
from tests.emulator import BotApiEmulator
from tests.screens.generate import clean

pytest.importorskip("rapidocr_onnxruntime")


def fields(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT fields FROM cases WHERE id = 1").fetchone()
    return json.loads(row[0]) if row else {}


@pytest.mark.parametrize("framework", ["ptb"])
async def test_a_forwarded_order_screenshot_fills_the_form(emu: BotApiEmulator,
                                                           bot: Runner) -> None:
    db = db_of(bot)
    chat = TelegramChat(emu, db, timeout=120.0)  # the first image loads the OCR models
    await chat.send("投诉")
    await chat.click("质量问题")
    shot = clean("order", 7, tmall=True)
    replies = await chat.send_photo(shot.data)
    offer = next(m for m in replies if m.startswith("📷"))
    truth = shot.truth["fields"]
    assert truth["order_no"] in offer and truth["shop"] in offer, texts(replies)
    assert [label for label, _ in offer.buttons][:3] == ["✅ 全部使用", "☑️ 逐项选择", "✖️ 不用"]
    replies = await chat.press_on(offer, "✅ 全部使用")
    stored = fields(db)
    assert (stored["platform"], stored["order_no"], stored["amount"], stored["shop"]) == \
        ("tmall", truth["order_no"], truth["amount"], truth["shop"])
    assert any("已填入" in m and "经过" in m for m in replies), texts(replies)
