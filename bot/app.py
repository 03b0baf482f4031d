"""Wiring: settings in, the store, knowledge base, clock, service and evidence store out."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import Clock, ConfigError, Settings
from bot.delivery.jobs import Jobs
from bot.delivery.outbox import WORKER_KINDS, Delivery
from bot.delivery.retry_policy import RetryPolicy
from bot.desk.config import DeskConfig, parse_hours
from bot.evidence.repository import EvidenceStore
from bot.evidence.storage import Unavailable
from bot.scheduler import Scheduler
from bot.service import Service
from bot.store import open_store
from bot.store.contract import Store
from bot.transport import Transport

if TYPE_CHECKING:
    from bot.evidence.worker import EvidenceWorker


@dataclass
class App:
    settings: Settings
    store: Store
    kb: Any
    clock: Clock
    service: Service
    evidence: EvidenceStore

    def delivery(self, transport: Transport, jobs_apart: bool = False) -> Delivery:
        """The outbox loop for `transport`: replies, reminders (worded by `scheduler`), and
        evidence work too unless `jobs_apart` (then `jobs` carries it out)."""
        worker = None if jobs_apart else self._evidence_worker(transport)
        return Delivery(self.store, transport, self.clock, worker=worker,
                        policy=retry_policy(self.settings),
                        skip_kinds=WORKER_KINDS if jobs_apart else frozenset(),
                        kill_after=self.settings.kill_after_sends,
                        lease=timedelta(seconds=self.settings.outbox_lease))

    def scheduler(self) -> Scheduler:
        """Reminders that fall due and evidence jobs' reports, as events through the service
        (their replies are then sent by `delivery`)."""
        return Scheduler(self.store, self.service, self.clock)

    def jobs(self, transport: Transport, owner: str | None = None) -> Jobs:
        """Downloads, image checks, files sent back and PDF exports, apart from replies; their
        rows claimed under `owner` (the process's outbox sender's)."""
        return Jobs(self.store, self._evidence_worker(transport), self.clock,
                    policy=retry_policy(self.settings), owner=owner,
                    lease=timedelta(seconds=self.settings.outbox_lease))

    def _evidence_worker(self, transport: Transport) -> EvidenceWorker:
        from bot.evidence.worker import EvidenceWorker

        return EvidenceWorker(self.store, self.evidence, transport, self.clock, self.kb.ocr_words)


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(base=settings.retry_base, cap=settings.retry_cap,
                       window=timedelta(hours=settings.retry_hours))


def build(settings: Settings, *, source: str, db: Path | str | None = None) -> App:
    from knowledge.loader import load_kb

    store = open_store(db or settings.db_path, busy_timeout=settings.db_timeout)
    store.checkpoint_in_background()
    kb = load_kb()
    clock = Clock(settings.now, settings.zone, not_before=store.last_processed_at())
    opens, closes = parse_hours(settings.adviser_hours)
    desk = DeskConfig(settings.operator_chat, frozenset(settings.operators), opens, closes,
                      settings.desk_lang)
    service = Service(store, kb, clock, source=source, default_lang=settings.lang, tz=settings.tz,
                      desk=desk)
    evidence = EvidenceStore(store, settings.data_dir, tz=settings.tz,
                             max_file_bytes=settings.max_file_bytes,
                             storage=settings.evidence_storage())
    try:
        evidence.recover()  # half-written files of a process that died
    except Unavailable as exc:  # a wrong bucket, endpoint or key: one line, not a traceback
        store.close()
        raise ConfigError([f"WEIQUAN_EVIDENCE_URL: {exc}"]) from None
    # What was built so far (the knowledge base above all) lives as long as the process: a
    # full garbage collection walking it stalled every reply for 0.1-0.5 s; now it never does.
    gc.freeze()
    return App(settings, store, kb, clock, service, evidence)
