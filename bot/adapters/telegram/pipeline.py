"""From received updates to committed events: per-user order, albums, and what may be confirmed.

- Each user has a queue and one worker: their updates are handled strictly in the order
  received; different users are handled concurrently.
- Album parts (one media_group_id) are held until no part came for `album_wait` seconds,
  then go to the engine as ONE files event; every part's update id is recorded with it. In
  webhook mode the parts are held in the store instead (`albums`, adapters/telegram/albums.py),
  so that replicas share them and a part is confirmed once it is kept.
- An update counts as done only once its effect is committed. `offset()` is the lowest
  update id not done yet, so polling never confirms to Telegram what a crash could lose.
- A commit that fails (a locked database, a full disk) is tried again with backoff, holding
  back only that user's later updates; after `commit_tries` the shopper gets an apology and the
  update is kept in deferred_updates (then it counts as done) or, if even that fails, stays
  unconfirmed in memory; `replay()` runs them again later.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.adapters.telegram.deferred import Deferred

if TYPE_CHECKING:
    from bot.adapters.telegram.albums import StoredAlbums
from bot.adapters.telegram.updates import Read, merge_album, read_update
from bot.service import Service

log = logging.getLogger(__name__)
REMEMBERED = 10_000  # committed update ids kept to recognise a late copy without the store


@dataclass
class Item:
    read: Read
    raw: dict[str, Any]
    done: asyncio.Future[None] = field(default_factory=lambda: asyncio.get_running_loop().create_future())
    received: float = field(default_factory=time.monotonic)

    @property
    def album(self) -> str | None:
        return self.read.event.album_id if self.read.event is not None else None


class Pipeline:
    def __init__(self, service: Service, now: Callable[[], datetime], *,
                 answer: Callable[[str], Awaitable[None]],
                 remember: Callable[[int, int, str], None],
                 handled: Callable[[], None], album_wait: float = 1.2,
                 operator_chat: int | None = None,
                 apologise: Callable[[int, str | None], Awaitable[None]] | None = None,
                 commit_tries: int = 5, commit_backoff: float = 0.5) -> None:
        self.service, self.now = service, now
        self.apologise = apologise  # (chat, language): straight to Telegram, no store needed
        self.commit_tries, self.commit_backoff = commit_tries, commit_backoff
        self.deferred = Deferred(service, now, operator_chat)
        self._unstored: list[list[Item]] = []  # failed and not even deferred: unconfirmed
        self.operator_chat = operator_chat  # the advisers' group: its messages go to the desk
        self.bot_username: str | None = None  # set once getMe answered
        self.answer, self.remember, self.handled = answer, remember, handled
        self.album_wait = album_wait
        self._queues: dict[int, asyncio.Queue[Item]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._pending: dict[int, Item] = {}  # received, not committed yet
        self._handling = 0  # accepted updates not yet through a commit (album parts aside)
        # Recently committed ids: a poll sent before one was committed may still bring it back.
        self._done: OrderedDict[int, None] = OrderedDict()
        self._top: int | None = None
        self._skipping: set[asyncio.Future[None]] = set()  # updates for no one: answered only
        self.progress = asyncio.Event()  # set whenever an update is done
        self.albums: StoredAlbums | None = None  # webhook mode: album parts kept in the store
        # Told of each handled update: (event, time.monotonic() when received, committed?);
        # `weiquan run` logs and counts with it (bot/ops/observe.py).
        self.observe: Callable[[Any, float, bool], None] | None = None

    # ---- receiving ---------------------------------------------------------------------------
    def accept(self, update: dict[str, Any]) -> tuple[asyncio.Future[None], bool]:
        """Take one update (again, if it is in flight: then its existing future comes back).
        Returns (future done when committed, whether it is an album part)."""
        update_id = int(update["update_id"])
        known = self._pending.get(update_id)
        if known is not None:
            return known.done, known.album is not None
        item = Item(read_update(update, self.now(), self.operator_chat, self.bot_username),
                    update)
        if update_id in self._done:  # a copy of one just committed (a webhook retry)
            item.done.set_result(None)
            return item.done, False
        self._top = max(update_id, self._top if self._top is not None else update_id)
        event = item.read.event
        if item.read.callback_id and event is not None and item.read.message_text is not None \
                and event.message_id is not None:
            self.remember(event.chat_id, event.message_id, item.read.message_text)
        if event is None:
            task = asyncio.ensure_future(self._skip(item))
            self._skipping.add(task)
            task.add_done_callback(self._skipping.discard)
            return item.done, False
        if self.albums is not None and item.album is not None:
            return asyncio.ensure_future(self.albums.keep(item)), True
        self._pending[update_id] = item
        if item.album is None:
            self._handling += 1
        queue = self._queues.setdefault(event.user_id, asyncio.Queue())
        queue.put_nowait(item)
        if event.user_id not in self._workers:
            self._workers[event.user_id] = asyncio.create_task(self._work(event.user_id, queue))
        return item.done, item.album is not None

    def is_new(self, update_id: int) -> bool:
        return update_id not in self._pending and update_id not in self._done

    def offset(self) -> int | None:
        """The getUpdates offset that confirms exactly what is committed."""
        if self._pending:
            return min(self._pending)
        return None if self._top is None else self._top + 1

    async def settled(self, timeout: float, any_progress: bool = False) -> None:
        """Until every accepted update went through its commit (`any_progress`: until one
        more is done), or timeout. Album parts do not count: they wait for their siblings,
        which may come with the next poll."""
        if any_progress:
            self.progress.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.progress.wait(), timeout)
            return
        await self._until(lambda: self._handling == 0, timeout)

    async def _until(self, done: Callable[[], bool], timeout: float) -> None:
        """Wake on each bit of progress until `done()` holds or `timeout` seconds have passed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not done():
            self.progress.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            try:
                await asyncio.wait_for(self.progress.wait(), remaining)
            except TimeoutError:
                return

    async def drain(self) -> None:
        """Wait for every accepted update to be handled (albums flush after album_wait)."""
        while self._workers or self._skipping:
            await asyncio.gather(*self._workers.values(), *self._skipping,
                                 return_exceptions=True)

    # ---- handling ----------------------------------------------------------------------------
    async def _work(self, user_id: int, queue: asyncio.Queue[Item]) -> None:
        held: Item | None = None
        try:
            while held is not None or not queue.empty():
                item = held if held is not None else queue.get_nowait()
                held = None
                if item.album is None:
                    if self.albums is not None:  # the user's albums first, in their order
                        await self.albums.before(user_id)
                    await self._apply([item])
                    continue
                albums, held = await self._collect(item, queue)
                for parts in albums:
                    await self._apply(parts)
        finally:
            del self._workers[user_id]
            if queue.empty():
                self._queues.pop(user_id, None)

    async def _collect(self, first: Item, queue: asyncio.Queue[Item]) -> tuple[list[list[Item]],
                                                                               Item | None]:
        """Album parts until no part came for album_wait seconds, grouped by album in the order
        the albums began (two albums sent at once may interleave). A message that is not an
        album part ends the collection and is returned to go next."""
        albums: dict[str, list[Item]] = {}
        nxt: Item | None = first
        while nxt is not None and nxt.album is not None:
            albums.setdefault(nxt.album, []).append(nxt)
            try:
                nxt = await asyncio.wait_for(queue.get(), self.album_wait)
            except TimeoutError:
                nxt = None
        return list(albums.values()), nxt

    async def _apply(self, items: list[Item]) -> None:
        try:
            event, error = await self._commit_items(items)
        finally:
            self._handling -= sum(1 for i in items if i.album is None)
        kept = error is None
        if error is not None:
            await self._apologise(event)
            kept = self.deferred.keep([i.raw for i in items], event.user_id, error)
            if not kept:
                self._unstored.append(items)
        self.handled()
        if kept:  # before the answers below: the next poll may confirm these at once
            for item in items:
                self._finish(item)
        for item in items:
            if item.read.callback_id:
                await self._answer(item.read.callback_id)

    async def apply_stored(self, updates: list[dict[str, Any]], apologise: bool) -> str | None:
        """An album's parts kept in the store, as one event: None when committed, else the
        error (after the commit's tries; the shopper gets an apology if `apologise`)."""
        items = [Item(read_update(u, self.now(), self.operator_chat, self.bot_username), u)
                 for u in updates]
        items = [i for i in items if i.read.event is not None]
        if not items:
            return None
        event, error = await self._commit_items(items)
        if error is not None and apologise:
            await self._apologise(event)
        self.handled()
        return error

    async def _commit_items(self, items: list[Item]) -> tuple[Any, str | None]:
        """The items as one event (an album's parts merged), committed; (event, error)."""
        events = [i.read.event for i in items if i.read.event is not None]
        event = merge_album(events) if len(events) > 1 else events[0]
        also = tuple(i.read.update_id for i in items[1:])
        error = await self._commit(event, also)
        if self.observe is not None:
            try:
                self.observe(event, items[0].received, error is None)
            except Exception:  # counting must never stop an update
                log.exception("observing update %s failed", event.update_id)
        return event, error

    async def _apologise(self, event: Any) -> None:
        if self.apologise is not None:
            with contextlib.suppress(Exception):
                await self.apologise(event.chat_id, event.lang)

    async def _commit(self, event: Any, also: tuple[int, ...]) -> str | None:
        """Handle and commit, trying again with backoff; None when committed, else the error."""
        error = ""
        for attempt in range(1, self.commit_tries + 1):
            try:
                await self.service.handle(event, also=also)
                return None
            except Exception as exc:  # not committed: not confirmed either
                error = repr(exc)
                log.warning("update %s of user %s was not committed (try %d of %d): %s",
                            event.update_id, event.user_id, attempt, self.commit_tries, error)
            if attempt < self.commit_tries:
                await asyncio.sleep(self.commit_backoff * 2 ** (attempt - 1))
        return error

    async def replay(self) -> int:
        """Deferred and unstored updates once more (the runner calls this now and then)."""
        done = 0
        for items in list(self._unstored):
            try:
                await self.deferred.handle([i.raw for i in items])
            except Exception as exc:
                log.warning("update %s still not committed: %r", items[0].read.update_id, exc)
                continue
            self._unstored.remove(items)
            for item in items:
                self._finish(item)
            done += 1
        done += await self.deferred.replay(in_hand=self._pending)
        if done:
            self.handled()
        return done

    async def _skip(self, item: Item) -> None:
        if item.read.member is not None:
            self._membership(*item.read.member)
        if item.read.callback_id:
            await self._answer(item.read.callback_id)
        self._finish(item)

    def _membership(self, chat_id: int, present: bool) -> None:
        """The user blocked the bot (its reminders wait) or came back (they resume)."""
        rows = self.service.store.rows
        try:
            if present:
                with self.service.store.transaction():
                    rows.unblock(chat_id)  # a private chat's id is its user's id
            else:
                rows.block(chat_id, self.now().isoformat(timespec="seconds"),
                           "the user blocked the bot (my_chat_member)")
        except Exception as exc:  # the next 403 or message says it again
            log.warning("chat %s membership not recorded: %r", chat_id, exc)

    async def _answer(self, query_id: str) -> None:
        try:
            await self.answer(query_id)
        except Exception as exc:  # an old query (after a restart) cannot be answered any more
            log.debug("callback %s not answered: %s", query_id, exc)

    def _finish(self, item: Item) -> None:
        update_id = item.read.update_id
        self._pending.pop(update_id, None)
        self._done[update_id] = None
        while len(self._done) > REMEMBERED:
            self._done.popitem(last=False)
        if not item.done.done():
            item.done.set_result(None)
        self.progress.set()
