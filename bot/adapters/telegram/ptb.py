"""python-telegram-bot adapter: the Bot API calls of `TelegramApi` through `telegram.Bot`.

ptb's own Updater confirms an update to Telegram as soon as it is queued (DESIGN.md), so the
runner polls with `Bot.get_updates` itself and confirms only what is committed.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Awaitable, Callable
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import telegram
import telegram.error as tge
from telegram.constants import ParseMode
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.adapters.telegram.api import (
    ApiError,
    Conflict,
    NetworkTrouble,
    Rows,
    TimedOut,
    Unauthorized,
    bad_request,
)
from bot.adapters.telegram.ptb_request import AiohttpRequest
from bot.adapters.telegram.updates import ALLOWED_UPDATES
from bot.transport import Blocked, RetryLater

# ptb's default read timeout is 5 s: a slower Bot API got each message up to three times
# (sent, timed out, sent again). Calls may take this long before we call them unknown.
SEND_TIMEOUT = 30.0
# Connections: different chats are sent to concurrently, 64 at once (aiogram's default is
# 100); further sends wait for a free one (ptb_request.py says why not httpx).
POOL = 64
# do_api_request warns that the Bot has a method of that name; the calls on the hot path use it
# on purpose, to read Telegram's JSON (see PtbApi.raw). pyproject.toml tells pytest the same.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.\w+' instead of 'Bot\.do_api_request")

P = ParamSpec("P")
T = TypeVar("T")


def translated(fn: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """ptb's exceptions as the neutral ones of api.py (BadRequest is a NetworkError in ptb)."""

    @wraps(fn)
    async def call(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await fn(*args, **kwargs)
        except tge.RetryAfter as exc:
            with warnings.catch_warnings():  # ptb 22 warns that the type becomes timedelta
                warnings.simplefilter("ignore")
                wait = exc.retry_after
            raise RetryLater(wait.total_seconds() if isinstance(wait, dt.timedelta)
                             else float(wait)) from None
        except tge.Forbidden as exc:
            raise Blocked(exc.message) from None
        except tge.BadRequest as exc:
            raise bad_request(exc.message) from None
        except tge.InvalidToken:
            raise Unauthorized("the Bot API rejected the token") from None
        except tge.Conflict as exc:
            raise Conflict(exc.message) from None
        except tge.TimedOut as exc:  # sent, no answer in time (never sent: NetworkError)
            raise TimedOut(exc.message) from None
        except tge.NetworkError as exc:
            raise NetworkTrouble(exc.message) from None
        except tge.TelegramError as exc:
            raise ApiError(exc.message) from None

    return call


def _keyboard(keyboard: Rows | None) -> dict[str, Any] | None:
    """An inline keyboard as the Bot API's JSON."""
    if not keyboard:
        return None
    return {"inline_keyboard": [[{"text": label, "callback_data": data} for label, data in row]
                                for row in keyboard]}


def _reply(message_id: int | None) -> telegram.ReplyParameters | None:
    return telegram.ReplyParameters(message_id) if message_id is not None else None


class PtbApi:
    name = "ptb"

    def __init__(self, token: str, api_base: str) -> None:
        base = api_base.rstrip("/")
        def request(pool: int) -> AiohttpRequest:
            return AiohttpRequest(pool, read_timeout=SEND_TIMEOUT, connect_timeout=10.0,
                                  pool_timeout=SEND_TIMEOUT)

        self._request = request(POOL)  # ptb's request layer under the Bot (see `raw`)
        self.bot = telegram.Bot(token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot",
                                request=self._request, get_updates_request=request(1))
        self._ready = False

    @translated
    async def get_me(self) -> dict[str, Any]:
        if not self._ready:
            await self.bot.initialize()
            self._ready = True
        return self.bot.bot.to_dict()

    @translated
    async def get_updates(self, offset: int | None, timeout: int,
                          limit: int = 100) -> list[dict[str, Any]]:
        # The raw JSON, not Update objects dumped back to dicts: the pipeline reads dicts, and
        # parsing then dumping every update (twice, when it is still in flight) cost ~10% CPU.
        updates = await self.bot.do_api_request(
            "get_updates", api_kwargs={"offset": offset, "timeout": timeout, "limit": limit,
                                       "allowed_updates": list(ALLOWED_UPDATES)},
            read_timeout=timeout + SEND_TIMEOUT)
        return list(updates) if isinstance(updates, list) else []

    def parse_update(self, data: dict[str, Any]) -> dict[str, Any]:
        """ptb reads the body as an Update (a body that is none raises); the pipeline is given
        Telegram's JSON itself, as polling gives it, not the Update dumped back to a dict."""
        telegram.Update.de_json(data, self.bot)
        return data

    @translated
    async def send_message(self, chat_id: int, html: str, keyboard: Rows | None,
                           thread_id: int | None = None, reply_to: int | None = None) -> int:
        msg = await self.raw("sendMessage", chat_id=chat_id, text=html, parse_mode="HTML",
                             reply_markup=_keyboard(keyboard), message_thread_id=thread_id,
                             reply_parameters={"message_id": reply_to}
                             if reply_to is not None else None)
        return int(msg["message_id"])

    async def raw(self, method: str, **params: Any) -> Any:
        """A Bot API call (`method` as Telegram names it) through ptb's request layer, the
        Bot's own: `BaseRequest.post` sends it, reads Telegram's answer and raises ptb's errors.
        The answer stays Telegram's JSON: building ptb's Message for every send only to read its
        id took ~10% of the bot's CPU under load, and `Bot.do_api_request`'s own steps (a
        warning, defaults, a RequestParameter made from each value) half of the rest of a
        send's cost in ptb. Parameters left None are not sent."""
        data = RequestData([RequestParameter(name, value, None)
                            for name, value in params.items() if value is not None])
        return await self._request.post(f"{self.bot.base_url}/{method}", data)

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
        except tge.BadRequest as exc:
            if "not a forum" in exc.message.lower():
                return None
            raise
        return topic.message_thread_id

    @translated
    async def edit_text(self, chat_id: int, message_id: int, html: str) -> None:
        await self.raw("editMessageText", text=html, chat_id=chat_id, message_id=message_id,
                       parse_mode="HTML")

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
        msg = await self.bot.send_document(chat_id, path.read_bytes(), filename=path.name,
                                           caption=caption_html or None,
                                           parse_mode=ParseMode.HTML)
        return msg.message_id

    @translated
    async def send_photo(self, chat_id: int, path: Path, caption_html: str) -> int:
        msg = await self.bot.send_photo(chat_id, path.read_bytes(), filename=path.name,
                                        caption=caption_html or None, parse_mode=ParseMode.HTML)
        return msg.message_id

    @translated
    async def download(self, file_id: str) -> bytes:
        file = await self.bot.get_file(file_id)  # ptb reads an absolute (--local) path itself
        return bytes(await file.download_as_bytearray())

    @translated
    async def send_chat_action(self, chat_id: int, action: str) -> None:
        await self.raw("sendChatAction", chat_id=chat_id, action=action)

    @translated
    async def answer_callback(self, query_id: str) -> None:
        await self.raw("answerCallbackQuery", callback_query_id=query_id)

    @translated
    async def set_commands(self, commands: list[tuple[str, str]], lang: str | None,
                           chat_id: int | None = None) -> None:
        scope = (telegram.BotCommandScopeAllPrivateChats() if chat_id is None
                 else telegram.BotCommandScopeChat(chat_id))
        await self.bot.set_my_commands([telegram.BotCommand(c, d) for c, d in commands],
                                       scope=scope, language_code=lang)

    @translated
    async def delete_commands(self, lang: str | None) -> None:
        await self.bot.delete_my_commands(language_code=lang)

    @translated
    async def set_description(self, description: str, short: str, lang: str | None) -> None:
        await self.bot.set_my_description(description, language_code=lang)
        await self.bot.set_my_short_description(short, language_code=lang)

    @translated
    async def set_webhook(self, url: str, secret: str, drop_pending: bool = False) -> None:
        await self.bot.set_webhook(url, secret_token=secret,
                                   drop_pending_updates=drop_pending or None,
                                   allowed_updates=list(ALLOWED_UPDATES))

    @translated
    async def delete_webhook(self, drop_pending: bool = False) -> None:
        await self.bot.delete_webhook(drop_pending_updates=drop_pending or None)

    async def close(self) -> None:
        if self._ready:
            await self.bot.shutdown()
