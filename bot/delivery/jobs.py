"""Evidence jobs apart from replies: downloads and image checks, files sent back, PDF exports.

They are outbox rows like replies (written in the same commit as the event that asked for
them) but have their own worker, so a 15 MB download or a PDF never holds up anyone's reply:
- at most `concurrency` jobs run at once, one at a time per chat, in row order;
- a job starts only after the replies its chat was given before it went out (the "preparing
  your PDF" notice before the PDF); replies queued after it do not wait for it;
- the CPU work inside a job runs in a thread (bot/evidence/worker.py), not on the event loop;
- a job's result goes back through the engine as an evidence event, as before.

Rows: claimed with a lease (as the outbox sender's, under the same owner: bot/delivery/lease.py),
so a job runs in one process of several on one database; pending -> sending (the job runs) ->
sent; a crash meanwhile re-runs it once its lease ends (at once after a restart on the same
host; the worker recognises files it kept already); a 429 or network trouble moves its due time
on; anything else ends it `failed` with the reason (`weiquan outbox` shows it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bot.clock import utc_key
from bot.delivery.lease import LEASE, Leases, owner_id
from bot.delivery.outbox import WORKER_KINDS, Worker
from bot.delivery.retry_policy import RetryPolicy
from bot.store.contract import Store
from bot.transport import RetryLater, Transient
from dialogs.actions import from_payload

log = logging.getLogger(__name__)


class Jobs:
    def __init__(self, store: Store, worker: Worker, clock: Any, concurrency: int = 2,
                 policy: RetryPolicy | None = None, owner: str | None = None,
                 lease: timedelta = LEASE) -> None:
        self.store, self.worker, self.clock = store, worker, clock
        self.owner = owner or owner_id()  # the outbox sender's, when the process has one
        self.leases = Leases(store.rows, self.owner, clock, lease)
        self.after: Callable[[], None] = lambda: None  # a job ended: its replies are queued
        self.policy = policy or RetryPolicy()
        self._slots = asyncio.Semaphore(concurrency)
        self._chats: dict[int, asyncio.Task[None]] = {}
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    def due(self) -> list[dict[str, Any]]:
        return self.store.jobs_due(utc_key(self.clock.now()), WORKER_KINDS)

    def dispatch(self) -> list[asyncio.Task[None]]:
        """Claim each chat's next job and start it, unless that chat has one running."""
        self.leases.renew()
        now = self.clock.now()
        started, busy = [], []
        for row in self.store.rows.claim_jobs(self.owner, utc_key(now),
                                              utc_key(now + self.leases.length), WORKER_KINDS):
            chat = row["chat_id"]
            if chat in self._chats:  # a clock that jumped past our lease: after this one
                busy.append(row["id"])
                continue
            task = asyncio.create_task(self._run(row))
            self._chats[chat] = task
            task.add_done_callback(lambda _t, c=chat: self._done(c))
            started.append(task)
        self.leases.release_later(busy)
        return started

    def _done(self, chat_id: int) -> None:
        self._chats.pop(chat_id, None)
        self._wake.set()  # the chat's next job, if any
        self.after()

    async def idle(self) -> None:
        while self._chats:
            await asyncio.gather(*self._chats.values(), return_exceptions=True)

    async def _run(self, row: dict[str, Any]) -> None:
        async with self._slots:
            if not self.store.rows.sending(row["id"], self._stamp(), self.owner):
                log.info("evidence job %s is no longer ours to run", row["id"])
                return
            try:
                reported = await self.worker(from_payload(row["payload"]), row)
            except RetryLater as exc:
                self._later(row, exc.seconds, f"429: retry after {exc.seconds:g}s")
            except Transient as exc:
                self._later(row, self.policy.delay(row["attempts"] + 1), f"network: {exc}")
            except Exception as exc:
                log.exception("evidence job %s (%s) failed", row["id"], row["kind"])
                self.store.rows.end(row["id"], "failed", f"job failed: {exc!r}", self.owner)
            else:
                if not reported:  # else the commit of its report marks it sent
                    self.store.mark_sent(row["id"], self._stamp(), self.owner)

    def _later(self, row: dict[str, Any], seconds: float, why: str) -> None:
        now = self.clock.now()
        log.info("evidence job %s: %s; again in %.1fs", row["id"], why, seconds)
        self.store.rows.retry(row["id"], utc_key(now + timedelta(seconds=seconds)), why,
                              now.isoformat(timespec="seconds"), owner=self.owner)

    def _stamp(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")  # type: ignore[no-any-return]

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        """Until `stop`: start jobs whenever woken (an update was committed, a job ended) or
        every `interval`; at the end, the jobs queued by then run and finish."""
        while not stop.is_set():
            self._wake.clear()
            try:
                self.dispatch()
            except Exception:
                log.exception("evidence job pass failed")
            waiters = [asyncio.ensure_future(self._wake.wait()),
                       asyncio.ensure_future(stop.wait())]
            await asyncio.wait(waiters, timeout=interval, return_when=asyncio.FIRST_COMPLETED)
            for w in waiters:
                w.cancel()
        self.dispatch()  # what was queued until now (the runner bounds how long it may take)
        await self.idle()
        self.leases.release_all()
