"""The few Bot API calls weiquan makes, as one protocol both framework adapters implement.

Each adapter turns its framework's types into plain dicts and its exceptions into the ones
below (429 becomes `RetryLater`, a blocked user or a vanished chat `Undeliverable`), so the
runner, the pipeline and the transport are written once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from bot.transport import Transient, Uncertain, Undeliverable
from dialogs.actions import Keyboard

Rows = list[list[tuple[str, str]]]  # (label, callback_data) row by row


class ApiError(Exception):
    """A Bot API call failed; the message never contains the token."""


class BadRequest(ApiError):
    """400: retrying the same call will not help."""


class NotModified(BadRequest):
    """400 "message is not modified": the edit is already there."""


class ThreadNotFound(BadRequest):
    """400 "message thread not found": the forum topic was deleted."""


class Unauthorized(ApiError):
    """401: the token was rejected."""


class Conflict(ApiError):
    """409: another getUpdates or a webhook is active."""


class NetworkTrouble(ApiError, Transient):
    """No connection or a 5xx: the call did not go through; try again later."""


class TimedOut(NetworkTrouble, Uncertain):
    """No answer in time after the request went out: it may have been carried out."""


def bad_request(text: str) -> Exception:
    """A 400's description as the exception it means for us."""
    low = text.lower()
    if "not modified" in low or "not_modified" in low:  # TOPIC_NOT_MODIFIED too
        return NotModified(text)
    if "thread not found" in low:
        return ThreadNotFound(text)
    if "chat not found" in low:
        return Undeliverable(text)
    return BadRequest(text)


def local_bytes(file_path: str) -> bytes | None:
    """A self-hosted Bot API server started with --local (the only way past 20 MB) answers
    getFile with an absolute path on its own disk, shared with the bot: read it from there.
    None for Telegram's relative paths (downloaded over HTTP)."""
    source = Path(file_path)
    return source.read_bytes() if source.is_absolute() and source.is_file() else None


def rows(keyboard: Keyboard) -> Rows | None:
    if not keyboard:
        return None
    return [[(b.label, b.data) for b in row] for row in keyboard if row]


class TelegramApi(Protocol):
    name: str

    async def get_me(self) -> dict[str, Any]: ...

    async def get_updates(self, offset: int | None, timeout: int,
                          limit: int = 100) -> list[dict[str, Any]]: ...

    def parse_update(self, data: dict[str, Any]) -> dict[str, Any]:
        """A webhook body through the framework's own Update type, back to a dict."""
        ...

    async def send_message(self, chat_id: int, html: str, keyboard: Rows | None,
                           thread_id: int | None = None, reply_to: int | None = None) -> int:
        """Returns the new message's id; `thread_id`: a forum topic, `reply_to`: a message."""
        ...

    async def copy_message(self, to_chat: int, from_chat: int, message_id: int,
                           thread_id: int | None = None, reply_to: int | None = None) -> int:
        """copyMessage (no "forwarded from" header, works for hidden senders)."""
        ...

    async def create_topic(self, chat_id: int, title: str) -> int | None:
        """A new forum topic's message_thread_id; None when the chat is not a forum."""
        ...

    async def edit_text(self, chat_id: int, message_id: int, html: str) -> None:
        """Replace the text; the inline keyboard goes away."""
        ...

    async def edit_caption(self, chat_id: int, message_id: int, html: str) -> None: ...

    async def close_topic(self, chat_id: int, thread_id: int) -> None:
        """closeForumTopic (400 TOPIC_NOT_MODIFIED when closed already)."""
        ...

    async def reopen_topic(self, chat_id: int, thread_id: int) -> None:
        """reopenForumTopic (400 TOPIC_NOT_MODIFIED when open already)."""
        ...

    async def remove_keyboard(self, chat_id: int, message_id: int) -> str | None:
        """Drop the inline keyboard; the message's text, as Telegram returns it."""
        ...

    async def send_document(self, chat_id: int, path: Path, caption_html: str) -> int: ...

    async def send_photo(self, chat_id: int, path: Path, caption_html: str) -> int: ...

    async def download(self, file_id: str) -> bytes:
        """getFile, then the bytes from {api_base}/file/bot<token>/<file_path> (20 MB at most
        on api.telegram.org: a bigger file is a BadRequest); a self-hosted server in --local
        mode answers an absolute path, read from the shared disk."""
        ...

    async def send_chat_action(self, chat_id: int, action: str) -> None:
        """sendChatAction: "typing", "upload_document" …"""
        ...

    async def answer_callback(self, query_id: str) -> None: ...

    async def set_commands(self, commands: list[tuple[str, str]], lang: str | None,
                           chat_id: int | None = None) -> None:
        """The menu for users whose language is `lang` (None: everyone else): in every private
        chat, or only in the chat `chat_id`."""
        ...

    async def delete_commands(self, lang: str | None) -> None:
        """Drop the menu of the default scope (every chat without a menu of its own)."""
        ...

    async def set_description(self, description: str, short: str, lang: str | None) -> None:
        """What an empty chat with the bot shows (description) and the bot's profile and shared
        links show (short description), for users whose language is `lang`."""
        ...

    async def set_webhook(self, url: str, secret: str, drop_pending: bool = False) -> None: ...

    async def delete_webhook(self, drop_pending: bool = False) -> None: ...

    async def close(self) -> None: ...
