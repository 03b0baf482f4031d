"""The Transport protocol every adapter implements, and what delivery failures mean."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from dialogs.actions import Action


class RetryLater(Exception):
    """The transport asks to wait (Telegram's 429 retry_after) and try the same row again."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class Undeliverable(Exception):
    """The row can never be delivered (a 400, the chat gone): give up on it, reason kept."""


class Blocked(Undeliverable):
    """403: the user blocked the bot. Their reminders wait until they write again."""


class Transient(Exception):
    """Network trouble or a 5xx: the call did not go through; try the row again later."""


class Uncertain(Transient):
    """A timeout after the request went out: Telegram may have the message or not."""


class Progress(Protocol):
    """Where a transport keeps a row's delivery progress (the outbox, for the Bot API)."""

    def sending(self, ref: int) -> None:
        """Right before a call that sends: the row is `sending` (committed)."""
        ...

    def parts_done(self, ref: int) -> int:
        """Parts of a split message already accepted by Telegram."""
        ...

    def part_sent(self, ref: int, parts: int) -> None: ...


class Transport(Protocol):
    async def deliver(self, action: Action, ref: int) -> None:
        """Perform one action (`ref`: its outbox row id); raise RetryLater or Undeliverable when it cannot be done now."""
        ...

    async def fetch(self, file_id: str, dest: Path) -> None:
        """Download a file the user sent into `dest`."""
        ...
