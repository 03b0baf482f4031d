"""The Transport protocol every adapter implements, what delivery failures mean, and where a\ntransport keeps a row's progress (`Progress`; `StoredProgress` keeps it on the outbox row)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from dialogs.actions import Action

if TYPE_CHECKING:
    from bot.store.contract import OutboxStates


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


class Superseded(Exception):
    """The row is not ours to send any more: another sender took it over (our lease ran out),
    or it was settled meanwhile (a reschedule cancelled it). Nothing was sent."""


class Uncertain(Transient):
    """A timeout after the request went out: Telegram may have the message or not."""


class Progress(Protocol):
    """Where a transport keeps a row's delivery progress (the outbox, for the Bot API)."""

    async def sending(self, ref: int) -> None:
        """Right before a call that sends: the row is `sending` (committed)."""
        ...

    def parts_done(self, ref: int) -> int:
        """Parts of a split message already accepted by Telegram."""
        ...

    def part_sent(self, ref: int, parts: int) -> None: ...


class StoredProgress:
    """Progress on the outbox row, what the Telegram transport commits around its Bot API
    calls: `sending` before a call, and how many parts of a split message went."""

    def __init__(self, rows: OutboxStates, now: Callable[[], datetime],
                 owner: str | None = None) -> None:
        self.rows, self.now = rows, now
        self.owner = owner  # the sender holding the rows' leases (bot/delivery/lease.py)
        # the sender's group commit (bot/delivery/marks.py): marks of chats served at once
        self.commit: Callable[[Callable[[], bool]], Awaitable[bool]] | None = None

    async def sending(self, ref: int) -> None:
        """Raises Superseded when the row is no longer this sender's: nothing is sent."""
        at = self.now().isoformat(timespec="seconds")

        def mark() -> bool:
            return self.rows.sending(ref, at, self.owner)

        marked = await self.commit(mark) if self.commit is not None else mark()
        if not marked and self.owner is not None:
            raise Superseded(f"outbox row {ref}")

    def parts_done(self, ref: int) -> int:
        return self.rows.parts_sent(ref)

    def part_sent(self, ref: int, parts: int) -> None:
        self.rows.part_sent(ref, parts)


class Transport(Protocol):
    async def deliver(self, action: Action, ref: int) -> None:
        """Perform one action (`ref`: its outbox row id); raise RetryLater or Undeliverable when it cannot be done now."""
        ...

    async def fetch(self, file_id: str, dest: Path) -> None:
        """Download a file the user sent into `dest`."""
        ...
