"""The delivery loop: sends due outbox rows through the transport and marks them sent.

A crash between commit and send loses nothing: the row is still pending and goes out after
restart. Rows go out in (due_at, id) order; a transport that asks to wait stops the pass so a
chat's messages never overtake each other.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from bot.service import utc_key
from bot.store import Store
from bot.transport import RetryLater, Transport, Undeliverable
from dialogs.actions import Action, from_payload

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
Render = Callable[[dict[str, Any], datetime], Action | None]
Worker = Callable[[Any, dict[str, Any]], Awaitable[None]]
WORKER_KINDS = frozenset({"download_file", "evidence_op"})
HEARTBEAT = timedelta(seconds=60)  # how often a running service notes that it is running
DOWN_AFTER = timedelta(minutes=10)  # unseen longer than this before a start: it was down


def _default_renderer(store: Store) -> Render:
    from bot.config import load_settings
    from bot.reminders import ReminderRenderer
    from knowledge.loader import load_kb

    settings = load_settings()
    return ReminderRenderer(store, load_kb(), settings.tz, settings.lang)


class Delivery:
    def __init__(self, store: Store, transport: Transport, clock: Any,
                 render: Render | None = None, worker: Worker | None = None) -> None:
        self.store, self.transport, self.clock = store, transport, clock
        self.render = render or _default_renderer(store)
        self.worker = worker  # evidence rows; without one they go to the transport as they are
        self._wake = asyncio.Event()
        now = clock.now()
        store.record_start(utc_key(now), utc_key(now - DOWN_AFTER))
        self._beat = now

    def heartbeat(self) -> None:
        now = self.clock.now()
        if now - self._beat >= HEARTBEAT or now < self._beat:
            self.store.heartbeat(utc_key(now))
            self._beat = now

    def wake(self) -> None:
        """New rows were committed: deliver now instead of at the next tick."""
        self._wake.set()

    async def deliver_due(self) -> int:
        """One pass over the due rows; returns how many were delivered."""
        delivered = 0
        self.heartbeat()
        for row in self.store.due(utc_key(self.clock.now())):
            now = self.clock.now()
            action = self.render(row, now) if row["kind"] == "reminder" else \
                from_payload(row["payload"])
            if action is None:
                self.store.mark_skipped(row["id"], now.isoformat(timespec="seconds"))
                continue
            try:
                if self.worker is not None and row["kind"] in WORKER_KINDS:
                    await self.worker(action, row)
                else:
                    await self.transport.deliver(action, row["id"])
            except RetryLater as exc:
                log.info("transport asks to wait %.1fs", exc.seconds)
                await asyncio.sleep(exc.seconds)
                return delivered
            except Undeliverable as exc:
                self.store.mark_failed(row["id"], str(exc), give_up=True)
                continue
            except Exception as exc:  # network trouble: keep the row, try again later
                log.warning("delivery of outbox row %s failed: %r", row["id"], exc)
                self.store.mark_failed(row["id"], repr(exc),
                                       give_up=row["attempts"] + 1 >= MAX_ATTEMPTS)
                return delivered
            self.store.mark_sent(row["id"], self.clock.now().isoformat(timespec="seconds"))
            delivered += 1
        return delivered

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        """Deliver until `stop` is set; a final pass sends what is already due."""
        while not stop.is_set():
            self._wake.clear()  # before the pass: a wake during it means "look again"
            await self.deliver_due()
            waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            await asyncio.wait(waiters, timeout=interval, return_when=asyncio.FIRST_COMPLETED)
            for w in waiters:
                w.cancel()
        await self.deliver_due()
