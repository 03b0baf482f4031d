"""One conversation, three ways in: the console driver (the engine on a real SQLite file) and
Telegram through python-telegram-bot and aiogram over the emulator. The scenarios below are
written once against the chat client's verbs and run on every driver; the last one holds the
three transcripts side by side: the same words and the same buttons, whichever way the user
came."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image

from tests.chat import Conversation, Reply
from tests.chat.drivers import DRIVERS, conversation


def jpeg(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 200)).save(buf, "JPEG")
    return buf.getvalue()


@pytest.fixture(params=DRIVERS)
async def talk(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Conversation]:
    async with conversation(request.param, tmp_path / request.param) as chat:
        yield chat


async def complain(talk: Conversation) -> list[Reply]:
    """/start to a filed quality complaint, by buttons and typed answers; every reply in order."""
    said: list[Reply] = []
    said += await talk.send("/start")
    said += await talk.click("我要投诉")
    said += await talk.click("质量问题")
    said += await talk.click("天猫")
    for answer in ("<b>某某</b>旗舰店 & Co", "1234567890123456", "运动鞋", "399", "今天"):
        said += await talk.send(answer)
    said += await talk.click("跳过")
    said += await talk.click("跳过")
    said += await talk.send("鞋底开胶了，卖家说是我穿坏的，不给退。")
    said += await talk.click("退货退款")
    said += await talk.click("确认提交")
    return said


async def test_a_whole_complaint_by_buttons_and_words(talk: Conversation) -> None:
    hello = await talk.send("/start")
    assert "维权助手" in hello[-1] and hello[-1].labels[:2] == ["📝 我要投诉", "📋 案件进度"]
    asked = await talk.click("我要投诉")
    question = asked[-1]
    assert "请选择你遇到的问题" in question and "质量问题" in question.labels
    after = await talk.click("质量问题")
    shown = talk.current(question)  # the question now shows the choice, and no more buttons
    assert shown.chosen == "质量问题" and shown.buttons == []
    assert "是在哪个平台买的" in talk.last
    assert after[-1] == talk.last
    await talk.click("天猫")
    await talk.send("<b>某某</b>旗舰店 & Co")  # HTML in the user's text arrives as typed
    for answer in ("1234567890123456", "运动鞋", "399", "今天"):
        await talk.send(answer)
    await talk.click("⏭ 跳过")
    await talk.click("⏭ 跳过")
    await talk.send("鞋底开胶了，卖家说是我穿坏的，不给退。")
    review = await talk.click("退货退款")
    assert "店铺：<b>某某</b>旗舰店 & Co" in review[-1]
    filed = await talk.click("✅ 确认提交")
    assert filed[-1].startswith("✅ 案件 #1 已建立（质量问题）")


async def test_an_old_button_is_answered_politely(talk: Conversation) -> None:
    await talk.send("投诉")
    platform_question = (await talk.click("质量问题"))[-1]
    await talk.send("天猫")  # answered by typing: the keyboard stays on the old message
    old = await talk.press_on(platform_question, "淘宝")
    assert len(old) == 1 and old[0].startswith("这个问题已经回答过了")
    assert "店铺名称" in old[0]  # and the current question is asked again


async def test_a_photo_and_an_album_are_one_event_each(talk: Conversation) -> None:
    only = await talk.send_photo(jpeg(64, 48))
    assert len(only) == 1 and "收到" in only[0]  # no case yet: told what to do
    await talk.send("投诉")
    await talk.click("质量问题")
    mark = talk.mark()
    one = await talk.send_photo(jpeg(1200, 900), caption="开胶处")
    assert any("收到 1 个文件" in r for r in one), one
    assert "已保存" in await talk.wait_reply("已保存", since=mark)
    album = await talk.send_album([jpeg(300, 200), jpeg(200, 300), jpeg(640, 480),
                                   (b"%PDF-1.4 receipt", "receipt.pdf", "application/pdf"),
                                   jpeg(100, 100)], caption="五张证据")
    assert len(album) == len(one), album  # the same replies a single photo gets, for five
    assert any("收到 5 个文件" in r for r in album) and talk.since(mark)[-len(album):] == album


async def test_the_same_conversation_reads_the_same_on_every_driver(tmp_path: Path) -> None:
    transcripts = {}
    for driver in DRIVERS:
        async with conversation(driver, tmp_path / driver) as talk:
            said = await complain(talk)
            transcripts[driver] = [(str(r), r.labels) for r in said]
    console = transcripts.pop("console")
    assert len(console) >= 14 and console[-1][0].startswith("✅ 案件 #1 已建立")
    for driver, transcript in transcripts.items():
        assert transcript == console, driver
