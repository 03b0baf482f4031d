"""Evidence jobs apart from replies (issue 13, must-show 5): while a download is in progress,
the same shopper's next message is answered at once, and the file is kept when it arrives."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiohttp import web

from bot.adapters.telegram.runner import Runner
from tests.chat import texts
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, TOKEN, db_of, processed, running_bot
from tests.emulator import BotApiEmulator
from tests.test_evidence_make import jpeg


class SlowDownloads:
    """The emulator's file route, but every download waits until `release` is set."""

    def __init__(self, emu: BotApiEmulator) -> None:
        self.real = emu.server.download
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        emu.server.download = self.serve  # type: ignore[method-assign]

    async def serve(self, request: web.Request) -> web.StreamResponse:
        self.started.set()
        await self.release.wait()
        return await self.real(request)


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_download_in_progress_does_not_hold_up_the_next_reply(
        framework: str, tmp_path: Path) -> None:
    emu = BotApiEmulator(token=TOKEN)
    slow = SlowDownloads(emu)  # before start(): the route is bound then
    await emu.start()
    try:
        async with running_bot(framework, emu, tmp_path) as bot:
            await download_then_help(emu, bot, slow)
    finally:
        slow.release.set()
        await emu.stop()


async def download_then_help(emu: BotApiEmulator, bot: Runner, slow: SlowDownloads) -> None:
    chat = TelegramChat(emu, db_of(bot))
    await chat.send("投诉")
    await chat.click("质量问题")  # a draft case: files attach to it at once
    mark = emu.mark()
    emu.send_document(chat.user, jpeg(seed=5), "receipt.jpg", "image/jpeg")
    await asyncio.wait_for(slow.started.wait(), 30)
    asked = emu.mark()
    update = emu.send_text(chat.user, "/help")  # answered while the download still waits
    await emu.wait_until(lambda: processed(db_of(bot), update) and bool(
        emu.sent(chat.user, since=asked)), 30, "the reply to /help")
    help_replies = emu.sent(chat.user, since=asked)
    assert help_replies and not slow.release.is_set()
    assert not any("已保存" in m.content for m in emu.sent(chat.user, since=mark))
    slow.release.set()
    await chat.wait_reply("✅ 已保存：receipt.jpg", since=mark, timeout=30)
    assert texts(help_replies)
