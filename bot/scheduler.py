"""Events that do not come from a chat: a reminder falling due, an evidence job's report.

The scheduler sits above the service and the outbox (bot/delivery/), and neither of those calls
the other. Each pass it hands the service, as events:
- every due reminder row without words (a REMINDER event): the snapshot is loaded as for any
  message (hand-over and desk data included), `step` words the reminder, and the one commit
  writes the words onto the row (or skips it); the outbox sender then sends it, at most once;
- every download job's report written on its row (an EVIDENCE event): `step` tells the user what
  was kept, and the same commit marks the job's row sent.

A report's event has the row id negated as its update id (never a Telegram update id), so a
report handed in twice (two passes at once, or again after a crash) is applied once. A
reminder's event has none: it changes only the words on its own row (pending rows only), and
words a stopped process gave but did not send are taken back at start-up and given again.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

from bot.clock import utc_key
from bot.service import Service
from bot.store.contract import Store
from dialogs.events import Incoming, Kind, ReminderDue

log = logging.getLogger(__name__)
BATCH = 200  # rows handed in per pass, of each sort


class Scheduler:
    def __init__(self, store: Store, service: Service, clock: Any) -> None:
        self.store, self.service, self.clock = store, service, clock
        self.after: Callable[[], None] = lambda: None  # events were applied: replies wait
        self._wake = asyncio.Event()
        self._started = False

    def wake(self) -> None:
        """A job wrote its report: hand it in now rather than at the next tick."""
        self._wake.set()

    async def run_once(self) -> int:
        """Every report waiting and every reminder due by now, through the service; how many."""
        if not self._started:  # words a stopped process gave but did not send are stale
            self._started = True
            with self.store.transaction():
                self.store.unword_reminders()
        reports = self.store.reports_waiting(BATCH)
        for row in reports:
            await self.service.handle(self.report_event(row))
        key = utc_key(self.clock.now())
        reminders = self.store.due_reminders(key, BATCH)
        for row in reminders:
            await self.service.handle(self.reminder_event(row, key))
        if reports or reminders:
            self.after()
        return len(reports) + len(reminders)

    def report_event(self, row: dict[str, Any]) -> Incoming:
        return Incoming(user_id=row["user_id"], chat_id=row["chat_id"], kind=Kind.EVIDENCE,
                        at=self.clock.now(), update_id=-row["id"], row_id=row["id"],
                        extra={"report": json.dumps(row["report"])})

    def reminder_event(self, row: dict[str, Any], now_key: str) -> Incoming:
        payload = row["payload"]
        due = ReminderDue(
            row_id=row["id"], case_id=row["case_id"], payload=payload,
            late=self.store.was_down_at(row["due_at"]),  # not merely sent a while after due
            # after downtime several are due: only the latest one goes out
            superseded=self.store.later_reminder_due(row["case_id"], payload["rule"],
                                                     row["due_at"], now_key, row["id"]))
        # No update id: a reminder's event changes only its own row's words (never the
        # snapshot), so wording it twice is harmless, and it must be worded again after a
        # restart (see run_once).
        return Incoming(user_id=row["user_id"], chat_id=row["chat_id"], kind=Kind.REMINDER,
                        at=self.clock.now(), row_id=row["id"], reminder=due)

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        """A pass whenever woken or every `interval` until `stop`, and a last one then."""
        while not stop.is_set():
            self._wake.clear()  # before the pass: a wake during it means "look again"
            await self._pass()
            waiters = [asyncio.ensure_future(self._wake.wait()),
                       asyncio.ensure_future(stop.wait())]
            await asyncio.wait(waiters, timeout=interval, return_when=asyncio.FIRST_COMPLETED)
            for w in waiters:
                w.cancel()
        await self._pass()

    async def _pass(self) -> None:
        try:
            await self.run_once()
        except Exception:  # the store is unwell: the rows stay as they are, the next pass tries
            log.exception("handing due reminders and job reports to the service failed")
