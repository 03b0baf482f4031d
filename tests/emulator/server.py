"""The aiohttp application: routes, token check, failure injection, long polling, webhook delivery."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from typing import Any

import aiohttp
from aiohttp import web

from . import admin, media, messages
from .flood import FloodControl
from .outage import Outage
from .params import ApiError, Params
from .state import Call, Store

HANDLERS: dict[str, messages.Handler] = {**messages.HANDLERS, **media.HANDLERS, **admin.HANDLERS}
CANONICAL = {name.lower(): name for name in [*HANDLERS, "getUpdates"]}
CONFLICT_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)


class Signal:
    """Wakes coroutines of the server's loop; fire() may be called from any thread."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = 0
        self._waiters: set[asyncio.Future[None]] = set()

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop, self._thread = loop, threading.get_ident()

    def fire(self) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        if threading.get_ident() == self._thread:
            self._wake()
        else:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        for fut in self._waiters:
            if not fut.done():
                fut.set_result(None)
        self._waiters.clear()

    async def wait(self, timeout: float) -> None:
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.add(fut)
        try:
            await asyncio.wait_for(fut, max(timeout, 0))
        except TimeoutError:
            pass
        finally:
            self._waiters.discard(fut)


def _json(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))


class ApiServer:
    def __init__(self, store: Store, token: str) -> None:
        self.store = store
        self.token = token
        self.updates = Signal()
        self.activity = Signal()
        store.on_update = self.updates.fire
        store.on_sent = self.activity.fire
        self.stopping = False
        self.flood = FloodControl()
        self.outage = Outage(self._close_site, self._open_site)
        self._site: web.TCPSite | None = None
        self._address: tuple[str, int] = ("127.0.0.1", 0)
        self._poll_generation = 0
        self.waiting_polls = 0
        self._runner: web.AppRunner | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self.webhook_connections = 1  # webhook POSTs at once unless setWebhook says otherwise

    async def start(self, host: str, port: int) -> str:
        loop = asyncio.get_running_loop()
        self.updates.bind(loop)
        self.activity.bind(loop)
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self.api)
        app.router.add_get("/file/bot{token}/{path:.+}", self.download)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, host, port)
        await self._site.start()
        port = self._runner.addresses[0][1]
        self._address = (host, port)
        self._webhook_task = asyncio.create_task(self._deliver_webhooks())
        return f"http://{host}:{port}"

    async def _close_site(self) -> None:
        if self._site is not None:
            await self._site.stop()
            self._site = None

    async def _open_site(self) -> None:
        if self._site is None and self._runner is not None and not self.stopping:
            self._site = web.TCPSite(self._runner, *self._address)
            await self._site.start()

    async def stop(self) -> None:
        await self.outage.stop()
        self.stopping = True
        self.updates.fire()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._runner is not None:
            await self._runner.cleanup()

    def _record(self, method: str, p: Params | None, status: int, body: dict[str, Any]) -> None:
        snapshot = json.loads(json.dumps(body))
        with self.store.lock:
            self.store.calls.append(Call(method, p.record() if p else {}, status, snapshot, time.time()))
        self.activity.fire()

    async def api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        name = CANONICAL.get(request.match_info["method"].lower())
        if name is None:
            return _json({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        if self.outage.refusing():  # a connection opened before the outage: cut off
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=503)
        p: Params | None = None
        try:
            p = await Params.from_request(request)
            slow = self.outage.slowness(name)
            if slow:  # a slow Bot API: the call is carried out, the answer comes late
                await asyncio.sleep(slow)
            failure = self.outage.error_for(name) or self.store.take_failure(name,
                                                                             p.get("chat_id"))
            if failure is not None:
                raise failure
            self.flood.check(name, p.get("chat_id"))
            result = await self.get_updates(p) if name == "getUpdates" else HANDLERS[name](self.store, p)
            self.flood.record(name, p.get("chat_id"))
            body, status = {"ok": True, "result": result}, 200
        except ApiError as err:
            body, status = err.body(), err.code
        response = _json(body, status)
        self._record(name, p, status, body)
        return response

    async def get_updates(self, p: Params) -> list[dict[str, Any]]:
        offset = p.int("offset")
        limit = min(max(p.int("limit") or 100, 1), 100)
        deadline = time.monotonic() + max(p.int("timeout") or 0, 0)
        store = self.store
        self._poll_generation += 1
        generation = self._poll_generation
        self.updates.fire()  # an older poll still waiting is terminated with 409, like Telegram
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, CONFLICT_POLL)
            with store.lock:
                if store.webhook:
                    raise ApiError(409, CONFLICT_WEBHOOK)
                if offset is not None and offset > 0:
                    store.pending = [u for u in store.pending if u["update_id"] >= offset]
                elif offset is not None and offset < 0:
                    store.pending = store.pending[offset:]
                store.set_allowed(p.get("allowed_updates"))
                forced = store.forced[:limit]
                del store.forced[: len(forced)]
                batch = forced + store.deliverable()[: limit - len(forced)]
                if batch:
                    return json.loads(json.dumps(batch))
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.stopping:
                return []
            self.waiting_polls += 1
            self.activity.fire()
            try:
                await self.updates.wait(remaining)
            finally:
                self.waiting_polls -= 1

    async def download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        stored = self.store.files.by_path(request.match_info["path"])
        if stored is None:
            return _json({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")

    def _next_webhook_updates(self, flying: dict[int, Any]) -> list[tuple[dict[str, Any],
                                                                          dict[str, Any]]]:
        """(hook, update) to POST now: up to max_connections in flight, and of one chat only its
        oldest update (a chat's next waits for the answer on the one before)."""
        with self.store.lock:
            hook = self.store.webhook
            if hook is None:
                return []
            room = (hook.get("max_connections") or self.webhook_connections) - len(flying)
            busy: set[Any] = set()
            picked = []
            for update in [*self.store.forced, *self.store.deliverable()]:
                chat = _chat_of(update)
                if update["update_id"] in flying or chat in busy:
                    busy.add(chat)
                    continue
                if chat is not None:
                    busy.add(chat)
                if len(picked) < room:
                    picked.append((hook, update))
            return picked

    def _confirm(self, update: dict[str, Any]) -> None:
        with self.store.lock:
            for queue in (self.store.forced, self.store.pending):
                for i, queued in enumerate(queue):
                    if queued is update:
                        del queue[i]
                        return

    async def _deliver_webhooks(self) -> None:
        """POST pending updates to the webhook, each retried until the bot answers 2xx, as
        Telegram does: up to `webhook_connections` (setWebhook's max_connections) at once."""
        flying: dict[int, asyncio.Task[None]] = {}
        async with aiohttp.ClientSession() as session:
            while not self.stopping:
                started = self._next_webhook_updates(flying)
                for hook, update in started:
                    task = asyncio.create_task(self._post_update(session, hook, update))
                    flying[update["update_id"]] = task
                    task.add_done_callback(lambda _t, u=update["update_id"]: (
                        flying.pop(u, None), self.updates.fire()))
                if not started:
                    await self.updates.wait(1.0)
            for task in flying.values():
                task.cancel()

    async def _post_update(self, session: aiohttp.ClientSession, hook: dict[str, Any],
                           update: dict[str, Any]) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": hook["secret_token"]} \
            if hook.get("secret_token") else {}
        while not self.stopping:
            try:
                async with session.post(hook["url"], json=update, headers=headers,
                                        timeout=aiohttp.ClientTimeout(total=10)) as resp:
                    status, raw = resp.status, await resp.read()
            except (aiohttp.ClientError, TimeoutError):
                status, raw = 0, b""
            with self.store.lock:
                self.store.webhook_deliveries.append((update["update_id"], status))
            self.activity.fire()
            if 200 <= status < 300:
                self._confirm(update)
                self._answer_in_response(raw)
                return
            await asyncio.sleep(0.3)  # Telegram retries a failed delivery after a while

    def _answer_in_response(self, raw: bytes) -> None:
        """Telegram executes a method returned as the webhook's response body."""
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            return
        if isinstance(body, dict) and isinstance(body.get("method"), str):
            name = CANONICAL.get(body["method"].lower())
            values = {k: v for k, v in body.items() if k != "method"}
            if name in HANDLERS:
                p = Params(values, {})
                try:
                    result: Any = {"ok": True, "result": HANDLERS[name](self.store, p)}
                    status = 200
                except ApiError as err:
                    result, status = err.body(), err.code
                self._record(name, p, status, result)


def _chat_of(update: dict[str, Any]) -> Any:
    """The chat an update belongs to (None: none known, delivered as it comes)."""
    for kind, body in update.items():
        if kind == "update_id" or not isinstance(body, dict):
            continue
        message = body.get("message") if kind == "callback_query" else body
        chat = (message or {}).get("chat") or {}
        return chat.get("id", (body.get("from") or {}).get("id"))
    return None
