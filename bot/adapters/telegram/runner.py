"""The Telegram bot's life: start (token check, command menu, polling or webhook, delivery loop),
run, and stop on SIGTERM/SIGINT after finishing the updates in hand."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from bot.adapters.telegram.api import ApiError, Conflict, TelegramApi, Unauthorized
from bot.adapters.telegram.limits import Limits, limiter_for
from bot.adapters.telegram.menus import set_menus
from bot.adapters.telegram.pipeline import Pipeline
from bot.adapters.telegram.text import escape
from bot.adapters.telegram.transport import TelegramTransport
from bot.app import App
from bot.delivery.jobs import Jobs
from bot.delivery.outbox import Delivery
from bot.desk.relay import Relay
from bot.scheduler import Scheduler
from bot.transport import RetryLater, StoredProgress
from dialogs.texts import normalise_lang, t

if TYPE_CHECKING:
    from bot.adapters.telegram.webhook import WebhookServer
    from bot.ops.metrics import Metrics

log = logging.getLogger(__name__)
STOP_GRACE = 10.0  # seconds the last delivery pass may take at shutdown
# Polling waits for the updates it took to be committed, at most this long (a commit being
# retried, a locked database): past it, it polls again and the ones in flight come back.
SETTLE_WAIT = 1.0
# A poll that brought only updates in flight (album parts waiting for their siblings) is made
# again after this long, or as soon as one is committed.
REFETCH_WAIT = 0.05


async def first_of(tasks: list[asyncio.Future[Any]], *events: asyncio.Event) -> None:
    """Until one task finishes or one event is set; the tasks keep running."""
    waiters = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        await asyncio.wait([*tasks, *waiters], return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waiters:
            w.cancel()


class StartError(Exception):
    """The bot cannot start (token rejected, Bot API unreachable); the message is for the user."""


@dataclass(frozen=True)
class Options:
    webhook_url: str | None = None
    listen: tuple[str, int] = ("0.0.0.0", 8080)
    poll_timeout: int = 25
    album_wait: float = 1.2
    limits: Limits = field(default_factory=Limits)
    delivery_interval: float = 1.0
    commit_tries: int = 5  # a failed commit (locked database, full disk) is tried this often
    commit_backoff: float = 0.5  # seconds before the second try, doubling
    replay_interval: float = 30.0  # how often deferred updates are tried again
    drop_pending: bool = False  # --drop-pending-updates: what waited while the bot was down
    conflict_tries: int = 5  # 409s in a row (another instance polling) before exiting 1


class Runner:
    def __init__(self, app: App, api: TelegramApi, options: Options | None = None) -> None:
        self.app, self.api = app, api
        self.options = options or Options()
        group = app.settings.operator_chat
        relay = Relay(app.service.handovers, group, app.settings.desk_lang) \
            if group is not None else None
        progress = StoredProgress(app.store.rows, app.clock.now)
        self.transport = TelegramTransport(api, limiter_for(self.options.limits, app.store.pace),
                                           relay, progress)
        # The app's own wiring where it has one (reminder wording, the evidence worker).
        make = getattr(app, "delivery", None)
        make_jobs = getattr(app, "jobs", None)
        self.delivery: Delivery = make(self.transport, jobs_apart=make_jobs is not None) \
            if make is not None else Delivery(app.store, self.transport, app.clock)
        progress.owner = self.delivery.owner  # `sending` only on rows this sender holds
        progress.commit = self.delivery.marks  # grouped with other chats' (delivery/marks.py)
        self.jobs: Jobs | None = make_jobs(self.transport, self.delivery.owner) \
            if make_jobs is not None else None
        make_scheduler = getattr(app, "scheduler", None)
        self.scheduler: Scheduler | None = make_scheduler() if make_scheduler is not None \
            else None
        if self.scheduler is not None:
            self.scheduler.after = self.delivery.wake  # events were applied: their replies
        if self.jobs is not None:  # a job ended: its report goes in, or its rows were freed
            self.jobs.after = self._job_done
        self.pipeline = Pipeline(app.service, app.clock.now, answer=api.answer_callback,
                                 remember=self.transport.remember, handled=self._committed,
                                 album_wait=self.options.album_wait, operator_chat=group,
                                 apologise=self._apologise,
                                 commit_tries=self.options.commit_tries,
                                 commit_backoff=self.options.commit_backoff)
        self.stopping = asyncio.Event()
        self.exit_code = 0
        self.webhook: WebhookServer | None = None
        self.metrics: Metrics | None = None  # Bot API calls counted (WEIQUAN_HEALTH_LISTEN)
        self.port: int | None = None
        self._delivery_stop = asyncio.Event()
        self._jobs_stop = asyncio.Event()
        self._scheduler_stop = asyncio.Event()
        self._scheduling: asyncio.Task[None] | None = None
        self._poller: asyncio.Task[None] | None = None
        self._delivering: asyncio.Task[None] | None = None
        self._working: asyncio.Task[None] | None = None
        self._replaying: asyncio.Task[None] | None = None
        self._albums: asyncio.Task[None] | None = None  # webhook mode: albums in the store
        self._albums_stop = asyncio.Event()

    @property
    def delivering(self) -> bool:
        """The outbox loop runs (for /healthz)."""
        return self._delivering is not None and not self._delivering.done()

    def _job_done(self) -> None:
        if self.scheduler is not None:
            self.scheduler.wake()
        self.delivery.wake()

    def _committed(self) -> None:
        """An update was committed: its replies (and any job it asked for) are waiting."""
        self.delivery.wake()
        if self.jobs is not None:
            self.jobs.wake()

    async def start(self) -> None:
        try:
            me = await self.api.get_me()
            self.pipeline.bot_username = me.get("username")
            await set_menus(self.api, self.app.kb.commands, self.app.settings.lang,
                            self.app.settings.operator_chat)
            if self.options.webhook_url:
                await self._start_webhook(self.options.webhook_url)
            else:
                await self.api.delete_webhook(self.options.drop_pending)
                self._poller = asyncio.create_task(self._poll())
        except Unauthorized as exc:
            await self.api.close()
            raise StartError("the Bot API rejected WEIQUAN_TOKEN; check the token") from exc
        except ApiError as exc:
            await self.api.close()
            raise StartError(f"cannot use the Bot API at {self.app.settings.api_base}: {exc}") \
                from exc
        self.delivery.recover()  # before either loop: what a dead process left `sending`
        if self.jobs is not None:
            self._working = asyncio.create_task(
                self.jobs.run(self._jobs_stop, self.options.delivery_interval))
        if self.scheduler is not None:
            self._scheduling = asyncio.create_task(
                self.scheduler.run(self._scheduler_stop, self.options.delivery_interval))
        self._delivering = asyncio.create_task(self._deliver())
        self._replaying = asyncio.create_task(self._replay())
        mode = f"webhook {self.options.webhook_url}" if self.webhook else "long polling"
        log.info("weiquan is running as @%s with %s (%s)", me.get("username"), self.api.name, mode)

    async def stop(self) -> None:
        """Stop taking updates, finish the ones in hand, deliver what is due, close."""
        self.stopping.set()
        if self._replaying is not None:
            self._replaying.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._replaying
        if self.webhook is not None:
            self.webhook.closing = True
        if self._poller is not None:
            try:  # the poller sees `stopping`, takes what already arrived, and ends
                await asyncio.wait_for(self._poller, STOP_GRACE)
            except TimeoutError:
                log.warning("the poller did not stop in time")
        await self.pipeline.drain()
        if self._poller is not None:
            await self._confirm()
        self._albums_stop.set()  # albums not yet quiet wait in the store for any replica
        if self._albums is not None:
            await self._albums
        self._jobs_stop.set()  # first: a job that ends queues replies for the last pass
        if self._working is not None:
            try:
                await asyncio.wait_for(self._working, STOP_GRACE)
            except TimeoutError:
                log.warning("evidence jobs did not finish in %.0fs; they run again on restart",
                            STOP_GRACE)
        self._scheduler_stop.set()  # its last pass words what is due, for the last delivery
        if self._scheduling is not None:
            try:
                await asyncio.wait_for(self._scheduling, STOP_GRACE)
            except TimeoutError:
                log.warning("due reminders were not worded in %.0fs; they are on restart",
                            STOP_GRACE)
        self._delivery_stop.set()
        if self._delivering is not None:
            try:
                await asyncio.wait_for(self._delivering, STOP_GRACE)
            except TimeoutError:
                log.warning("delivery did not finish in %.0fs; pending replies go out on restart",
                            STOP_GRACE)
        if self.webhook is not None:
            await self.webhook.close()
        await self.api.close()

    async def serve(self) -> int:
        """Run until SIGTERM or SIGINT; 0 after a clean stop."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stopping.set)
        await self.start()
        await self.stopping.wait()
        log.info("stopping: finishing the updates in hand")
        await self.stop()
        return self.exit_code

    async def _confirm(self) -> None:
        """Tell Telegram what was committed, so a restart is not sent it again (it would be
        recognised, but why make it)."""
        offset = self.pipeline.offset()
        if offset is not None:
            with contextlib.suppress(ApiError, RetryLater):
                await self.api.get_updates(offset, timeout=0, limit=1)

    async def _start_webhook(self, url: str) -> None:
        from bot.adapters.telegram.webhook import (
            WebhookServer,  # aiohttp's server: webhook mode only
        )
        from bot.ops.health import probe_for

        secret = self.app.settings.webhook_secret
        if secret is None:
            secret = secrets.token_urlsafe(32)
            log.warning("WEIQUAN_WEBHOOK_SECRET is not set: this process made up a secret of its "
                        "own. Replicas behind one webhook need the same secret: set it on each.")
        from bot.adapters.telegram.albums import StoredAlbums

        # replicas share album parts through the store: one album, applied once, by any of them
        albums = self.pipeline.albums = StoredAlbums(self.pipeline, self.options.album_wait)
        self._albums = asyncio.create_task(albums.run(self._albums_stop))
        self.webhook = WebhookServer(self.pipeline, self.api, urlparse(url).path, secret,
                                     probe_for(self.app, self, self.metrics))
        host, port = self.options.listen
        self.port = await self.webhook.start(host, port)
        await self.api.set_webhook(url, secret, self.options.drop_pending)

    async def _poll(self) -> None:
        backoff = 1.0
        conflicts = 0
        while not self.stopping.is_set():
            offset = self.pipeline.offset()
            try:
                updates = await self._fetch(offset)
            except RetryLater as exc:
                await self._pause(exc.seconds)
                continue
            except Unauthorized:
                log.error("the Bot API rejected the token; stopping")
                self.exit_code = 1
                self.stopping.set()
                return
            except Conflict as exc:
                conflicts += 1
                if conflicts >= self.options.conflict_tries:
                    log.error("another process is using this bot token (getUpdates answered "
                              "409 Conflict %d times in a row: %s); stopping. Run one instance "
                              "per token, or a webhook.", conflicts, exc)
                    self.exit_code = 1
                    self.stopping.set()
                    return
                log.warning("getUpdates: 409 Conflict (%s); again in %.0fs", exc, backoff)
                await self._pause(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            except ApiError as exc:
                log.warning("getUpdates failed (%s); again in %.0fs", exc, backoff)
                await self._pause(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            if updates is None:
                return
            if backoff > 1.0:  # the Bot API answers again: replies waiting out the outage go
                with contextlib.suppress(Exception):
                    self.delivery.api_back()
            backoff, conflicts = 1.0, 0
            fresh = [u for u in updates if self.pipeline.is_new(int(u["update_id"]))]
            # All taken in one loop turn: their commits come before any reply goes out, and
            # the replies leave together. Handing them over one a turn lets each reply leave
            # while the next is handled, but wakes the Bot API (and this process) once per
            # message: +0.7 ms of CPU per update through the emulator, slower when loaded.
            for update in fresh:
                self.pipeline.accept(update)
            # The offset of the next getUpdates confirms everything below it, so it cannot
            # pass an update in flight, and Telegram would hand that update over again (under
            # load each was fetched 2-5 times). So poll again once those taken are committed:
            # the next poll then confirms them and brings only new ones.
            if fresh:
                await self.pipeline.settled(SETTLE_WAIT)
            elif updates:
                await self.pipeline.settled(REFETCH_WAIT, any_progress=True)

    async def _fetch(self, offset: int | None) -> list[dict[str, Any]] | None:
        """getUpdates; None when stopping began while it waited. Updates that did arrive are
        still taken, so what Telegram handed over at SIGTERM is handled before exit."""
        poll = asyncio.ensure_future(self.api.get_updates(offset, self.options.poll_timeout))
        await first_of([poll], self.stopping)
        if not poll.done():
            poll.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poll
            return None
        return poll.result()

    async def _deliver(self) -> None:
        """The outbox sender: a pass whenever an update was committed or a chat's rows were
        done, and every `delivery_interval` for reminders and retries."""
        await self.delivery.run(self._delivery_stop, self.options.delivery_interval)

    async def _replay(self) -> None:
        """Updates deferred after commit failures (this run's or an earlier one's), again."""
        while not self.stopping.is_set():
            try:
                await self.pipeline.replay()
            except Exception:
                log.exception("replaying deferred updates failed")
            await self._pause(self.options.replay_interval)

    async def _apologise(self, chat_id: int, lang: str | None) -> None:
        """Straight to Telegram: the store is what failed."""
        text = t(normalise_lang(lang, self.app.settings.lang), "error.busy")
        await self.transport.limiter.wait(chat_id)
        await self.api.send_message(chat_id, escape(text), None)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), seconds)
