"""python-telegram-bot's requests on aiohttp keep ptb's meaning of a failure: a request that
never went out (no connection) is a NetworkError, safe to send again; one sent without an answer
in time is TimedOut, which the outbox treats as "may have arrived" (issue 13 items 3 and 5)."""

from __future__ import annotations

import asyncio
import socket

import pytest
from aiohttp import web
from telegram.error import NetworkError, TimedOut

from bot.adapters.telegram.ptb_request import AiohttpRequest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_no_connection_is_a_network_error_not_a_timeout() -> None:
    request = AiohttpRequest(4, read_timeout=1.0, connect_timeout=1.0, pool_timeout=1.0)
    try:
        with pytest.raises(NetworkError) as caught:
            await request.do_request(f"http://127.0.0.1:{free_port()}/botX/sendMessage", "POST")
        assert not isinstance(caught.value, TimedOut)
    finally:
        await request.shutdown()


async def test_an_answer_later_than_the_read_timeout_is_timed_out() -> None:
    async def slow(_request: web.Request) -> web.Response:
        await asyncio.sleep(2.0)
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/botX/sendMessage", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    request = AiohttpRequest(4, read_timeout=0.3, connect_timeout=1.0, pool_timeout=1.0)
    try:
        with pytest.raises(TimedOut):
            await request.do_request(f"http://127.0.0.1:{port}/botX/sendMessage", "POST")
        code, body = await request.do_request(f"http://127.0.0.1:{port}/botX/sendMessage",
                                              "POST", read_timeout=5.0)
        assert code == 200 and b'"ok": true' in body
    finally:
        await request.shutdown()
        await runner.cleanup()


async def test_a_proxy_in_the_environment_carries_every_request(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """HTTP_PROXY is honoured as httpx honoured it for ptb, although it is read once."""
    seen: list[str] = []

    async def forward(request: web.Request) -> web.Response:
        seen.append(str(request.url))
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", forward)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    request = AiohttpRequest(4, read_timeout=5.0, connect_timeout=1.0, pool_timeout=1.0)
    try:
        for method in ("getMe", "sendMessage"):
            code, _ = await request.do_request(f"http://api.telegram.invalid/botX/{method}",
                                               "POST")
            assert code == 200
        assert [u.rsplit("/", 1)[-1] for u in seen] == ["getMe", "sendMessage"]
        assert all("api.telegram.invalid" in u for u in seen)
    finally:
        await request.shutdown()
        await runner.cleanup()
