"""What a chat test reads and says, whichever way the bot is reached.

A `Reply` is one message the bot sent, as the user sees it: it *is* its text (a `str`, so
`"维权助手" in reply` reads naturally) and carries its buttons, its id and, once the user
pressed one of them, the choice the bot marked on it. `Conversation` is the one set of verbs
every driver offers: the console driver (tests/chat/console.py, the engine on a real SQLite
file) and the emulator driver (tests/chat/telegram.py, python-telegram-bot or aiogram over
real HTTP), so one scenario runs on both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

FileSpec = bytes | tuple[bytes, str, str]  # a photo, or (data, file_name, mime) as a document
Match = str | Callable[["Reply"], bool]


class Reply(str):
    """One message from the bot: its text, plus what a Telegram user would also see."""

    message_id: int
    buttons: list[tuple[str, str | None]]  # (label, callback data), row after row
    kind: str  # "text", "photo" or "document"
    parse_mode: str | None
    chosen: str | None  # the answer marked on this question after a press, if any
    raw: Any  # the driver's own record (a console Sent, an emulator SentMessage)

    def __new__(cls, text: str, *, message_id: int = 0, buttons: Sequence[tuple[str, str | None]] = (),
                kind: str = "text", parse_mode: str | None = None, chosen: str | None = None,
                raw: Any = None) -> Reply:
        reply = super().__new__(cls, text)
        reply.message_id, reply.buttons, reply.kind = message_id, list(buttons), kind
        reply.parse_mode, reply.chosen, reply.raw = parse_mode, chosen, raw
        return reply

    @property
    def text(self) -> str:
        return str(self)

    @property
    def content(self) -> str:  # the emulator's name for the text
        return str(self)

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.buttons]

    def button(self, label: str) -> tuple[str, str]:
        """The button called `label` (else the first whose label contains it): (label, data)."""
        for exact in (True, False):
            for text, data in self.buttons:
                if data is not None and (text == label if exact else label in text):
                    return text, data
        raise AssertionError(f"no button {label!r} on {str(self)[:60]!r}: {self.labels}")


def matches(reply: Reply, what: Match) -> bool:
    return what in reply if isinstance(what, str) else what(reply)


def texts(replies: Sequence[Any]) -> list[str]:
    """The texts of some replies (or of emulator SentMessages)."""
    return [getattr(r, "content", r) if not isinstance(r, str) else str(r) for r in replies]


class Conversation(Protocol):
    """One user talking to the bot. Every verb returns the replies it caused, once the bot
    committed the update and delivered them; waits end at that event, never after a sleep."""

    user: int
    db: Path  # the bot's SQLite file

    async def send(self, text: str) -> list[Reply]: ...

    async def edit(self, text: str, message_id: int | None = None) -> list[Reply]:
        """The user edits one of their typed messages (by default the newest) to read `text`."""
        ...

    async def click(self, label: str) -> list[Reply]:
        """Press `label` (exact, else contained) on the newest message showing it."""
        ...

    async def press_on(self, message: Reply, label: str) -> list[Reply]:
        """Press a button of a given, possibly older, message."""
        ...

    async def send_photo(self, data: bytes, caption: str | None = None) -> list[Reply]: ...

    async def send_document(self, data: bytes, file_name: str, mime: str,
                            caption: str | None = None) -> list[Reply]: ...

    async def send_album(self, files: list[FileSpec], caption: str | None = None) -> list[Reply]:
        ...

    async def wait_reply(self, what: Match, since: int = 0, timeout: float | None = None) -> Reply:
        """The first reply after mark `since` that contains `what` (or satisfies it)."""
        ...

    def mark(self) -> int:
        """A position in the conversation: pass it to since() or wait_reply()."""
        ...

    def since(self, mark: int) -> list[Reply]: ...

    def current(self, message: Reply) -> Reply:
        """The message as it shows now (with the bot's later edits)."""
        ...

    @property
    def replies(self) -> list[Reply]: ...

    @property
    def last(self) -> Reply: ...
