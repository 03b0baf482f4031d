"""aiogram's aiohttp session, lean on the hot path: each Bot API call posted as one JSON body,
the answers of the hot calls handed over as Telegram's JSON.

aiogram builds a form field by field (each value dumped to JSON, then URL-encoded: a Chinese
character becomes nine bytes) and types every answer as pydantic models; for a message with a
keyboard that was ~0.3 ms, a seventh of the bot's CPU per update. The Bot API takes the same
parameters as application/json; the pipeline reads updates as dicts and a send needs only its
message_id. Everything else (the Bot, its methods, the aiohttp session and connector, error
answers and their exceptions, file uploads as multipart forms) stays aiogram's.
"""

from __future__ import annotations

import datetime
import json
from enum import Enum
from typing import Any

# isort: off
# first, so that aiogram's Bot API types are built when first used (aiogram_types.py)
import bot.adapters.telegram.aiogram_types  # noqa: F401
from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import AnswerCallbackQuery, EditMessageText, GetUpdates, SendMessage
from aiogram.methods.base import TelegramMethod
from aiogram.types import InlineKeyboardMarkup, InputFile

# isort: on
from aiohttp import BytesPayload, ClientError, ClientTimeout
from pydantic import BaseModel
from yarl import URL


class _HasFile(Exception):
    """The call uploads a file: it goes as aiogram's multipart form."""


def _json_value(value: Any, bot: Bot) -> Any:
    """A method's dumped value as Telegram's JSON wants it, with aiogram's meaning (its
    session's `prepare_value`): bot defaults filled in, enums by value, times as Unix time,
    None left out."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            item = _json_value(item, bot)
            if item is not None:
                out[key] = item
        return out
    if isinstance(value, list | tuple):
        return [item for v in value if (item := _json_value(v, bot)) is not None]
    if value is None or isinstance(value, str | int | float) and not isinstance(value, Enum):
        return value
    if isinstance(value, Default):
        return _json_value(bot.default[value.name], bot)
    if isinstance(value, Enum):
        return _json_value(value.value, bot)
    if isinstance(value, InputFile):
        raise _HasFile
    if isinstance(value, BaseModel):
        return _json_value(value.model_dump(warnings=False, exclude_none=True), bot)
    if isinstance(value, datetime.timedelta):
        return round((datetime.datetime.now() + value).timestamp())  # noqa: DTZ005 (aiogram's)
    if isinstance(value, datetime.datetime):
        return round(value.timestamp())
    return value


# Calls on the hot path whose answer is read as Telegram's JSON, not as aiogram's types: the
# pipeline reads updates as dicts (building each Update and dumping it back cost ~10% of the
# bot's CPU under load), a send needs only its message_id, an edit or an answer nothing.
RAW_ANSWERS = (GetUpdates, SendMessage, EditMessageText, AnswerCallbackQuery)


def _plain_body(method: TelegramMethod[Any], bot: Bot) -> bytes | None:
    """The JSON body straight from pydantic when every parameter is a plain value, a list of
    them or an inline keyboard (the calls on the hot path: a message, an edit, an answer, a
    poll) and the bot's defaults leave the unset ones out; else None (the walk above)."""
    left_out = set()
    for name, value in method.__dict__.items():
        if value is None or value.__class__ is InlineKeyboardMarkup:
            continue
        if isinstance(value, Default):
            if bot.default[value.name] is not None:
                return None
            left_out.add(name)
        elif value == "":
            left_out.add(name)  # as aiogram's form: an empty value is not sent
        elif isinstance(value, list):
            if not all(isinstance(item, str | int) for item in value):
                return None
        elif not isinstance(value, str | int | float):  # bool and str enums are these too
            return None
    return method.model_dump_json(exclude_none=True, exclude=left_out).encode()


class RawSession(AiohttpSession):
    """aiogram's aiohttp session with JSON bodies (`build_form_data`) and, for RAW_ANSWERS, the
    result as Telegram's JSON; an error answer (ok false, or a status that is not 2xx) goes
    through aiogram's `check_response` and its exceptions as usual."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._urls: dict[tuple[str, str], URL] = {}
        self._timeouts: dict[float, ClientTimeout] = {}

    async def __call__(self, bot: Bot, method: TelegramMethod[Any],
                       timeout: int | None = None) -> Any:
        if len(self.middleware):  # none is registered here; aiogram's chain if one were
            return await super().__call__(bot, method, timeout)
        return await self.make_request(bot, method, timeout)

    async def make_request(self, bot: Bot, method: TelegramMethod[Any],
                           timeout: int | None = None) -> Any:
        """aiogram's `AiohttpSession.make_request`, with the URL and timeout objects made once
        per method and value (aiohttp parsed and built them on every call)."""
        session = await self.create_session()
        key = (bot.token, method.__api_method__)
        url = self._urls.get(key)
        if url is None:
            url = self._urls[key] = URL(self.api.api_url(token=key[0], method=key[1]))
        seconds = self.timeout if timeout is None else timeout
        limit = self._timeouts.get(seconds)
        if limit is None:
            limit = self._timeouts[seconds] = ClientTimeout(total=seconds)
        body = self.build_form_data(bot=bot, method=method)
        try:
            async with session.post(url, data=body, timeout=limit) as resp:
                raw_result = await resp.text()
        except TimeoutError as e:
            raise TelegramNetworkError(method=method, message="Request timeout error") from e
        except ClientError as e:
            raise TelegramNetworkError(method=method, message=f"{type(e).__name__}: {e}") from e
        if isinstance(method, RAW_ANSWERS) and 200 <= resp.status < 300:
            try:
                data = self.json_loads(raw_result)
            except ValueError:
                data = None
            if isinstance(data, dict) and data.get("ok") is True and "result" in data:
                return data["result"]
        return self.check_response(bot=bot, method=method, status_code=resp.status,
                                   content=raw_result).result

    def build_form_data(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        body = _plain_body(method, bot)
        if body is None:
            try:
                params = _json_value(method.model_dump(warnings=False, exclude_none=True), bot)
            except _HasFile:
                return super().build_form_data(bot, method)
            # as aiogram's form: an empty value is not sent
            body = json.dumps({key: value for key, value in params.items() if value != ""},
                              ensure_ascii=False, separators=(",", ":")).encode()
        return BytesPayload(body, content_type="application/json")
