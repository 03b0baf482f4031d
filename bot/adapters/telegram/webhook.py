"""Webhook mode: an aiohttp endpoint Telegram POSTs updates to.

The secret-token header is checked first (WEIQUAN_WEBHOOK_SECRET: the same on every
replica). The answer is 200 only once the update is committed, so a crash or a failed commit
makes Telegram deliver it again. An album part is answered once it is kept in the store's album
table (adapters/telegram/albums.py), so the next part can come, at this replica or another; the
album is applied from there when it is quiet, by whichever replica gets to it.

GET /healthz on the same listener is for the load balancer in front of the replicas: 200 with a
small JSON when the database answers and the delivery loop runs (bot/ops/health.py), else 503 —
also while the process is shutting down, so the balancer stops sending it updates.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.adapters.telegram.api import TelegramApi
from bot.adapters.telegram.pipeline import Pipeline

if TYPE_CHECKING:
    from bot.ops.health import Probe

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"


class WebhookServer:
    def __init__(self, pipeline: Pipeline, api: TelegramApi, path: str, secret: str,
                 probe: Probe | None = None) -> None:
        self.pipeline, self.api, self.secret, self.probe = pipeline, api, secret, probe
        self.path = path or "/"
        self.closing = False
        self._runner: web.AppRunner | None = None

    async def start(self, host: str, port: int) -> int:
        app = web.Application()
        app.router.add_post(self.path, self.receive)
        if self.probe is not None and self.path != HEALTH_PATH:
            app.router.add_get(HEALTH_PATH, self.health)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        return int(self._runner.addresses[0][1])

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def health(self, request: web.Request) -> web.Response:
        assert self.probe is not None
        # the probe asks the database on a connection of its own: not on the event loop
        report = await asyncio.to_thread(self.probe.report)
        if self.closing:
            report = {**report, "ok": False, "closing": True}
        return web.json_response(report, status=200 if report["ok"] else 503,
                                 headers={"Cache-Control": "no-store"})

    async def receive(self, request: web.Request) -> web.Response:
        if self.closing:
            return web.Response(status=503, text="shutting down")  # Telegram will retry
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("webhook request without the right secret token from %s", request.remote)
            return web.Response(status=403, text="forbidden")
        try:
            data: Any = await request.json()
            update = self.api.parse_update(data)
            int(update["update_id"])
        except Exception as exc:  # not an update: retrying would not make it one
            log.warning("webhook body is not an update: %r", exc)
            return web.Response(status=200)
        done, _ = self.pipeline.accept(update)
        try:
            await asyncio.shield(done)
        except Exception as exc:  # not kept: Telegram must send it again
            log.warning("update %s not kept (%r); answered 500", update.get("update_id"), exc)
            return web.Response(status=500, text="not kept")
        return web.Response(status=200)
