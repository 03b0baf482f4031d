"""A small round-robin HTTP proxy for replica tests: the load balancer in front of several
`weiquan run --webhook-url` processes. Each request goes to the next replica in turn; a replica
that does not answer (killed, restarting) makes the request fail with 502, and Telegram (the
emulator) sends the update again, which then goes to the next one."""

from __future__ import annotations

import itertools
from collections import Counter

import aiohttp
from aiohttp import web

HOP = ("X-Telegram-Bot-Api-Secret-Token", "Content-Type")


class RoundRobin:
    def __init__(self, backends: list[str]) -> None:
        self.backends = backends  # base URLs, e.g. http://127.0.0.1:8081
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
        return self.url

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        backend = self.backends[next(self._turn) % len(self.backends)]
        self.sent[backend] += 1
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k in HOP}
        try:
            async with self._session.request(request.method, backend + request.path_qs,
                                             data=body, headers=headers,
                                             timeout=aiohttp.ClientTimeout(total=30)) as resp:
                return web.Response(status=resp.status, body=await resp.read(),
                                    content_type=resp.content_type)
        except (aiohttp.ClientError, TimeoutError):
            self.failed[backend] += 1
            return web.Response(status=502, text="bad gateway")
