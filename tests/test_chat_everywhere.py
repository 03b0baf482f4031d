"""One conversation, three ways in: the console driver (the engine on a real SQLite file) and
Telegram through python-telegram-bot and aiogram over the emulator. Each scenario is written
once against the chat client's verbs and runs on every driver (the `talk` fixture); through Telegram the whole
complaint must also read word for word, button for button, as on the console."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

from PIL import Image

from tests.chat import Conversation, Reply
from tests.chat.drivers import conversation
from tests.chat.telegram import TelegramChat


def jpeg(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 200)).save(buf, "JPEG")
    return buf.getvalue()


def one(db: Path, sql: str) -> tuple:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()


async def complain(talk: Conversation) -> list[Reply]:
    """/start to a filed quality complaint, by buttons and typed answers; every reply on the way."""
    said = await talk.send("/start")
    assert "维权助手" in said[-1] and said[-1].labels[:2] == ["📝 我要投诉", "📋 案件进度"]
    asked = await talk.click("📝 我要投诉")
    question = asked[-1]
    assert "请选择你遇到的问题" in question and "质量问题" in question.labels
    after = await talk.click("质量问题")
    pressed = talk.current(question)  # the question now shows the choice, without buttons
    assert pressed.chosen == "质量问题" and pressed.buttons == []
    assert "是在哪个平台买的" in after[-1] and after[-1] == talk.last
    said += asked + after + await talk.click("天猫")
    said += await talk.send("<b>某某</b>旗舰店 & Co")  # HTML in user text must arrive as typed
    for answer in ("1234567890123456", "运动鞋", "399", "今天"):
        said += await talk.send(answer)
    said += await talk.click("⏭ 跳过")
    said += await talk.click("⏭ 跳过")
    said += await talk.send("鞋底开胶了，卖家说是我穿坏的，不给退。")
    review = await talk.click("退货退款")
    assert "店铺：<b>某某</b>旗舰店 & Co" in review[-1]
    filed = await talk.click("✅ 确认提交")
    assert filed[-1].startswith("✅ 案件 #1 已建立（质量问题）")
    status, fields = one(talk.db, "SELECT status, fields FROM cases WHERE id=1")
    stored = json.loads(fields)
    assert status == "negotiating" and stored["shop"] == "<b>某某</b>旗舰店 & Co"
    assert stored["order_no"] == "1234567890123456" and stored["amount"] == "399.00"
    assert stored["demand"] == "refund_return"
    return said + review + filed


async def test_whole_complaint_by_buttons_and_text(talk: Conversation, tmp_path: Path) -> None:
    said = await complain(talk)
    if isinstance(talk, TelegramChat):
        pressed = talk.since(0)[1]
        assert pressed.content.endswith("✅ 质量问题")  # the choice, as Telegram shows it
        assert not talk.emu.unanswered_callbacks()
        async with conversation("console", tmp_path / "console") as console:
            expected = await complain(console)  # word for word, button for button
        assert [(str(r), r.labels) for r in said] == [(str(r), r.labels) for r in expected]


async def test_old_button_is_answered_politely(talk: Conversation) -> None:
    await talk.send("投诉")
    platform_question = (await talk.click("质量问题"))[-1]
    await talk.send("天猫")  # answered by typing: the keyboard stays on the old message
    old = await talk.press_on(platform_question, "淘宝")
    assert len(old) == 1 and old[0].startswith("这个问题已经回答过了")
    assert "店铺名称" in old[0]  # and the current question is asked again
    # editing an answer already given changes nothing and says nothing (no hand-over to follow)
    assert await talk.edit("淘宝") == []
    assert "店铺名称" in talk.last
    if isinstance(talk, TelegramChat):
        assert not talk.emu.unanswered_callbacks()
        assert len(talk.emu.calls("answerCallbackQuery")) == 2


async def test_photo_and_album_become_one_event_each(talk: Conversation) -> None:
    only = await talk.send_photo(jpeg(64, 48))
    assert len(only) == 1 and "收到" in only[0]  # no case yet: told what to do
    await talk.send("投诉")
    await talk.click("质量问题")
    mark = talk.mark()
    one_photo = await talk.send_photo(jpeg(1200, 900), caption="开胶处")
    assert any("收到 1 个文件" in r for r in one_photo), one_photo
    assert "已保存" in await talk.wait_reply("已保存", since=mark)
    album = await talk.send_album([jpeg(300, 200), jpeg(200, 300), jpeg(640, 480),
                                   (b"%PDF-1.4 receipt", "receipt.pdf", "application/pdf"),
                                   jpeg(100, 100)], caption="五张证据")
    # One event for the five parts: the same replies a single photo gets, about five files.
    assert len(album) == len(one_photo), album
    assert any("收到 5 个文件" in r for r in album), album
    assert not any("收到 1 个文件" in r for r in album)
    assert talk.since(mark)[-len(album):] == album
    # every file was kept (through Telegram: each came through getFile and a download)
    assert one(talk.db, "SELECT COUNT(*) FROM evidence WHERE case_id=1") == (6,)
    if isinstance(talk, TelegramChat):
        assert len(talk.emu.calls("getFile")) == 6
