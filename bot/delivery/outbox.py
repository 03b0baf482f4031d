"""The outbox sender: due rows to the transport, each chat in order, different chats at once.

- Per chat, rows go out in (due_at, id) order, one at a time; different chats are served
  concurrently (the transport's rate limiter keeps Telegram's 1/s per chat and 30/s overall).
- A row is `sending` (committed) before the Bot API call and settled after it; see
  bot/store/outbox_rows.py for every state a row can end in.
- Nothing sleeps on a failure: a transient one (network, 5xx, 429, timeout) moves the row's
  retry_at (exponential backoff with jitter; a 429's retry_after) and holds back only that
  chat; a permanent one (400, 403) ends the row with its reason.
- A reminder row goes out with the words the engine gave it when it fell due (bot/scheduler.py
  words due reminders through the service); one not worded yet waits for its words.
- A crash between the send and `sent` leaves the row `sending`: at start-up a reminder is
  marked `unknown` and not sent again (at most once), a reply is sent again (once per restart).
  A call that timed out is the same doubt without a crash: a reminder ends `unknown`, a reply
  is tried once more and then ends `unknown`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from bot.clock import utc_key
from bot.delivery.retry_policy import RetryPolicy
from bot.store.contract import Store
from bot.transport import Blocked, RetryLater, Transient, Transport, Uncertain, Undeliverable
from dialogs.actions import Action, from_payload

log = logging.getLogger(__name__)
# Carries out a job row; True: the row waits for its report to be handed in (bot/scheduler.py),
# whose commit marks it sent.
Worker = Callable[[Any, dict[str, Any]], Awaitable[bool]]
WORKER_KINDS = frozenset({"download_file", "evidence_op", "timeline_picture", "shop_dossier"})
HEARTBEAT = timedelta(seconds=60)  # how often a running service notes that it is running
DOWN_AFTER = timedelta(minutes=10)  # unseen longer than this before a start: it was down
BATCH = 500  # due rows looked at per pass
# Reminders in flight at once. A crash loses the ones in flight (at most once: they end
# `unknown`), so few go at a time; they are never urgent to the second.
REMINDERS_IN_FLIGHT = 4


class Delivery:
    def __init__(self, store: Store, transport: Transport, clock: Any,
                 worker: Worker | None = None,
                 policy: RetryPolicy | None = None,
                 skip_kinds: frozenset[str] = frozenset(), kill_after: int = 0) -> None:
        self.store, self.transport, self.clock = store, transport, clock
        self.skip_kinds = skip_kinds  # rows another worker carries out (bot/delivery/jobs.py)
        self.worker = worker  # evidence rows; without one they go to the transport as they are
        self.policy = policy or RetryPolicy()
        self.rows = store.rows
        self._wake = asyncio.Event()
        self._chats: dict[int, asyncio.Task[int]] = {}  # chats being served now
        self._recovered = False
        self._network_down = False  # a row is waiting out network trouble
        self._unsettled: dict[int, str] = {}  # sent, but the store failed to say so yet
        self._stuck: set[int] = set()  # maybe left `sending` by a store error mid-call
        self._kill_after = kill_after  # fault tests: die between a send and its `sent` mark
        self._reminder_slots: asyncio.Semaphore | None = None
        now = clock.now()
        store.record_start(utc_key(now), utc_key(now - DOWN_AFTER))
        self._beat = now

    def heartbeat(self) -> None:
        """Note now and then that the service runs: a reminder due while it ran is not late."""
        now = self.clock.now()
        if now - self._beat >= HEARTBEAT or now < self._beat:
            try:
                self.store.heartbeat(utc_key(now))
            except Exception:  # the store is unwell: the pass goes on, the beat comes later
                log.warning("could not note that the service runs", exc_info=True)
                return
            self._beat = now

    @property
    def beat_at(self) -> datetime:
        """When the loop last noted that it runs (every HEARTBEAT while it runs): /healthz."""
        return self._beat

    def wake(self) -> None:
        """New rows were committed: deliver now instead of at the next tick."""
        self._wake.set()

    def recover(self) -> None:
        """Once, before the first pass: settle what a dead process left `sending`."""
        self._recovered = True
        lost, again = self.rows.recover()
        if lost or again:
            log.warning("after a restart: %d row(s) left sending; %d reminder(s) marked unknown, "
                        "%d reply(ies) sent again", lost + again, lost, again)

    async def deliver_due(self) -> int:
        """One pass over the due rows, waiting for every chat it started; returns how many
        rows were sent."""
        tasks = self.dispatch()
        return sum(await asyncio.gather(*tasks)) if tasks else 0

    def dispatch(self) -> list[asyncio.Task[int]]:
        """Start serving every chat that has due rows and is not being served already."""
        if not self._recovered:
            self.recover()
        self._settle()
        self.heartbeat()
        by_chat: dict[int, list[dict[str, Any]]] = {}
        for row in self.store.due(utc_key(self.clock.now()), BATCH, self.skip_kinds):
            if row["chat_id"] not in self._chats:
                by_chat.setdefault(row["chat_id"], []).append(row)
        started = []
        for chat_id, rows in by_chat.items():
            task = asyncio.create_task(self._serve(rows))
            self._chats[chat_id] = task
            task.add_done_callback(lambda _t, c=chat_id: self._served(c))
            started.append(task)
        return started

    def _served(self, chat_id: int) -> None:
        self._chats.pop(chat_id, None)
        self._wake.set()  # the chat may have more rows by now

    async def idle(self) -> None:
        """Until no chat is being served."""
        while self._chats:
            await asyncio.gather(*self._chats.values(), return_exceptions=True)

    def _settle(self) -> None:
        """Rows Telegram accepted while the store could not record it: recorded now; rows a
        store error left `sending` mid-call: settled as after a restart."""
        for row_id, at in list(self._unsettled.items()):
            self.store.mark_sent(row_id, at)
            del self._unsettled[row_id]
        for row_id in list(self._stuck):
            self.rows.recover_one(row_id)
            self._stuck.discard(row_id)

    async def _serve(self, rows: list[dict[str, Any]]) -> int:
        sent = 0
        for row in rows:
            try:
                outcome = await self._one(row)
            except Exception:  # the store failed (locked, disk full): the chat waits a pass
                log.exception("outbox row %s: its state could not be written", row["id"])
                if row["id"] not in self._unsettled:
                    self._stuck.add(row["id"])
                break
            if outcome == "wait":  # the chat waits; its later rows must not overtake
                break
            if outcome == "unworded":  # the scheduler words it soon; replies need not wait
                continue
            sent += outcome in ("sent", "reported")
        return sent

    async def _one(self, row: dict[str, Any]) -> str:
        if row["kind"] == "reminder" and "message" not in row["payload"]:
            return "unworded"
        try:
            action = from_payload(row["payload"]["message"] if row["kind"] == "reminder"
                                  else row["payload"])
        except self.store.errors:  # the store is unwell, not the row: the chat waits a pass
            raise
        except Exception as exc:  # a row we cannot read will not become readable
            log.exception("outbox row %s cannot be rendered", row["id"])
            self.rows.end(row["id"], "failed", f"cannot be rendered: {exc!r}")
            return "failed"
        try:
            reported = await self._call(action, row)
        except RetryLater as exc:
            self._retry(row, exc.seconds, f"429: retry after {exc.seconds:g}s")
            return "wait"
        except Blocked as exc:
            log.info("chat %s blocked the bot: its reminders wait until it writes again",
                     row["chat_id"])
            self.rows.block(row["chat_id"], self._stamp(), f"403 blocked by the user: {exc}")
            return "wait"  # the chat's other rows were settled by block(): none is tried
        except Undeliverable as exc:
            self.rows.end(row["id"], "failed", str(exc))
            return "failed"
        except Uncertain as exc:
            return self._uncertain(row, exc)
        except Transient as exc:
            return self._transient(row, exc)
        except self.store.errors:  # our store, not the row: _serve holds the chat for a pass
            raise
        except Exception as exc:  # not Telegram's answer nor the network: a few tries, then stop
            log.exception("delivery of outbox row %s failed", row["id"])
            if row["attempts"] + 1 >= self.policy.odd_tries:
                self.rows.end(row["id"], "failed", f"error: {exc!r}")
                return "failed"
            self._retry(row, self.policy.delay(row["attempts"] + 1), f"error: {exc!r}")
            return "wait"
        if reported:  # a job whose report goes to the engine; that commit marks it sent
            return "reported"
        stamp = self._stamp()
        try:
            self.store.mark_sent(row["id"], stamp)
        except Exception:  # Telegram has it: never send it again for a store hiccup
            self._unsettled[row["id"]] = stamp
            raise
        self.api_back()
        return "sent"

    def api_back(self) -> None:
        """The Bot API answered (a send, or the poller's getUpdates): rows waiting out network
        trouble go now instead of at their backoff time."""
        if not self._network_down:
            return
        self._network_down = False
        self.store.network_back(utc_key(self.clock.now()))
        self._wake.set()

    async def _call(self, action: Action, row: dict[str, Any]) -> bool:
        if self.worker is not None and row["kind"] in WORKER_KINDS:
            self.rows.sending(row["id"], self._stamp())
            return await self.worker(action, row)
        if row["kind"] == "reminder":
            if self._reminder_slots is None:
                self._reminder_slots = asyncio.Semaphore(REMINDERS_IN_FLIGHT)
            async with self._reminder_slots:
                await self._send(action, row)
        else:
            await self._send(action, row)
        return False

    async def _send(self, action: Action, row: dict[str, Any]) -> None:
        if not getattr(self.transport, "marks_sending", False):
            self.rows.sending(row["id"], self._stamp())
        await self.transport.deliver(action, row["id"])
        if self._kill_after:
            self._kill_after -= 1
            if not self._kill_after:
                os.kill(os.getpid(), signal.SIGKILL)

    def _transient(self, row: dict[str, Any], exc: Exception) -> str:
        since = datetime.fromisoformat(row["tried_at"]) if row["tried_at"] else \
            self.clock.now()
        if self.policy.gives_up(self.clock.now() - since):
            self.rows.end(row["id"], "failed", f"network: gave up after {row['attempts'] + 1} "
                                               f"tries since {since:%Y-%m-%d %H:%M}: {exc}")
            return "failed"
        self._network_down = True
        self._retry(row, self.policy.delay(row["attempts"] + 1), f"network: {exc}")
        return "wait"

    def _uncertain(self, row: dict[str, Any], exc: Exception) -> str:
        """A timeout after the request went out: Telegram may have shown it. A reminder is not
        risked twice; a reply is tried once more."""
        if row["kind"] == "reminder" or row["uncertain"] >= 1:
            self.rows.end(row["id"], "unknown", f"no answer in time, may have arrived: {exc}")
            return "unknown"
        self._network_down = True
        self._retry(row, self.policy.delay(row["attempts"] + 1), f"network: timed out: {exc}",
                    uncertain=True)
        return "wait"

    def _retry(self, row: dict[str, Any], seconds: float, why: str,
               uncertain: bool = False) -> None:
        now = self.clock.now()
        log.info("outbox row %s for chat %s: %s; again in %.1fs", row["id"], row["chat_id"],
                 why, seconds)
        self.rows.retry(row["id"], utc_key(now + timedelta(seconds=seconds)), why,
                        now.isoformat(timespec="seconds"), uncertain)

    def _stamp(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")  # type: ignore[no-any-return]

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        """Deliver until `stop` is set (a pass whenever woken, a chat finished, or every
        `interval`); at the end, what is due then goes out and the chats in hand finish."""
        while not stop.is_set():
            self._wake.clear()  # before the pass: a wake during it means "look again"
            try:
                self.dispatch()
            except Exception:  # the store is unwell; keep the loop, the rows stay pending
                log.exception("outbox delivery pass failed")
            waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            await asyncio.wait(waiters, timeout=interval, return_when=asyncio.FIRST_COMPLETED)
            for w in waiters:
                w.cancel()
        await self.idle()
        await self.deliver_due()
