"""Shared by the Telegram tests and bench: a bot under test (in-process, real framework, real
HTTP to the emulator) and a chat-like client (say, press, the replies an update caused)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.adapters.telegram.limits import Limits
from bot.adapters.telegram.runner import Options, Runner
from bot.app import App, build
from bot.cli.run import make_api
from bot.config import Settings
from tests.emulator import BotApiEmulator, SentMessage

TOKEN = "123456:TEST-weiquan_s3cret-token"
USER = 501
FRAMEWORKS = ["ptb", "aiogram"]


def settings_for(base: str, data_dir: Path, **extra: Any) -> Settings:
    return Settings(_env_file=None, token=TOKEN, api_base=base, data_dir=data_dir,  # type: ignore[call-arg]
                    **extra)


def fast_options(**overrides: Any) -> Options:
    """Test options: short polls; Telegram's send rates are tested on their own."""
    values: dict[str, Any] = {"poll_timeout": 2, "album_wait": 0.6,
                              "limits": Limits.unlimited(), "delivery_interval": 0.2}
    return Options(**{**values, **overrides})


@asynccontextmanager
async def running_bot(framework: str, emu: BotApiEmulator, data_dir: Path,
                      options: Options | None = None, **settings: Any) -> AsyncIterator[Runner]:
    app = build(settings_for(emu.base, data_dir, **settings), source="telegram")
    runner = Runner(app, make_api(framework, TOKEN, emu.base), options or fast_options())
    await runner.start()
    try:
        yield runner
    finally:
        await runner.stop()
        app.store.close()


def pending_rows(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM outbox WHERE status IN "
                                "('pending', 'sending') AND due_at <= strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')")
                   .fetchone()[0])


def processed(db: Path, update_id: int) -> bool:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT 1 FROM processed_updates WHERE update_id=?",
                            [update_id]).fetchone() is not None


class Chat:
    """One user talking to the bot (send, click, the replies): each call returns the messages
    that update caused, once it is committed and they were delivered."""

    def __init__(self, emu: BotApiEmulator, db: Path, user: int = USER, lang: str = "zh",
                 timeout: float = 10.0) -> None:
        self.emu, self.db, self.user, self.lang, self.timeout = emu, db, user, lang, timeout
        emu.add_user(user, lang=lang)

    async def settle(self, update_id: int) -> None:
        """Until the update is committed and every reply it caused was delivered."""
        await self.emu.wait_until(
            lambda: processed(self.db, update_id) and pending_rows(self.db) == 0,
            self.timeout, f"update {update_id} handled and replied to")

    async def _after(self, update_id: int, mark: int) -> list[SentMessage]:
        await self.settle(update_id)
        return self.emu.sent(self.user, since=mark)

    async def send(self, text: str) -> list[SentMessage]:
        mark = self.emu.mark()
        return await self._after(self.emu.send_text(self.user, text, lang=self.lang), mark)

    async def click(self, label: str) -> list[SentMessage]:
        mark = self.emu.mark()
        return await self._after(self.emu.press_label(self.user, label, lang=self.lang), mark)

    async def press_on(self, message: SentMessage, label: str) -> list[SentMessage]:
        """Press a button of a given (possibly old) message."""
        data = dict(message.buttons)[label]
        assert data is not None
        mark = self.emu.mark()
        uid = self.emu.press(self.user, message.message_id, data, lang=self.lang)
        return await self._after(uid, mark)

    async def photo(self, data: bytes, caption: str | None = None) -> list[SentMessage]:
        mark = self.emu.mark()
        uid = self.emu.send_photo(self.user, data, caption, lang=self.lang)
        return await self._after(uid, mark)

    async def document(self, data: bytes, file_name: str, mime: str, caption: str | None = None,
                       file_size: int | None = None) -> list[SentMessage]:
        """A file sent as a document; file_size fakes the size Telegram reports."""
        mark = self.emu.mark()
        uid = self.emu.send_document(self.user, data, file_name, mime, caption, lang=self.lang,
                                     file_size=file_size)
        return await self._after(uid, mark)

    async def forwarded_photo(self, data: bytes, origin: int | str,
                              caption: str | None = None) -> list[SentMessage]:
        """A photo forwarded from someone else's chat (origin: their user id or hidden name)."""
        mark = self.emu.mark()
        uid = self.emu.forward_photo(self.user, data, origin, caption, lang=self.lang)
        return await self._after(uid, mark)

    async def album(self, files: list[Any], caption: str | None = None) -> list[SentMessage]:
        mark = self.emu.mark()
        ids = self.emu.send_album(self.user, files, caption, lang=self.lang)
        await self.settle(ids[-1])
        return self.emu.sent(self.user, since=mark)

    def keyboard_message(self) -> SentMessage:
        """The newest message of this chat still showing buttons."""
        return next(m for m in reversed(self.emu.sent(self.user)) if m.buttons)


def texts(messages: list[SentMessage]) -> list[str]:
    return [m.content for m in messages]


def db_of(runner: Runner) -> Path:
    return runner.app.settings.db_path


def app_of(runner: Runner) -> App:
    return runner.app
