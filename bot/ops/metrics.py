"""What /metrics shows (prometheus-client), imported by `weiquan run` only.

Counted in the process: updates handled, reply latency, Bot API calls and 429s. Read from the
store at each scrape, so they survive restarts and agree with `weiquan outbox`: outbox rows
waiting or failed by kind, reminders sent, hand-overs waiting.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.store.contract import Probes

# Seconds from an update's arrival to the first message the bot sent that chat afterwards.
LATENCY_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 60.0)
WATCHED = ("pending", "sending", "failed", "unknown", "suspended")
REPLY_WAIT = 600.0  # an update with no reply in this long is not waiting for one any more


class StoreCollector(Collector):
    """Counts read from the database at each scrape, on a read-only connection of its own
    (the scrape runs in the HTTP server's thread: bot/store/probes.py)."""

    def __init__(self, probes: Probes) -> None:
        self.probes = probes

    def collect(self) -> Iterator[Metric]:
        rows = GaugeMetricFamily("weiquan_outbox_rows", "Outbox rows not settled yet, or "
                                 "failed, by state and kind", labels=["status", "kind"])
        reminders = CounterMetricFamily("weiquan_reminders_sent", "Reminders Telegram accepted")
        waiting = GaugeMetricFamily("weiquan_handovers_waiting",
                                    "Shoppers waiting for an adviser to take their hand-over")
        gauges = self.probes.gauges(WATCHED)
        for status, kind, count in gauges.outbox:
            rows.add_metric([status, kind], count)
        reminders.add_metric([], gauges.reminders_sent)
        waiting.add_metric([], gauges.handovers_waiting)
        yield from (rows, reminders, waiting)


class Metrics:
    def __init__(self, probes: Probes) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter("weiquan_updates_handled", "Updates handled, by event kind and "
                               "outcome (committed, or deferred after failed commits)",
                               ["kind", "outcome"], registry=self.registry)
        self.latency = Histogram("weiquan_reply_latency_seconds", "From an update's arrival to "
                                 "the bot's next message to that chat", buckets=LATENCY_BUCKETS,
                                 registry=self.registry)
        self.api_calls = Counter("weiquan_bot_api_calls", "Bot API calls by method and outcome",
                                 ["method", "outcome"], registry=self.registry)
        self.rate_limited = Counter("weiquan_bot_api_429", "Bot API answers 429 Too Many "
                                    "Requests (flood control), by method", ["method"],
                                    registry=self.registry)
        self.registry.register(StoreCollector(probes))
        self.last_api_ok: float | None = None  # time.monotonic() of the last successful call
        self.last_api_error: str | None = None  # the last call's error, None once one succeeds
        self._waiting: dict[int, float] = {}  # chat -> arrival of its oldest unanswered update

    def update_handled(self, kind: str, committed: bool, chat_id: int, received: float) -> None:
        self.updates.labels(kind, "committed" if committed else "deferred").inc()
        self._waiting.setdefault(chat_id, received)

    def api_ok(self, method: str, chat_id: int | None) -> None:
        now = time.monotonic()
        self.last_api_ok, self.last_api_error = now, None
        self.api_calls.labels(method, "ok").inc()
        if chat_id is not None:
            received = self._waiting.pop(chat_id, None)
            if received is not None and now - received < REPLY_WAIT:
                self.latency.observe(now - received)
        if len(self._waiting) > 10_000:  # updates that asked for no reply
            self._waiting = {c: t for c, t in self._waiting.items() if now - t < REPLY_WAIT}

    def api_refused(self, method: str) -> None:
        """A 400 or 403: the Bot API answered, so it is reachable."""
        self.last_api_ok, self.last_api_error = time.monotonic(), None
        self.api_calls.labels(method, "refused").inc()

    def api_failed(self, method: str, error: BaseException, rate_limited: bool) -> None:
        self.api_calls.labels(method, "429" if rate_limited else "error").inc()
        if rate_limited:
            self.rate_limited.labels(method).inc()
        self.last_api_error = f"{method}: {type(error).__name__}"
