"""Open the same conversation through any driver: "console" (the engine on SQLite) or a Telegram
framework ("ptb", "aiogram") over the emulator. A scenario parametrised over DRIVERS runs one
conversation three ways."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

from tests.chat.console import T0, Chat, FakeClock
from tests.chat.reply import Conversation
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, TOKEN, USER, db_of, running_bot
from tests.emulator import BotApiEmulator

DRIVERS = ["console", *FRAMEWORKS]


@asynccontextmanager
async def conversation(driver: str, data_dir: Path, user: int = USER,
                       lang: str = "zh") -> AsyncIterator[Conversation]:
    """One user's chat with a fresh bot and an empty database under data_dir."""
    if driver == "console":
        data_dir.mkdir(parents=True, exist_ok=True)
        now = datetime.now(T0.tzinfo)  # the real time, as the Telegram bot's clock reads it
        chat = Chat(data_dir / "weiquan.db", user_id=user, lang=lang, clock=FakeClock(now))
        try:
            yield chat.aio
        finally:
            chat.close()
        return
    async with BotApiEmulator(token=TOKEN) as emu, running_bot(driver, emu, data_dir) as bot:
        yield TelegramChat(emu, db_of(bot), user=user, lang=lang)
