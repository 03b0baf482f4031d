"""Webhook mode through both frameworks: Telegram's secret-token header is required, updates
are answered 200 once committed, and the conversation works as with long polling."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.adapters.telegram.runner import Runner
from bot.adapters.telegram.webhook import SECRET_HEADER
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, USER, db_of, fast_options, running_bot
from tests.emulator import BotApiEmulator
from tests.test_telegram_scenarios import jpeg

pytestmark = pytest.mark.parametrize("framework", FRAMEWORKS)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def hooked(framework: str, emu: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Runner]:
    port = free_port()
    options = fast_options(webhook_url=f"http://127.0.0.1:{port}/tg/hook",
                           listen=("127.0.0.1", port))
    async with running_bot(framework, emu, tmp_path, options) as runner:
        yield runner


async def test_webhook_conversation(hooked: Runner, emu: BotApiEmulator) -> None:
    hook = emu.webhook
    assert hook is not None and hook["url"].endswith("/tg/hook") and hook["secret_token"]
    chat = TelegramChat(emu, db_of(hooked))
    assert "维权助手" in (await chat.send("/start"))[0].content
    await chat.send("投诉")
    after = await chat.click("质量问题")
    assert "是在哪个平台买的" in after[-1].content
    one = await chat.photo(jpeg(120, 90))
    album = await chat.album([jpeg(100, 80), jpeg(80, 100), jpeg(90, 90)])
    assert len(album) == len(one) and any("收到 3 个文件" in m.content for m in album)
    assert all(status == 200 for _, status in emu.webhook_deliveries)
    assert not emu.unanswered_callbacks() and emu.pending_updates() == []


async def test_webhook_refuses_requests_without_the_secret(hooked: Runner,
                                                           emu: BotApiEmulator) -> None:
    emu.add_user(USER)
    url = f"http://127.0.0.1:{hooked.port}/tg/hook"
    update = {"update_id": 99, "message": {
        "message_id": 1, "date": 0, "text": "/start", "chat": {"id": USER, "type": "private"},
        "from": {"id": USER, "is_bot": False, "first_name": "Mallory"}}}
    async with aiohttp.ClientSession() as session:
        for headers in ({}, {SECRET_HEADER: "guess"}):
            async with session.post(url, json=update, headers=headers) as resp:
                assert resp.status == 403
        right = {SECRET_HEADER: emu.webhook["secret_token"]}  # type: ignore[index]
        async with session.post(url, json=update, headers=right) as resp:
            assert resp.status == 200  # answered after the commit
    await emu.wait_until(lambda: len(emu.sent(USER)) == 1, 5)  # only the genuine one counted
    assert "维权助手" in emu.sent(USER)[0].content


async def test_the_configured_secret_is_the_one_telegram_is_given(
        framework: str, emu: BotApiEmulator, tmp_path: Path) -> None:
    """Replicas behind one load balancer share WEIQUAN_WEBHOOK_SECRET: every one of them must
    set it as Telegram's secret token and accept it."""
    port = free_port()
    options = fast_options(webhook_url=f"http://127.0.0.1:{port}/tg/hook",
                           listen=("127.0.0.1", port))
    async with running_bot(framework, emu, tmp_path, options,
                           webhook_secret="shared-by-every-replica_1") as runner:
        assert emu.webhook is not None
        assert emu.webhook["secret_token"] == "shared-by-every-replica_1"
        chat = TelegramChat(emu, db_of(runner))
        assert "维权助手" in (await chat.send("/start"))[0].content


async def test_healthz_on_the_webhook_listener(hooked: Runner, emu: BotApiEmulator) -> None:
    """The load balancer asks the webhook's own port: 200 with what is well, 503 while the
    process shuts down (it takes no more updates then)."""
    url = f"http://127.0.0.1:{hooked.port}/healthz"
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as resp:
            body = await resp.json()
            assert resp.status == 200, body
        assert body["ok"] and body["database"]["ok"] and body["delivery"]["running"]
        assert hooked.webhook is not None
        hooked.webhook.closing = True
        try:
            async with session.get(url) as resp:
                assert resp.status == 503 and (await resp.json())["closing"]
        finally:
            hooked.webhook.closing = False


async def test_an_unset_secret_is_made_up_and_the_operator_is_told(
        framework: str, emu: BotApiEmulator, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    port = free_port()
    options = fast_options(webhook_url=f"http://127.0.0.1:{port}/tg/hook",
                           listen=("127.0.0.1", port))
    async with running_bot(framework, emu, tmp_path, options):
        assert emu.webhook is not None and len(emu.webhook["secret_token"]) >= 32
    assert any("WEIQUAN_WEBHOOK_SECRET is not set" in r.getMessage() for r in caplog.records)


async def test_healthz_is_503_while_the_database_cannot_be_reached(
        hooked: Runner, emu: BotApiEmulator) -> None:
    db = db_of(hooked)
    url = f"http://127.0.0.1:{hooked.port}/healthz"
    aside = db.with_name("moved-away.db")
    db.rename(aside)  # the probe's own connection cannot open it now
    try:
        async with aiohttp.ClientSession() as session, session.get(url) as resp:
            body = await resp.json()
            assert resp.status == 503 and not body["database"]["ok"], body
    finally:
        aside.rename(db)
    async with aiohttp.ClientSession() as session, session.get(url) as resp:
        assert resp.status == 200
