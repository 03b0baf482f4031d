"""The bot asks Telegram for exactly the kinds of update it handles (issue 16 item 6), in
webhook and in polling mode, so a channel post or an inline query never reaches it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.telegram.updates import ALLOWED_UPDATES
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, db_of, fast_options, running_bot
from tests.emulator import BotApiEmulator
from tests.test_telegram_webhook import free_port

HANDLED = {"message", "edited_message", "callback_query", "my_chat_member"}
STRAY = {"channel_post": {"message_id": 1, "date": 0, "text": "频道消息",
                          "chat": {"id": -100777, "type": "channel", "title": "c"}},
         "inline_query": {"id": "9", "query": "投诉", "offset": "",
                          "from": {"id": 4242, "is_bot": False, "first_name": "x"}}}


def test_the_list_is_what_the_bot_handles() -> None:
    assert set(ALLOWED_UPDATES) == HANDLED


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_webhook_asks_for_the_handled_kinds_only(framework: str, emu: BotApiEmulator,
                                                      tmp_path: Path) -> None:
    for kind, payload in STRAY.items():
        emu.store.push_update(kind, payload)
    port = free_port()
    options = fast_options(webhook_url=f"http://127.0.0.1:{port}/tg/hook",
                           listen=("127.0.0.1", port))
    async with running_bot(framework, emu, tmp_path, options) as runner:
        assert set(emu.store.allowed_updates) == HANDLED
        chat = TelegramChat(emu, db_of(runner))
        assert "维权助手" in (await chat.send("/start"))[0].content
        delivered = {uid for uid, _ in emu.store.webhook_deliveries}
        assert len(delivered) == 1  # the /start, never the channel post or the inline query


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_polling_asks_for_the_handled_kinds_only(framework: str, emu: BotApiEmulator,
                                                      tmp_path: Path) -> None:
    async with running_bot(framework, emu, tmp_path, fast_options()) as runner:
        chat = TelegramChat(emu, db_of(runner))
        assert "维权助手" in (await chat.send("/start"))[0].content
        asked = [c.params.get("allowed_updates") for c in emu.calls("getUpdates")]
        assert asked and all(a is None or set(a) == HANDLED for a in asked)
        assert any(a is not None for a in asked)
