"""The outbox sender: due rows to the transport, each chat in order, different chats at once.

- Rows are claimed with a lease (bot/delivery/lease.py): a batch of due rows, at most PER_CHAT
  a chat, in chats no other sender holds; rows in flight are never read again. Senders of
  several processes on one database never send a row twice.
- Per chat, rows go out in (due_at, id) order, one at a time, from the chat's queue (rows
  claimed later join it); chats are served concurrently, within the transport's rate limits
  (shared between processes by bot/adapters/telegram/limits.py `SharedLimiter`).
- A row is `sending` (committed) before the Bot API call and settled after it (every state a
  row can end in: bot/store/outbox_rows.py); a failure moves or ends only its own row and holds
  back only its chat, nothing sleeps (bot/delivery/setbacks.py).
- A sender dying between the send and `sent` leaves the row `sending`. When its lease ends (at
  once after a restart on the same host) a reminder is marked `unknown` and not sent again: a
  reminder twice makes the bot look broken and the shopper doubt every date it gives, while a
  missed one is followed by the next of its window. A reply is sent again: a lost answer is
  worse than a repeated one. A call that timed out is the same doubt without a crash.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from bot.clock import utc_key
from bot.delivery.lease import LEASE, Leases, owner_id
from bot.delivery.marks import GroupCommit
from bot.delivery.retry_policy import RetryPolicy
from bot.delivery.setbacks import Setbacks
from bot.store.contract import Store
from bot.transport import (
    Blocked,
    RetryLater,
    Superseded,
    Transient,
    Transport,
    Uncertain,
    Undeliverable,
)
from dialogs.actions import Action, from_payload

log = logging.getLogger(__name__)
# Carries out a job row; True: the row waits for its report to be handed in (bot/scheduler.py),
# whose commit marks it sent.
Worker = Callable[[Any, dict[str, Any]], Awaitable[bool]]
WORKER_KINDS = frozenset({"download_file", "evidence_op", "timeline_picture", "shop_dossier"})
HEARTBEAT = timedelta(seconds=60)  # how often a running service notes that it runs
DOWN_AFTER = timedelta(minutes=10)  # unseen longer than this before a start: it was down
# Rows claimed per pass (a chat's burst, about a second overall): senders share the chats.
BATCH, PER_CHAT = 40, 4
MAX_CHATS = 64  # chats served at once by one sender (at 30/s overall, a couple of seconds' work)
# Reminders in flight at once. A crash loses the ones in flight (at most once: they end
# `unknown`), so few go at a time; they are never urgent to the second.
REMINDERS_IN_FLIGHT = 4


def _resolve(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


class Delivery:
    def __init__(self, store: Store, transport: Transport, clock: Any,
                 worker: Worker | None = None, policy: RetryPolicy | None = None,
                 skip_kinds: frozenset[str] = frozenset(), kill_after: int = 0,
                 lease: timedelta = LEASE, owner: str | None = None,
                 max_chats: int = MAX_CHATS) -> None:
        self.store, self.transport, self.clock = store, transport, clock
        self.skip_kinds = skip_kinds  # rows another worker carries out (bot/delivery/jobs.py)
        self.worker = worker  # evidence rows; without one they go to the transport as they are
        self.policy = policy or RetryPolicy()
        self.rows = store.rows
        self.owner = owner or owner_id()  # the claimant written on the rows this sender holds
        self.leases = Leases(store.rows, self.owner, clock, lease)
        self.max_chats = max_chats
        self.setbacks = Setbacks(store.rows, self.policy, clock, self.owner)
        # the transport's `sending` marks of the chats served at one moment, in one commit
        # (bot/delivery/marks.py); `sent` is written at once after the answer (it says why)
        self.marks = GroupCommit(store)
        self._wake = asyncio.Event()
        self._waiter: asyncio.Future[None] | None = None  # the loop's sleep between passes
        self._again = False  # a chat that is done should wake the loop: rows may wait
        self._chats: dict[int, asyncio.Task[int]] = {}  # chats being served now
        self._queues: dict[int, deque[dict[str, Any]]] = {}  # their claimed rows still to go
        self._held: set[int] = set()  # rows claimed and not settled or let go yet
        self._recovered = False
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
        if self._waiter is not None:
            _resolve(self._waiter)

    def recover(self) -> None:
        """Once, before the first pass: settle what dead senders left `sending`."""
        self._recovered = True
        lost, again = self.leases.recover()
        if lost or again:
            log.warning("after a restart: %d row(s) left sending; %d reminder(s) marked unknown, "
                        "%d reply(ies) sent again", lost + again, lost, again)

    async def deliver_due(self) -> int:
        """One pass over the due rows, waiting for every chat it started; returns how many
        rows were sent."""
        tasks = self.dispatch()
        return sum(await asyncio.gather(*tasks)) if tasks else 0

    def dispatch(self) -> list[asyncio.Task[int]]:
        """Claim due rows; each joins its chat's queue, and every chat not served yet is."""
        if not self._recovered:
            self.recover()
        self._settle()
        self.heartbeat()
        self.leases.renew()
        started: list[asyncio.Task[int]] = []
        over: list[int] = []
        if len(self._queues) >= self.max_chats:  # enough in hand; claim when a chat is done
            self._again = True
            return started
        claimed = self.leases.claim(BATCH, PER_CHAT, self.skip_kinds)
        per_chat = Counter(row["chat_id"] for row in claimed)
        # rows left behind by the claim's limits: look again once a chat is done
        self._again = self._again or len(claimed) >= BATCH or \
            any(n >= PER_CHAT for n in per_chat.values())
        for row in claimed:
            if row["id"] in self._held:  # ours already (a clock that jumped past our lease)
                continue
            if row["chat_id"] not in self._queues and len(self._queues) >= self.max_chats:
                over.append(row["id"])  # enough chats in hand: for another sender, or later
                continue
            self._held.add(row["id"])
            chat_id = row["chat_id"]
            self._queues.setdefault(chat_id, deque()).append(row)
            if chat_id not in self._chats:
                task = asyncio.create_task(self._serve(chat_id))
                self._chats[chat_id] = task
                task.add_done_callback(lambda _t, c=chat_id: self._served(c))
                started.append(task)
        if over:
            self._again = True
        self.leases.release_later(over)
        return started

    def _served(self, chat_id: int) -> None:
        self._chats.pop(chat_id, None)
        self._let_go(chat_id)  # a task that died with rows still queued
        if self._again:  # rows may wait that no claim took yet (every commit wakes us anyway)
            self._again = False
            self.wake()

    def _let_go(self, chat_id: int) -> None:
        """The chat's queued rows are not sent now: free for the next claim (ours or not)."""
        queue = self._queues.pop(chat_id, deque())
        ids = [r["id"] for r in queue]
        self._held.difference_update(ids)
        self.leases.release_later(ids)
        if ids:
            self._again = True

    async def idle(self) -> None:
        """Until no chat is being served."""
        while self._chats:
            await asyncio.gather(*self._chats.values(), return_exceptions=True)

    def _settle(self) -> None:
        """Rows Telegram accepted while the store could not record it: recorded now; rows a
        store error left `sending` mid-call: settled as after a restart."""
        for row_id, at in list(self._unsettled.items()):
            self.store.mark_sent(row_id, at, self.owner)
            del self._unsettled[row_id]
        for row_id in list(self._stuck):
            self.rows.recover_one(row_id)
            self._stuck.discard(row_id)

    async def _serve(self, chat_id: int) -> int:
        """The chat's queue, in order, until it is empty or the chat must wait."""
        sent = 0
        queue = self._queues[chat_id]
        while queue:
            row = queue.popleft()
            try:
                outcome = await self._one(row)
            except Exception:  # the store failed (locked, disk full): the chat waits a pass
                log.exception("outbox row %s: its state could not be written", row["id"])
                if row["id"] not in self._unsettled:
                    self._stuck.add(row["id"])
                outcome = "wait"
            self._held.discard(row["id"])
            if outcome in ("wait", "gone"):  # its later rows must not overtake it
                break
            if outcome == "unworded":  # the scheduler words it soon; replies need not wait
                self.leases.release_later([row["id"]])
                continue
            sent += outcome in ("sent", "reported")
        self._let_go(chat_id)
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
            return self.setbacks.end(row, "failed", f"cannot be rendered: {exc!r}")
        try:
            reported = await self._call(action, row)
        except Superseded:  # taken over (our lease ran out) or cancelled meanwhile: not ours
            log.info("outbox row %s is no longer ours to send", row["id"])
            return "gone"
        except RetryLater as exc:
            return self.setbacks.retry(row, exc.seconds, f"429: retry after {exc.seconds:g}s")
        except Blocked as exc:
            log.info("chat %s blocked the bot: its reminders wait until it writes again",
                     row["chat_id"])
            self.rows.block(row["chat_id"], self._stamp(), f"403 blocked by the user: {exc}")
            return "wait"  # the chat's other rows were settled by block(): none is tried
        except Undeliverable as exc:
            return self.setbacks.end(row, "failed", str(exc))
        except Uncertain as exc:
            return self.setbacks.uncertain(row, exc)
        except Transient as exc:
            return self.setbacks.transient(row, exc)
        except self.store.errors:  # our store, not the row: _serve holds the chat for a pass
            raise
        except Exception as exc:  # not Telegram's answer nor the network: a few tries, then stop
            return self.setbacks.odd(row, exc)
        if reported:  # a job whose report goes to the engine; that commit marks it sent
            return "reported"
        stamp = self._stamp()
        try:
            if not self.store.mark_sent(row["id"], stamp, self.owner):
                log.warning("outbox row %s was sent, but another sender took it over meanwhile "
                            "(our lease ran out): it may go twice", row["id"])
        except Exception:  # Telegram has it: never send it again for a store hiccup
            self._unsettled[row["id"]] = stamp
            raise
        self.api_back()
        return "sent"

    def api_back(self) -> None:
        """The Bot API answered (a send, or the poller's getUpdates): rows waiting out network
        trouble go now instead of at their backoff time."""
        if not self.setbacks.network_down:
            return
        self.setbacks.network_down = False
        self.store.network_back(utc_key(self.clock.now()))
        self.wake()

    async def _call(self, action: Action, row: dict[str, Any]) -> bool:
        if self.worker is not None and row["kind"] in WORKER_KINDS:
            self._sending(row)
            return await self.worker(action, row)
        if row["kind"] == "reminder":
            if self._reminder_slots is None:
                self._reminder_slots = asyncio.Semaphore(REMINDERS_IN_FLIGHT)
            async with self._reminder_slots:
                await self._send(action, row)
        else:
            await self._send(action, row)
        return False

    def _sending(self, row: dict[str, Any]) -> None:
        if not self.rows.sending(row["id"], self._stamp(), self.owner):
            raise Superseded(f"outbox row {row['id']}")

    async def _send(self, action: Action, row: dict[str, Any]) -> None:
        if not getattr(self.transport, "marks_sending", False):
            self._sending(row)
        await self.transport.deliver(action, row["id"])
        if self._kill_after:
            self._kill_after -= 1
            if not self._kill_after:
                os.kill(os.getpid(), signal.SIGKILL)

    def _stamp(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")  # type: ignore[no-any-return]

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        """Deliver until `stop` is set (a pass whenever woken, a chat finished, or every
        `interval`); at the end, what is due then goes out and the chats in hand finish."""
        loop = asyncio.get_running_loop()
        stopping = asyncio.ensure_future(stop.wait())
        stopping.add_done_callback(lambda _f: self.wake())
        try:
            while not stop.is_set():
                self._wake.clear()  # before the pass: a wake during it means "look again"
                try:
                    self.dispatch()
                except Exception:  # the store is unwell; keep the loop, the rows stay pending
                    log.exception("outbox delivery pass failed")
                if self._wake.is_set():  # woken during the pass: look again, after a turn
                    await asyncio.sleep(0)
                    continue
                # One future that wake() or the tick resolves: a commit's replies are claimed
                # one loop turn later (each pass used to start two waiting tasks).
                self._waiter = waiter = loop.create_future()
                tick = loop.call_later(interval, _resolve, waiter)
                try:
                    await waiter
                finally:
                    tick.cancel()
                    self._waiter = None
        finally:
            stopping.cancel()
        await self.idle()
        await self.deliver_due()
        self.leases.release_all()  # rows claimed meanwhile and not sent: for whoever is next
