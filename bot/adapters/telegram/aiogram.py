"""aiogram adapter: the Bot API calls of `TelegramApi` through `aiogram.Bot`.

aiogram's Dispatcher handles a user's updates concurrently and out of order by default
(DESIGN.md); the shared pipeline keeps each user's updates in order instead, so only the Bot
and its aiohttp session are used here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

# isort: off
# first, so that aiogram's Bot API types are built when first used (aiogram_types.py)
import bot.adapters.telegram.aiogram_types  # noqa: F401
from aiogram import Bot
from aiogram import exceptions as aex
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    FSInputFile,
    InlineKeyboardMarkup,
    ReplyParameters,
)

# isort: on
from bot.adapters.telegram.aiogram_session import RawSession
from bot.adapters.telegram.api import (
    ApiError,
    BadRequest,
    Conflict,
    NetworkTrouble,
    Rows,
    TimedOut,
    Unauthorized,
    bad_request,
    local_bytes,
)
from bot.adapters.telegram.updates import ALLOWED_UPDATES
from bot.transport import Blocked, RetryLater

P = ParamSpec("P")
T = TypeVar("T")
REQUEST_SLACK = 10  # seconds a long poll may take beyond its own timeout


def translated(fn: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """aiogram's exceptions as the neutral ones of api.py."""

    @wraps(fn)
    async def call(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await fn(*args, **kwargs)
        except aex.TelegramRetryAfter as exc:
            raise RetryLater(float(exc.retry_after)) from None
        except aex.TelegramForbiddenError as exc:
            raise Blocked(exc.message) from None
        except aex.TelegramBadRequest as exc:
            raise bad_request(exc.message) from None
        except aex.TelegramUnauthorizedError:
            raise Unauthorized("the Bot API rejected the token") from None
        except aex.TelegramConflictError as exc:
            raise Conflict(exc.message) from None
        except TimeoutError as exc:
            raise TimedOut(str(exc) or "timed out") from None
        except aex.TelegramNetworkError as exc:
            if exc.message == "Request timeout error":  # sent, no answer in time
                raise TimedOut(exc.message) from None
            raise NetworkTrouble(exc.message) from None
        except aex.TelegramServerError as exc:
            raise NetworkTrouble(str(getattr(exc, "message", exc))) from None
        except aex.TelegramAPIError as exc:
            raise ApiError(exc.message) from None

    return call


def _built_markup(rows: tuple[tuple[tuple[str, str], ...], ...]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup.model_validate({"inline_keyboard": [
        [{"text": label, "callback_data": data} for label, data in row] for row in rows]})


def _reply(message_id: int | None) -> ReplyParameters | None:
    return ReplyParameters(message_id=message_id) if message_id is not None else None


class AiogramApi:
    name = "aiogram"

    def __init__(self, token: str, api_base: str) -> None:
        server = TelegramAPIServer.from_base(api_base.rstrip("/"))
        self.bot = Bot(token, session=RawSession(api=server))
        # aiogram's keyboard validated once per distinct keyboard (a menu goes to everyone
        # alike; each button built anew cost ~20 µs of validators and private attributes);
        # never changed once built: a method only reads it when its request is made
        self._markups = lru_cache(maxsize=1024)(_built_markup)

    def _markup(self, keyboard: Rows | None) -> InlineKeyboardMarkup | None:
        return self._markups(tuple(tuple(row) for row in keyboard)) if keyboard else None

    @translated
    async def get_me(self) -> dict[str, Any]:
        me = await self.bot.get_me()
        return me.model_dump(mode="json", exclude_none=True)

    @translated
    async def get_updates(self, offset: int | None, timeout: int,
                          limit: int = 100) -> list[dict[str, Any]]:
        updates: Any = await self.bot.get_updates(offset=offset, timeout=timeout, limit=limit,
                                                  allowed_updates=list(ALLOWED_UPDATES),
                                                  request_timeout=timeout + REQUEST_SLACK)
        return list(updates) if isinstance(updates, list) else []  # JSON: see RawSession

    def parse_update(self, data: dict[str, Any]) -> dict[str, Any]:
        """A webhook's body as the pipeline reads it: Telegram's JSON, as getUpdates gives it
        (RawSession); typing it as aiogram's Update and dumping it back cost ~10% of the CPU."""
        if not isinstance(data, dict) or isinstance(data.get("update_id"), bool) \
                or not isinstance(data.get("update_id"), int):
            raise ValueError("not an update: no integer update_id")
        return data

    @translated
    async def send_message(self, chat_id: int, html: str, keyboard: Rows | None,
                           thread_id: int | None = None, reply_to: int | None = None) -> int:
        msg: Any = await self.bot.send_message(chat_id, html, parse_mode=ParseMode.HTML,
                                               reply_markup=self._markup(keyboard),
                                               message_thread_id=thread_id,
                                               reply_parameters=_reply(reply_to))
        return int(msg["message_id"])  # JSON: see RawSession

    @translated
    async def copy_message(self, to_chat: int, from_chat: int, message_id: int,
                           thread_id: int | None = None, reply_to: int | None = None) -> int:
        copied = await self.bot.copy_message(to_chat, from_chat, message_id,
                                             message_thread_id=thread_id,
                                             reply_parameters=_reply(reply_to))
        return copied.message_id

    @translated
    async def create_topic(self, chat_id: int, title: str) -> int | None:
        try:
            topic = await self.bot.create_forum_topic(chat_id, title)
        except aex.TelegramBadRequest as exc:
            if "not a forum" in exc.message.lower():
                return None
            raise
        return topic.message_thread_id

    @translated
    async def edit_text(self, chat_id: int, message_id: int, html: str) -> None:
        await self.bot.edit_message_text(text=html, chat_id=chat_id, message_id=message_id,
                                         parse_mode=ParseMode.HTML)

    @translated
    async def edit_caption(self, chat_id: int, message_id: int, html: str) -> None:
        await self.bot.edit_message_caption(chat_id=chat_id, message_id=message_id,
                                            caption=html, parse_mode=ParseMode.HTML)

    @translated
    async def close_topic(self, chat_id: int, thread_id: int) -> None:
        await self.bot.close_forum_topic(chat_id, thread_id)

    @translated
    async def reopen_topic(self, chat_id: int, thread_id: int) -> None:
        await self.bot.reopen_forum_topic(chat_id, thread_id)

    @translated
    async def remove_keyboard(self, chat_id: int, message_id: int) -> str | None:
        msg = await self.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)
        return msg.text if not isinstance(msg, bool) else None

    @translated
    async def send_document(self, chat_id: int, path: Path, caption_html: str) -> int:
        msg = await self.bot.send_document(chat_id, FSInputFile(path, filename=path.name),
                                           caption=caption_html or None,
                                           parse_mode=ParseMode.HTML)
        return msg.message_id

    @translated
    async def send_photo(self, chat_id: int, path: Path, caption_html: str) -> int:
        msg = await self.bot.send_photo(chat_id, FSInputFile(path, filename=path.name),
                                        caption=caption_html or None, parse_mode=ParseMode.HTML)
        return msg.message_id

    @translated
    async def download(self, file_id: str) -> bytes:
        file = await self.bot.get_file(file_id)
        if file.file_path is None:
            raise BadRequest("the file has no path to download from")
        local = await asyncio.to_thread(local_bytes, file.file_path)
        if local is not None:
            return local
        data = await self.bot.download_file(file.file_path)
        return data.getvalue() if data is not None else b""

    @translated
    async def send_chat_action(self, chat_id: int, action: str) -> None:
        await self.bot.send_chat_action(chat_id, action)

    @translated
    async def answer_callback(self, query_id: str) -> None:
        await self.bot.answer_callback_query(query_id)

    @translated
    async def set_commands(self, commands: list[tuple[str, str]], lang: str | None,
                           chat_id: int | None = None) -> None:
        scope = (BotCommandScopeAllPrivateChats() if chat_id is None
                 else BotCommandScopeChat(chat_id=chat_id))
        await self.bot.set_my_commands(
            [BotCommand(command=c, description=d) for c, d in commands], scope=scope,
            language_code=lang)

    @translated
    async def delete_commands(self, lang: str | None) -> None:
        await self.bot.delete_my_commands(language_code=lang)

    @translated
    async def set_description(self, description: str, short: str, lang: str | None) -> None:
        await self.bot.set_my_description(description=description, language_code=lang)
        await self.bot.set_my_short_description(short_description=short, language_code=lang)

    @translated
    async def set_webhook(self, url: str, secret: str, drop_pending: bool = False) -> None:
        await self.bot.set_webhook(url, secret_token=secret,
                                   drop_pending_updates=drop_pending or None,
                                   allowed_updates=list(ALLOWED_UPDATES))

    @translated
    async def delete_webhook(self, drop_pending: bool = False) -> None:
        await self.bot.delete_webhook(drop_pending_updates=drop_pending or None)

    async def close(self) -> None:
        await self.bot.session.close()
