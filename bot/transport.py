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
    """The row can never be delivered (user blocked the bot, chat gone): give up on it."""


class Transport(Protocol):
    async def deliver(self, action: Action, ref: int) -> None:
        """Perform one action (`ref`: its outbox row id); raise RetryLater or Undeliverable when it cannot be done now."""
        ...

    async def fetch(self, file_id: str, dest: Path) -> None:
        """Download a file the user sent into `dest`."""
        ...
