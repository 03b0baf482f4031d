"""What the Telegram transport commits around its Bot API calls, on the outbox rows: `sending`
before a call, and how many parts of a split message went (bot.transport.Progress)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.store.contract import OutboxStates


class StoredProgress:
    """bot.transport.Progress on the outbox: what the Telegram transport commits around calls."""

    def __init__(self, rows: OutboxStates, now: Callable[[], datetime]) -> None:
        self.rows, self.now = rows, now

    def sending(self, ref: int) -> None:
        self.rows.sending(ref, self.now().isoformat(timespec="seconds"))

    def parts_done(self, ref: int) -> int:
        return self.rows.parts_sent(ref)

    def part_sent(self, ref: int, parts: int) -> None:
        self.rows.part_sent(ref, parts)
