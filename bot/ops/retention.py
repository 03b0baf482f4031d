"""The bot forgets on its own (README, "Privacy"): at start-up and every hour `weiquan run`
purges what is older than its configured age.

- the texts of messages already settled (sent, failed, …): the row stays, so `weiquan outbox`
  and the metrics still count it, its payload becomes `{}` (reminders carry no text, only the
  rule and window that keep a reminder from going twice, so they stay whole);
- the shoppers' recent messages kept for the advisers' card;
- processed update ids (Telegram redelivers an update for 24 hours at most; the newest id
  stays: it keeps a WEIQUAN_NOW clock from running back after a restart);
- with WEIQUAN_KEEP_CASES_DAYS, a closed or abandoned case unchanged that long, with its
  timeline, notes, evidence files and closed hand-overs, as /forget does for one case.

Each step deletes in small batches, each its own transaction, so updates never wait long.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.evidence.repository import EvidenceStore
from bot.store.contract import Store

log = logging.getLogger(__name__)
BATCH = 2000
INTERVAL = 3600.0  # seconds between two purges


@dataclass(frozen=True)
class Ages:
    texts: timedelta = timedelta(days=30)
    updates: timedelta = timedelta(days=7)
    cases: timedelta | None = None  # None: a case stays until the shopper's /forget

    @classmethod
    def of(cls, settings: Any) -> Ages:
        cases = settings.keep_cases_days
        return cls(texts=timedelta(days=settings.keep_texts_days),
                   updates=timedelta(days=settings.keep_updates_days),
                   cases=timedelta(days=cases) if cases else None)


class Retention:
    def __init__(self, store: Store, evidence: EvidenceStore, clock: Any, ages: Ages) -> None:
        self.store, self.evidence, self.clock, self.ages = store, evidence, clock, ages

    def purge(self) -> dict[str, int]:
        """One purge; how many of each were removed (files of a remote store removed here too:
        blocking, so `run` does that part in a thread)."""
        counts, unused = self.sweep()
        self.evidence.drop(unused)
        return counts

    def sweep(self) -> tuple[dict[str, int], list[str]]:
        """The purge's database part: the counts, and the hashes of a remote store's files no
        row uses any more (a data folder's are removed on the way)."""
        now: datetime = self.clock.now()
        texts = (now - self.ages.texts).isoformat()
        purges = self.store.purges
        counts = {
            "texts": self._batched(purges.old_texts, texts),
            "recent_messages": self._batched(purges.old_recent_messages, texts),
            "update_ids": self._batched(purges.old_update_ids,
                                        (now - self.ages.updates).isoformat()),
            "cases": 0,
        }
        unused: list[str] = []
        if self.ages.cases is not None:
            counts["cases"], unused = self._old_cases((now - self.ages.cases).isoformat())
        return counts, unused

    def _batched(self, purge: Callable[[str, int], int], before: str) -> int:
        total = 0
        while True:
            with self.store.transaction():
                changed = purge(before, BATCH)
            total += changed
            if changed < BATCH:
                return total

    def _old_cases(self, before: str) -> tuple[int, list[str]]:
        rows = self.store.purges.old_cases(before)
        unused: list[str] = []
        for case_id, user_id in rows:
            unused += self.evidence.delete_rows(user_id, case_id=case_id)[1]  # rows, then files
            with self.store.transaction():
                self.store.purges.drop_case(case_id, user_id)
        return len(rows), unused

    async def run(self, stop: asyncio.Event, interval: float = INTERVAL) -> None:
        """Purge now, then every `interval` seconds until `stop`."""
        while not stop.is_set():
            try:
                counts, unused = self.sweep()
                await asyncio.to_thread(self.evidence.drop, unused)
            except Exception:  # a locked or full database: the next round tries again
                log.warning("retention purge failed; again in %.0fs", interval, exc_info=True)
            else:
                if any(counts.values()):
                    log.info("retention: purged %s", ", ".join(
                        f"{n} {what.replace('_', ' ')}" for what, n in counts.items() if n))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)
