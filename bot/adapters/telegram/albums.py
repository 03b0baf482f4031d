"""Webhook album parts kept in the store, so that the parts of one album that reach different
replicas make ONE event, and none is lost when a replica dies (issue 15; issue 13 item 4).

- A part is answered 200 only once it is in the store's album table (`keep`); a part of an
  update already applied is answered at once.
- An album is applied when it is quiet: no part came for `quiet` seconds after its newest one
  (Telegram sends no end marker). Each replica looks again `quiet` seconds after each part it
  received, and every `sweep` seconds for any quiet album (a dead replica's parts too).
- The replica that applies an album claims it first, for `lease` seconds: no other applies it
  meanwhile; if it dies, the claim runs out and another takes the album over.
- Parts already processed (applied before a crash, before their rows were removed) are left
  out; the rest go to the engine as ONE event through the pipeline's commit (retries, then an
  apology). A commit that still fails keeps the claim until it runs out: then it is tried again.
- Before a user's next message (not an album part) is applied, that user's waiting albums are
  applied first, whichever replica received them, so the shopper's order holds.

Times are the real clock's (when Telegram delivered), not the bot's clock, which WEIQUAN_NOW may
set differently in each process.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import socket
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from bot.clock import utc_key
from bot.store.contract import AlbumRows

if TYPE_CHECKING:
    from bot.adapters.telegram.pipeline import Item, Pipeline

log = logging.getLogger(__name__)
T = TypeVar("T")
LEASE = 20.0  # seconds a replica holds an album it applies (longer than the commit's tries)
SWEEP = 1.0  # seconds between looks for quiet albums any replica received
GONE_POLL = 0.05  # while another replica applies a user's album, how often to look


def real_now() -> datetime:
    return datetime.now(UTC)


class StoredAlbums:
    def __init__(self, pipeline: Pipeline, quiet: float = 1.2, lease: float = LEASE,
                 sweep: float = SWEEP) -> None:
        self.pipeline, self.quiet, self.lease, self.sweep = pipeline, quiet, lease, sweep
        self.source = pipeline.service.source
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self._wake = asyncio.Event()
        self._busy: dict[str, asyncio.Future[None]] = {}  # albums this process applies now
        self._apologised: set[str] = set()

    @property
    def rows(self) -> AlbumRows:
        return self.pipeline.service.store.albums

    async def _io(self, call: Callable[..., T], *args: Any) -> T:
        """A store call: in a worker thread when the store takes calls from several threads
        (PostgreSQL: the event loop never waits on the network), else right here (SQLite)."""
        if self.pipeline.service.store.concurrent:
            return await asyncio.to_thread(call, *args)
        return call(*args)

    # ---- receiving ---------------------------------------------------------------------------
    async def keep(self, item: Item) -> None:
        """The part into the store; raises when it could not be kept (not to be confirmed)."""
        event, store = item.read.event, self.pipeline.service.store
        assert event is not None and event.album_id is not None
        update_id, user_id, album = item.read.update_id, event.user_id, event.album_id
        body = json.dumps(item.raw, ensure_ascii=False)

        def kept() -> None:
            if not store.is_processed(self.source, update_id):
                self.rows.add(self.source, update_id, user_id, album, body, utc_key(real_now()))

        await self._io(kept)
        # if this was the album's last part, it is quiet then (a later part moves that on)
        asyncio.get_running_loop().call_later(self.quiet + 0.05, self._wake.set)

    # ---- applying ----------------------------------------------------------------------------
    async def run(self, stop: asyncio.Event) -> None:
        """Apply quiet albums until `stop`: when a part's quiet time is up, and every sweep."""
        while not stop.is_set():
            self._wake.clear()
            try:
                await self.apply_quiet()
            except Exception:  # the store is unwell: the parts wait in it
                log.exception("looking for quiet albums failed")
            waiters = [asyncio.ensure_future(self._wake.wait()),
                       asyncio.ensure_future(stop.wait())]
            await asyncio.wait(waiters, timeout=self.sweep, return_when=asyncio.FIRST_COMPLETED)
            for w in waiters:
                w.cancel()

    async def apply_quiet(self) -> int:
        now = real_now()
        quiet = await self._io(self.rows.quiet, self.source,
                               utc_key(now - timedelta(seconds=self.quiet)), utc_key(now))
        done = 0
        for _user, album in quiet:
            done += await self.apply(album)
        return done

    async def before(self, user_id: int) -> None:
        """The user's waiting albums, applied before their next message is."""
        try:
            albums = await self._io(self.rows.of_user, self.source, user_id)
        except Exception as exc:  # the message goes on; its own commit will meet the trouble
            log.warning("albums of user %s could not be looked up: %r", user_id, exc)
            return
        for album in albums:
            if not await self.apply(album) and not await self._gone(user_id, album):
                await self.apply(album)  # its holder died: the claim ran out

    async def apply(self, album: str) -> bool:
        """Claim the album and apply it; False when another replica holds it."""
        busy = self._busy.get(album)
        if busy is not None:  # this process applies it already: wait for that
            await asyncio.shield(busy)
            return True
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._busy[album] = future
        try:
            return await self._apply(album)
        finally:
            del self._busy[album]
            future.set_result(None)

    async def _apply(self, album: str) -> bool:
        now = real_now()
        parts = await self._io(self.rows.claim, self.source, album, self.owner, utc_key(now),
                               utc_key(now + timedelta(seconds=self.lease)))
        if not parts:
            return False
        store = self.pipeline.service.store
        fresh = await self._io(lambda: [p for p in parts
                                        if not store.is_processed(self.source, p.update_id)])
        updates = [json.loads(p.body) for p in fresh]
        error = await self.pipeline.apply_stored(updates, apologise=album not in
                                                 self._apologised) if updates else None
        if error is not None:  # the claim runs out, then the album is tried again
            self._apologised.add(album)
            log.warning("album %s (%d parts) not committed; it waits in the store: %s", album,
                        len(updates), error)
            return True
        self._apologised.discard(album)
        with contextlib.suppress(Exception):  # left over: found processed next time
            await self._io(self.rows.done, self.source, album, self.owner)
        return True

    async def _gone(self, user_id: int, album: str) -> bool:
        """Until another replica applied this user's album: True; False when its claim ran out
        first (or the store cannot say)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.lease
        while loop.time() < deadline:
            try:
                if album not in await self._io(self.rows.of_user, self.source, user_id):
                    return True
            except Exception:
                return False
            await asyncio.sleep(GONE_POLL)
        return False
