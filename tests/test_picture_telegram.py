"""/status delivers the timeline picture as a photo (sendPhoto), through python-telegram-bot and
aiogram over real HTTP to the emulator, after the text card."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest
from PIL import Image

from bot.adapters.telegram.runner import Runner
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, USER, db_of
from tests.emulator import BotApiEmulator

pytestmark = pytest.mark.parametrize("framework", FRAMEWORKS)
AT = "2026-11-20T10:00:00+08:00"


def a_filed_case(db: object) -> None:
    """Case #1 of USER, negotiating a quality problem since a payment and a receipt."""
    with sqlite3.connect(str(db)) as conn:
        conn.execute("INSERT INTO users (id, chat_id, lang, created_at, updated_at) "
                     "VALUES (?, ?, 'zh', ?, ?)", [USER, USER, AT, AT])
        conn.execute("INSERT INTO cases (id, user_id, category, status, fields, created_at, "
                     "updated_at) VALUES (1, ?, 'quality', 'negotiating', ?, ?, ?)",
                     [USER, json.dumps({"platform": "tmall", "shop": "某某旗舰店"}), AT, AT])
        for kind, at in (("paid", "2026-11-18T10:00:00+08:00"),
                         ("received", "2026-11-20T09:00:00+08:00")):
            conn.execute("INSERT INTO case_events (case_id, kind, at, recorded_at) "
                         "VALUES (1, ?, ?, ?)", [kind, at, AT])


async def test_status_delivers_the_timeline_picture_as_a_photo(emu: BotApiEmulator,
                                                               bot: Runner) -> None:
    a_filed_case(db_of(bot))
    chat = TelegramChat(emu, db_of(bot), timeout=60.0)  # the first picture starts the render process
    replies = await chat.send("/status 1")
    kinds = [m.kind for m in replies]
    assert kinds.count("photo") == 1, kinds
    card = next(m for m in replies if m.kind == "text" and "案件 #1" in m)
    photo = next(m for m in replies if m.kind == "photo")
    assert replies.index(card) < replies.index(photo)  # the text first, then the picture
    assert "案件 #1 的时间线图" in photo.content and photo.parse_mode == "HTML"
    data = emu.file_bytes(photo.raw.files[0])
    img = Image.open(io.BytesIO(data))
    assert img.format == "PNG" and img.width == 1080 and len(data) < 200_000
