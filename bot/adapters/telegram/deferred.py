"""Updates whose commit kept failing (a database locked for long, a full disk): kept, replayed.

After the pipeline's tries, the shopper gets an apology and the update's raw JSON goes into the
deferred_updates table, so it can be confirmed to Telegram without being lost. When even that
write fails, the update stays in memory and unconfirmed (Telegram keeps it for 24 hours and
sends it again after a restart). `replay()` runs both kinds again through the service; the
processed-updates table makes a replay that already went through a no-op.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Container
from datetime import datetime
from typing import Any

from bot.adapters.telegram.updates import merge_album, read_update
from bot.service import Service
from bot.store.contract import DeferredRows

log = logging.getLogger(__name__)


class Deferred:
    def __init__(self, service: Service, now: Callable[[], datetime],
                 operator_chat: int | None = None) -> None:
        self.service, self.now, self.operator_chat = service, now, operator_chat

    @property
    def rows(self) -> DeferredRows:
        return self.service.store.deferred

    def keep(self, updates: list[dict[str, Any]], user_id: int | None, error: str) -> bool:
        """The updates (one, or an album's parts) into the table; False if that failed too."""
        first = int(updates[0]["update_id"])
        try:
            self.rows.keep(self.service.source, first, user_id,
                           json.dumps(updates, ensure_ascii=False), error,
                           self.now().isoformat(timespec="seconds"))
        except Exception as exc:
            log.error("update %s could not be deferred either (%r); it stays unconfirmed",
                      first, exc)
            return False
        log.info("update %s kept for later: %s", first, error)
        return True

    async def handle(self, updates: list[dict[str, Any]]) -> None:
        """The updates as the pipeline would have handled them: raises if the commit fails."""
        events = [e for u in updates
                  if (e := read_update(u, self.now(), self.operator_chat).event) is not None]
        if not events:
            return
        event = merge_album(events) if len(events) > 1 else events[0]
        also = tuple(int(u["update_id"]) for u in updates[1:])
        await self.service.handle(event, also=also)

    def release(self, update_ids: list[int]) -> None:
        """Kept updates that have now been committed (a webhook's album parts)."""
        with contextlib.suppress(Exception):  # left over, a replay finds them processed
            self.rows.release(self.service.source, update_ids)

    async def replay(self, in_hand: Container[int] = ()) -> int:
        """Every kept update once more, except those still `in_hand` (an album being
        collected); returns how many went through."""
        try:
            rows = self.rows.pending(self.service.source, 100)
        except Exception as exc:
            log.warning("deferred updates cannot be read yet: %r", exc)
            return 0
        done = 0
        for update_id, body in rows:
            if update_id in in_hand:
                continue
            try:
                await self.handle(json.loads(body))
                self.rows.release(self.service.source, [update_id])
            except Exception as exc:
                log.warning("deferred update %s still fails: %r", update_id, exc)
                with contextlib.suppress(Exception):
                    self.rows.failed_again(self.service.source, update_id, repr(exc))
                continue
            done += 1
        return done
