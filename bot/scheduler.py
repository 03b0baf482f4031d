"""Time's events: a reminder row that falls due becomes a REMINDER event through the service.

The scheduler sits above the service and the outbox sender, and neither calls the other: it
finds due reminder rows that have no words yet and hands each, as an event, to the service,
which loads the user's snapshot as for any message (hand-over and desk included), lets `step`
word the reminder and commits the words onto the row (or skips it) in the one transaction.
The outbox sender (bot/delivery/outbox.py) then sends worded rows like replies, at most once.

Each row is one event: its update id is the row id negated (never a Telegram update id), so a
row handed over twice (two passes at once) is applied once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from bot.clock import utc_key
from bot.service import Service
from bot.store.sqlite import Store
from dialogs.events import Incoming, Kind, ReminderDue

log = logging.getLogger(__name__)
BATCH = 200  # due reminders worded per pass


class Scheduler:
    def __init__(self, store: Store, service: Service, clock: Any) -> None:
        self.store, self.service, self.clock = store, service, clock
        self.after: Callable[[], None] = lambda: None  # reminders were worded: send them

    async def run_once(self) -> int:
        """Every reminder due by now, worded (or skipped) through the service; how many."""
        now = self.clock.now()
        key = utc_key(now)
        rows = self.store.due_reminders(key, BATCH)
        for row in rows:
            await self.service.handle(self.event(row, key))
        if rows:
            self.after()
        return len(rows)

    def event(self, row: dict[str, Any], now_key: str) -> Incoming:
        payload = row["payload"]
        due = ReminderDue(
            row_id=row["id"], case_id=row["case_id"], payload=payload,
            late=self.store.was_down_at(row["due_at"]),  # not merely sent a while after due
            # after downtime several are due: only the latest one goes out
            superseded=self.store.later_reminder_due(row["case_id"], payload["rule"],
                                                     row["due_at"], now_key, row["id"]))
        return Incoming(user_id=row["user_id"], chat_id=row["chat_id"], kind=Kind.REMINDER,
                        at=self.clock.now(), update_id=-row["id"], reminder=due)

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        """A pass every `interval` until `stop`, and a last one then."""
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:  # the store is unwell: the rows stay due, the next pass tries
                log.exception("wording due reminders failed")
            try:
                await asyncio.wait_for(stop.wait(), interval)
            except TimeoutError:
                pass
        try:
            await self.run_once()
        except Exception:
            log.exception("wording due reminders failed")
