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
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.evidence.repository import EvidenceStore
from bot.store.sqlite import Store

log = logging.getLogger(__name__)
BATCH = 2000
INTERVAL = 3600.0  # seconds between two purges
DONE = "('sent', 'skipped', 'cancelled', 'failed', 'unknown')"  # rows that will not be sent


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
        """One purge; how many of each were removed."""
        now: datetime = self.clock.now()
        texts = (now - self.ages.texts).isoformat()
        counts = {
            "texts": self._batched(
                f"UPDATE outbox SET payload='{{}}' WHERE id IN (SELECT id FROM outbox WHERE "
                f"status IN {DONE} AND kind != 'reminder' AND payload != '{{}}' AND "
                f"julianday(COALESCE(sent_at, created_at)) < julianday(?) LIMIT {BATCH})",
                [texts]),
            "recent_messages": self._batched(
                f"DELETE FROM recent_messages WHERE id IN (SELECT id FROM recent_messages "
                f"WHERE julianday(at) < julianday(?) LIMIT {BATCH})", [texts]),
            "update_ids": self._batched(
                f"DELETE FROM processed_updates WHERE rowid IN (SELECT rowid FROM "
                f"processed_updates WHERE julianday(processed_at) < julianday(?) AND rowid < "
                f"(SELECT max(rowid) FROM processed_updates) LIMIT {BATCH})",
                [(now - self.ages.updates).isoformat()]),
            "cases": 0,
        }
        if self.ages.cases is not None:
            counts["cases"] = self._old_cases((now - self.ages.cases).isoformat())
        return counts

    def _batched(self, sql: str, params: list[Any]) -> int:
        total = 0
        while True:
            with self.store.transaction():
                changed = self.store.db.execute(sql, params).rowcount
            total += changed
            if changed < BATCH:
                return total

    def _old_cases(self, before: str) -> int:
        rows = self.store.db.execute(
            "SELECT id, user_id FROM cases WHERE status IN ('closed', 'abandoned') AND "
            "julianday(updated_at) < julianday(?) AND NOT EXISTS (SELECT 1 FROM handovers h "
            "WHERE h.case_id = cases.id AND h.state IN ('waiting', 'taken'))", [before]).fetchall()
        for case_id, user_id in rows:
            self.evidence.delete_case(user_id, case_id)  # rows, then the files no one else has
            self._drop_case(case_id, user_id)
        return len(rows)

    def _drop_case(self, case_id: int, user_id: int) -> None:
        db = self.store.db
        with self.store.transaction():
            theirs = "SELECT id FROM handovers WHERE case_id=?"
            db.execute(f"DELETE FROM handover_notes WHERE handover_id IN ({theirs})", [case_id])
            db.execute(f"DELETE FROM relay_links WHERE handover_id IN ({theirs})", [case_id])
            db.execute("DELETE FROM handovers WHERE case_id=?", [case_id])
            db.execute("DELETE FROM case_events WHERE case_id=?", [case_id])
            db.execute("DELETE FROM case_notes WHERE case_id=?", [case_id])
            db.execute("DELETE FROM outbox WHERE case_id=? AND (status != 'pending' OR kind IN "
                       "('reminder', 'download_file'))", [case_id])
            db.execute("UPDATE outbox SET case_id=NULL WHERE case_id=?", [case_id])
            db.execute("UPDATE sessions SET data=json_set(data, '$.current_case_id', NULL) "
                       "WHERE user_id=? AND json_extract(data, '$.current_case_id')=?",
                       [user_id, case_id])
            self.store.tally.leave(user_id, case_id)  # a case kept no more is counted no more
            db.execute("DELETE FROM cases WHERE id=?", [case_id])

    async def run(self, stop: asyncio.Event, interval: float = INTERVAL) -> None:
        """Purge now, then every `interval` seconds until `stop`."""
        while not stop.is_set():
            try:
                counts = self.purge()
            except Exception:  # a locked or full database: the next round tries again
                log.warning("retention purge failed; again in %.0fs", interval, exc_info=True)
            else:
                if any(counts.values()):
                    log.info("retention: purged %s", ", ".join(
                        f"{n} {what.replace('_', ' ')}" for what, n in counts.items() if n))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)
