"""/healthz and /metrics on WEIQUAN_HEALTH_LISTEN, in polling and webhook mode alike; in webhook
mode /healthz is also served on the webhook's own listener, for the load balancer in front of
the replicas (bot/adapters/telegram/webhook.py), from the same `Probe`.

Served from a thread of its own (prometheus-client's WSGI server), so a scrape never waits for
the event loop and a stuck loop still shows as unhealthy. /healthz is 200 when the database
answers, the delivery loop is alive and the Bot API answered lately; 503 otherwise, with a JSON
body saying which part is unwell.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer

from bot.ops.metrics import Metrics
from bot.store import open_probes
from bot.store.contract import Probes

if TYPE_CHECKING:
    from bot.adapters.telegram.runner import Runner
    from bot.app import App

DELIVERY_STALE = timedelta(minutes=3)  # three missed heartbeats (bot/delivery/outbox.py: every 60 s)
API_STALE = 120.0  # seconds the Bot API may fail before the bot is unhealthy


class Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass  # a scrape every 15 s is not news


class Probe:
    """The three facts /healthz reports. `delivery` says whether the loop's task is running
    and when it last beat; `now` is the bot's clock. Without `metrics` (no WEIQUAN_HEALTH_LISTEN)
    there is no record of Bot API calls, so the report leaves that fact out."""

    def __init__(self, probes: Probes, metrics: Metrics | None,
                 delivery: Callable[[], tuple[bool, datetime | None]],
                 now: Callable[[], datetime]) -> None:
        self.probes, self.metrics, self.delivery, self.now = probes, metrics, delivery, now
        self.started = time.monotonic()

    def database(self) -> dict[str, Any]:
        error = self.probes.ping()
        return {"ok": True} if error is None else {"ok": False, "error": error}

    def delivery_loop(self) -> dict[str, Any]:
        running, beat = self.delivery()
        age = (self.now() - beat).total_seconds() if beat is not None else None
        ok = running and age is not None and age < DELIVERY_STALE.total_seconds()
        return {"ok": ok, "running": running,
                "last_beat_seconds_ago": None if age is None else round(age, 1)}

    def bot_api(self) -> dict[str, Any]:
        assert self.metrics is not None
        now = time.monotonic()
        last = self.metrics.last_api_ok
        age = None if last is None else now - last
        error = self.metrics.last_api_error
        # A webhook bot may call nothing for hours: only a failing call with no success for
        # API_STALE seconds is unhealthy (and no success at all after start-up's grace).
        recent = age is not None and age < API_STALE
        ok = recent or (error is None and (last is not None or now - self.started < API_STALE))
        return {"ok": ok, "last_success_seconds_ago": None if age is None else round(age, 1),
                "last_error": error}

    def report(self) -> dict[str, Any]:
        parts = {"database": self.database(), "delivery": self.delivery_loop()}
        if self.metrics is not None:
            parts["bot_api"] = self.bot_api()
        return {"ok": all(p["ok"] for p in parts.values()), **parts}


def probe_for(app: App, runner: Runner, metrics: Metrics | None) -> Probe:
    """The probe of one running bot: its store (on a connection of the probe's own), its
    delivery loop, and the Bot API calls `metrics` counted (if any)."""
    return Probe(open_probes(app.settings.db_path), metrics,
                 lambda: (runner.delivering, runner.delivery.beat_at), app.clock.now)


class HealthServer:
    def __init__(self, probe: Probe, metrics: Metrics) -> None:
        self.probe = probe
        self._metrics_app = make_wsgi_app(metrics.registry)
        self._server: ThreadingWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def app(self, environ: dict[str, Any], start: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/metrics":
            return self._metrics_app(environ, start)  # type: ignore[no-any-return]
        if path == "/healthz":
            report = self.probe.report()
            body = json.dumps(report).encode()
            start("200 OK" if report["ok"] else "503 Service Unavailable",
                  [("Content-Type", "application/json"), ("Cache-Control", "no-store")])
            return [body]
        start("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found: /healthz or /metrics\n"]

    def start(self, host: str, port: int) -> int:
        """Listen and serve in a daemon thread; returns the port (0 picks a free one)."""
        self._server = make_server(host, port, self.app, ThreadingWSGIServer, handler_class=Quiet)
        self._thread = threading.Thread(target=self._server.serve_forever, name="health",
                                        daemon=True)
        self._thread.start()
        return int(self._server.server_port)

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
