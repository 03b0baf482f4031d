"""Around the pure engine: recognise a redelivered update, take the user's lock, load, step, commit.

Everything one event causes — session, case, timeline, processed update id and the outbox rows
of the replies — is written in ONE transaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.store import Store
from dialogs.actions import Action, Relabel, Reschedule, SendText, to_payload
from dialogs.engine import step
from dialogs.events import Incoming
from dialogs.snapshot import Snapshot
from dialogs.texts import normalise_lang, t

log = logging.getLogger(__name__)


def utc_key(moment: datetime) -> str:
    """Fixed-width UTC text, so the outbox can compare times as strings in an index."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


@dataclass(frozen=True)
class Outcome:
    applied: bool  # False: a redelivered update, recognised and skipped
    actions: tuple[Action, ...] = ()


class Service:
    def __init__(self, store: Store, kb: Any, clock: Any, *, source: str = "telegram",
                 default_lang: str = "zh", tz: str = "Asia/Shanghai") -> None:
        self.store, self.kb, self.clock = store, kb, clock
        self.source, self.default_lang, self.tz = source, default_lang, tz
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def handle(self, ev: Incoming, also: Sequence[int] = ()) -> Outcome:
        """One user's updates strictly in order; different users interleave freely.
        `also`: more update ids this event stands for (an album's other parts)."""
        async with self._locks[ev.user_id]:
            return self.handle_now(ev, also)

    def handle_now(self, ev: Incoming, also: Sequence[int] = ()) -> Outcome:
        with self.store.transaction():
            if ev.update_id is not None and self.store.is_processed(self.source, ev.update_id):
                return Outcome(applied=False)
            now = self.clock.now()
            lang = normalise_lang(ev.lang, self.default_lang)
            before = self.store.load(ev.user_id, ev.chat_id, lang, self.tz)
            after, actions = self._step(before, ev, now)
            stamp = now.isoformat(timespec="seconds")
            self.store.save(before, after, stamp)
            if ev.update_id is not None:
                self.store.mark_processed(self.source, ev.update_id, ev.user_id, stamp)
            for update_id in also:
                if not self.store.is_processed(self.source, update_id):
                    self.store.mark_processed(self.source, update_id, ev.user_id, stamp)
            case_id = after.session.current_case_id
            for action in actions:
                if isinstance(action, Relabel):
                    self.store.relabel(action.user_id, action.item_ids, action.label)
                    continue
                if isinstance(action, Reschedule):
                    self.store.reschedule(action.case_id, ev.user_id, ev.chat_id, [
                        (utc_key(datetime.fromisoformat(r["due_at"])),
                         {**r, "case_id": action.case_id}) for r in action.reminders], stamp)
                    continue
                self.store.enqueue(ev.user_id, ev.chat_id, action.kind, to_payload(action),
                                   utc_key(now), stamp, case_id)
        return Outcome(applied=True, actions=tuple(actions))

    def _step(self, before: Snapshot, ev: Incoming, now: datetime) -> tuple[Snapshot,
                                                                          list[Action]]:
        try:
            return step(before, ev, self.kb, now)
        except Exception:  # the engine is tested never to raise; if it does, answer and keep data
            log.exception("engine failed on an update of user %s", ev.user_id)
            return before, [SendText(chat_id=ev.chat_id,
                                     text=t(before.session.lang, "error.generic"))]
