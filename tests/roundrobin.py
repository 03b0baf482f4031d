"""A small round-robin HTTP proxy for replica tests: the load balancer in front of several
`weiquan run --webhook-url` processes. Each request goes to the next healthy replica in turn:
like HAProxy or a cloud balancer it asks each replica's GET /healthz every `check` seconds and
leaves out one that answers otherwise than 200 (shutting down, database unreachable) or not at
all, until it is well again. A replica that refuses the connection is passed over for the next
one; one that fails after taking the request makes it a 502, and Telegram (the emulator) sends
it again."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import Counter

import aiohttp
from aiohttp import web

HOP = ("X-Telegram-Bot-Api-Secret-Token", "Content-Type")


class RoundRobin:
    def __init__(self, backends: list[str], check: float = 0.25) -> None:
        self.backends = backends  # base URLs, e.g. http://127.0.0.1:8081
        self.check = check
        self.healthy = set(backends)
        self._checking: asyncio.Task[None] | None = None
        self._turn = itertools.count()
        self.sent: Counter[str] = Counter()  # requests forwarded, by backend
        self.failed: Counter[str] = Counter()  # of which the backend did not answer
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.url = ""

    async def start(self, host: str = "127.0.0.1") -> str:
        self._session = aiohttp.ClientSession()
        app = web.Application(client_max_size=64 << 20)
        app.router.add_route("*", "/{path:.*}", self.forward)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, 0).start()
        self.url = f"http://{host}:{self._runner.addresses[0][1]}"
        self._checking = asyncio.create_task(self._health_checks())
        return self.url

    async def _health_checks(self) -> None:
        assert self._session is not None
        while True:
            for backend in self.backends:
                try:
                    async with self._session.get(backend + "/healthz",
                                                 timeout=aiohttp.ClientTimeout(total=2)) as r:
                        well = r.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    well = False
                (self.healthy.add if well else self.healthy.discard)(backend)
            await asyncio.sleep(self.check)

    def _order(self) -> list[str]:
        """The backends to try for one request: healthy ones first, from the next turn."""
        first = next(self._turn)
        turn = [self.backends[(first + i) % len(self.backends)]
                for i in range(len(self.backends))]
        return [b for b in turn if b in self.healthy] + [b for b in turn if b not in self.healthy]

    async def stop(self) -> None:
        if self._checking is not None:
            self._checking.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._checking
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def forward(self, request: web.Request) -> web.Response:
        """To the next replica in turn; one that refuses the connection (dead, restarting) is
        passed over for the next, as a load balancer does when the request never reached it
        (nginx's proxy_next_upstream error). Any other failure is a 502: Telegram retries."""
        assert self._session is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k in HOP}
        for backend in self._order():
            self.sent[backend] += 1
            try:
                async with self._session.request(
                        request.method, backend + request.path_qs, data=body, headers=headers,
                        timeout=aiohttp.ClientTimeout(total=30)) as resp:
                    return web.Response(status=resp.status, body=await resp.read(),
                                        content_type=resp.content_type)
            except aiohttp.ClientConnectorError:
                self.failed[backend] += 1  # never reached it: the next one gets it
            except (aiohttp.ClientError, TimeoutError):
                self.failed[backend] += 1  # it may have had it: only Telegram may send again
                break
        return web.Response(status=502, text="bad gateway")
