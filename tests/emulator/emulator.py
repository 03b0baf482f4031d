"""BotApiEmulator: start/stop, inspection of what the bot did, waiting, failure injection."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .admin import scope_key
from .params import ApiError
from .server import ApiServer
from .state import Call, Failure, SentMessage, Store, UserInfo
from .updates import InjectMixin

Predicate = Callable[[SentMessage], bool]


class BotApiEmulator(InjectMixin):
    """A local Telegram Bot API: `base = await emu.start()`; methods at {base}/bot{token}/{method}."""

    def __init__(self, token: str = "123:ABC", bot_username: str = "weiquan_test_bot",
                 first_update_id: int = 1000, host: str = "127.0.0.1", port: int = 0,
                 local_dir: Path | None = None) -> None:
        """`local_dir`: act as a self-hosted server started with --local (files of any size;
        getFile answers an absolute path under local_dir, read from disk by the bot)."""
        self.token = token
        head = token.split(":", 1)[0]
        self.bot_id = int(head) if head.isdigit() else 123
        bot = UserInfo(self.bot_id, "维权助手", username=bot_username, is_bot=True)
        self.store = Store(bot, first_update_id)
        self.store.local_dir = local_dir
        self.server = ApiServer(self.store, token)
        self.host, self.port = host, port
        self.base = ""

    async def start(self) -> str:
        self.base = await self.server.start(self.host, self.port)
        return self.base

    async def stop(self) -> None:
        await self.server.stop()

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---- inspection --------------------------------------------------------------------------
    def sent(self, chat_id: int | None = None, since: int = 0) -> list[SentMessage]:
        """Messages the bot sent (sendMessage, sendPhoto, sendDocument, copyMessage, forwardMessage),
        oldest first, kept current through edits; `since` is a value of mark()."""
        with self.store.lock:
            out = self.store.sent[since:]
            return [m for m in out if chat_id is None or m.chat_id == chat_id]

    def mark(self) -> int:
        """A position in sent(): pass it as `since` to see only later messages."""
        with self.store.lock:
            return len(self.store.sent)

    def last(self, chat_id: int | None = None) -> SentMessage | None:
        sent = self.sent(chat_id)
        return sent[-1] if sent else None

    def last_text(self, chat_id: int | None = None) -> str | None:
        """Text (or caption) of the newest message sent to chat_id, as Telegram shows it."""
        msg = self.last(chat_id)
        return msg.content if msg else None

    @staticmethod
    def buttons(message: SentMessage | dict[str, Any] | None) -> list[tuple[str, str | None]]:
        """(label, callback_data) of every inline button, row by row."""
        if message is None:
            return []
        if isinstance(message, SentMessage):
            return message.buttons
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        return [(b.get("text", ""), b.get("callback_data")) for row in rows for b in row]

    def calls(self, method: str | None = None) -> list[Call]:
        with self.store.lock:
            return [c for c in self.store.calls if method is None or c.method.lower() == method.lower()]

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        with self.store.lock:
            return list(self.store.callback_answers)

    def unanswered_callbacks(self) -> list[str]:
        with self.store.lock:
            return [q["id"] for q in self.store.callbacks.values() if not q["answered"]]

    @property
    def commands(self) -> dict[tuple[str, str], list[dict[str, Any]]]:
        """{(language_code, scope): [{command, description}]}; scope 'default', 'chat:<id>'…"""
        with self.store.lock:
            return copy.deepcopy(self.store.commands)

    def commands_for(self, lang: str = "", scope: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self.commands.get((lang, scope_key(scope)), [])

    def description(self, lang: str = "", short: bool = False) -> str:
        """The bot's (short) description for `lang` as set, "" when none."""
        with self.store.lock:
            return self.store.descriptions.get(("short_description" if short else "description", lang), "")

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """Any stored message (user's or bot's) as the Bot API would return it."""
        return copy.deepcopy(self.store.message(chat_id, message_id))

    def topics(self, chat_id: int) -> dict[int, str]:
        with self.store.lock:
            chat = self.store.chats.get(chat_id)
            return {t.thread_id: t.name for t in chat.topics.values() if not t.deleted} if chat else {}

    def closed_topics(self, chat_id: int) -> set[int]:
        """Forum topics of the chat that are closed now (closeForumTopic, not reopened)."""
        with self.store.lock:
            chat = self.store.chats.get(chat_id)
            return {t.thread_id for t in chat.topics.values() if t.closed} if chat else set()

    def file_bytes(self, file_id: str) -> bytes:
        stored = self.store.files.get(file_id)
        if stored is None:
            raise KeyError(file_id)
        return stored.data

    def pending_updates(self) -> list[int]:
        """update_ids not yet confirmed by the bot (offset or webhook 2xx)."""
        with self.store.lock:
            return [u["update_id"] for u in self.store.forced + self.store.pending]

    def polls_waiting(self) -> int:
        """How many getUpdates long polls are waiting right now (the bot is up and polling)."""
        return self.server.waiting_polls

    @property
    def webhook_deliveries(self) -> list[tuple[int, int]]:
        """(update_id, HTTP status the bot answered; 0 = connection failed)."""
        with self.store.lock:
            return list(self.store.webhook_deliveries)

    @property
    def webhook(self) -> dict[str, Any] | None:
        with self.store.lock:
            return dict(self.store.webhook) if self.store.webhook else None

    # ---- failures ----------------------------------------------------------------------------
    def fail(self, method: str, times: int = 1, retry_after: int | None = 1, error_code: int = 429,
             description: str | None = None, chat_id: int | None = None) -> None:
        """The next `times` calls of method (optionally only for chat_id) answer an error,
        by default 429 Too Many Requests with parameters.retry_after."""
        if description is None:
            description = f"Too Many Requests: retry after {retry_after}" if error_code == 429 else "Bad Request"
        with self.store.lock:
            self.store.failures.append(Failure(method, times, error_code, description,
                                               retry_after if error_code == 429 else None, chat_id))

    def outage(self, errors: float, refused: float = 0.0, status: int = 502) -> None:
        """From now: sends answer `status` for `errors` seconds, then no connections at all for
        `refused` seconds (tests/emulator/outage.py). Call from the emulator's loop (or use
        EmulatorThread.outage)."""
        self.server.outage.start(errors, refused, status)

    @property
    def outage_over(self) -> bool:
        return self.server.outage.over

    def rate_limit(self, per_chat: tuple[int, float] | None = (1, 1.0),
                   overall: tuple[int, float] | None = (30, 1.0),
                   per_group: tuple[int, float] | None = (20, 60.0)) -> None:
        """Enforce Telegram-like send rates as (count, seconds) sliding windows; a send over a limit
        answers 429 with retry_after. rate_limit(None, None, None) turns it off (the default)."""
        self.server.flood.configure(per_chat, overall, per_group)

    # ---- waiting -----------------------------------------------------------------------------
    async def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0,
                         what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{what} not met within {timeout}s")
            await self.server.activity.wait(min(remaining, 0.05))

    async def wait_for(self, what: Predicate | int, timeout: float = 5.0, chat_id: int | None = None,
                       since: int = 0) -> Any:
        """int n: wait until n messages were sent (to chat_id, after `since`), return them all.
        predicate: wait until a sent message matches, return the first that does."""
        found: list[Any] = []

        def check() -> bool:
            sent = self.sent(chat_id, since)
            if isinstance(what, int):
                if len(sent) >= what:
                    found.append(sent)
                    return True
                return False
            for msg in sent:
                if what(msg):
                    found.append(msg)
                    return True
            return False

        try:
            await self.wait_until(check, timeout)
        except TimeoutError:
            seen = [(m.chat_id, m.method, m.content[:80]) for m in self.sent(chat_id, since)]
            raise TimeoutError(f"bot did not send the expected message within {timeout}s; sent: {seen}") from None
        return found[0]

    async def wait_idle(self, timeout: float = 5.0) -> None:
        """Wait until the bot confirmed every injected update."""
        await self.wait_until(lambda: not self.pending_updates(), timeout, "all updates confirmed")


__all__ = ["ApiError", "BotApiEmulator"]
