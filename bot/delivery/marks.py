"""Group commit of the outbox rows' `sending` marks: those asked for within one turn of the
event loop (the chats a delivery pass starts at once) are written in one transaction instead of
one commit each.

Nothing about a mark's promise changes: its caller awaits it, so a row is still committed
`sending` before its Bot API call; a crash before the shared commit leaves the rows as they
were, with nothing sent. `sent` is not grouped: written at once after Telegram's answer, so a
crash does not widen the window in which an accepted message would go twice (a reply) or end
`unknown` (a reminder). Under load each sent reply cost two commits of its own, about a tenth
of the bot's CPU (`make bench`, profiled).

A mark that fails fails alone: when one mark's write raises, each mark is written again on its
own, and each caller gets its own answer or error, as without grouping. When the store itself
fails (`store.errors`: locked past the busy timeout, disk full) every caller gets that error at
once instead of each waiting the busy timeout again: their rows stay as they were.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class GroupCommit:
    """`await marks(write)`: `write()` (a few statements on `store`) committed, its result."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._queue: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []
        self._flushing: asyncio.Handle | None = None

    async def __call__(self, write: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[T] = loop.create_future()
        self._queue.append((write, done))
        if self._flushing is None:
            self._flushing = loop.call_soon(self._flush)
        return await done

    def _flush(self) -> None:
        # a caller cancelled meanwhile gave up: its mark is not written (nothing is sent for it)
        batch = [(write, done) for write, done in self._queue if not done.done()]
        self._queue, self._flushing = [], None
        if len(batch) > 1 and not self.store.in_transaction:
            try:
                with self.store.transaction():
                    results = [write() for write, _ in batch]
            except Exception as exc:
                # The store failed (locked past its busy timeout, disk full): nothing was
                # marked, and each mark alone would wait as long again; each caller gets the
                # error (its row stays as it was, nothing is sent). Anything else was one
                # mark's own failure: each is written again on its own.
                if isinstance(exc, tuple(getattr(self.store, "errors", ()))) or \
                        self.store.in_transaction:  # (or a failed COMMIT left it open)
                    for _, done in batch:
                        if not done.done():
                            done.set_exception(exc)
                    return
            else:
                for (_, done), result in zip(batch, results, strict=True):
                    if not done.done():
                        done.set_result(result)
                return
        for write, done in batch:
            try:
                result = write()
            except Exception as exc:
                if not done.done():
                    done.set_exception(exc)
            else:
                if not done.done():
                    done.set_result(result)
