"""Two webhook replicas on one PostgreSQL database behind a round-robin proxy (tests/roundrobin.py,
as tests/test_replicas.py does on SQLite): a shopper's updates reach both replicas, each is
applied once and in order, every reply is sent once, and an album whose parts reach both is one
event."""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import psycopg
import pytest

from bot.adapters.telegram.runner import Runner
from tests.chat.scripts import file_late_parcel
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import fast_options, running_bot
from tests.emulator import BotApiEmulator
from tests.roundrobin import RoundRobin
from tests.test_replicas import SECRET, WAIT
from tests.test_telegram_scenarios import jpeg
from tests.test_telegram_webhook import free_port


@pytest.fixture
async def proxy() -> AsyncIterator[RoundRobin]:
    balancer = RoundRobin([f"http://127.0.0.1:{free_port()}" for _ in range(2)])
    await balancer.start()
    yield balancer
    await balancer.stop()


@pytest.fixture
def url(pg_cluster: Any, request: pytest.FixtureRequest) -> Any:
    made = pg_cluster.empty(f"rep_{os.getpid()}_{abs(hash(request.node.name)) % 10**8}")
    yield made
    pg_cluster.drop(made)


@pytest.fixture
async def replicas(proxy: RoundRobin, emu: BotApiEmulator, tmp_path: Any,
                   url: str) -> AsyncIterator[list[Runner]]:
    emu.server.webhook_connections = 8
    async with AsyncExitStack() as stack:
        runners = []
        for n in range(2):
            port = int(proxy.backends[n].rsplit(":", 1)[1])
            options = fast_options(webhook_url=f"{proxy.url}/tg/hook",
                                   listen=("127.0.0.1", port))
            runners.append(await stack.enter_async_context(running_bot(
                "ptb", emu, tmp_path / f"replica{n}", options, webhook_secret=SECRET, db=url)))
        yield runners


def one(url: str, sql: str) -> Any:
    with psycopg.connect(url) as conn:
        row = conn.execute(sql).fetchone()
    return None if row is None else row[0]


async def test_a_conversation_through_two_replicas_is_applied_once_in_order(
        replicas: list[Runner], proxy: RoundRobin, emu: BotApiEmulator, url: str) -> None:
    chat = TelegramChat(emu, url, timeout=WAIT)  # type: ignore[arg-type]
    replies = await file_late_parcel(chat)
    assert any("#1" in r.content for r in replies)
    assert all(n > 0 for n in proxy.sent.values())  # both replicas had updates
    updates = len({u for u, _ in emu.webhook_deliveries})
    assert one(url, "SELECT COUNT(*) FROM processed_updates") == updates
    # every reply once: no row sent by both replicas (the same call twice)
    calls = [(c.method, repr(sorted(c.params.items()))) for c in emu.calls()
             if c.method.startswith(("send", "edit"))]
    assert len(calls) == len(set(calls)) and len(calls) >= 15
    assert one(url, "SELECT COUNT(*) FROM outbox WHERE status NOT IN ('sent', 'skipped')") == 0
    shown = replicas[1].app.store.cases.record(1)
    assert shown is not None and shown.fields["amount"] == "59.90"
    assert shown.category == "not_received" and shown.status != "draft"


async def test_an_album_across_two_replicas_is_one_event(
        replicas: list[Runner], proxy: RoundRobin, emu: BotApiEmulator, url: str) -> None:
    chat = TelegramChat(emu, url, timeout=WAIT)  # type: ignore[arg-type]
    await chat.send("投诉")
    await chat.click("质量问题")
    before = dict(proxy.sent)
    album = await chat.album([jpeg(100, 80), jpeg(80, 100), jpeg(90, 90), jpeg(70, 70)])
    answers = [m.content for m in album if re.search(r"收到 \d+ 个文件", m.content)]
    assert len(answers) == 1 and "收到 4 个文件" in answers[0], answers
    assert all(proxy.sent[b] > before.get(b, 0) for b in proxy.backends)
    assert one(url, "SELECT COUNT(*) FROM album_parts") == 0
    assert one(url, "SELECT COUNT(*) FROM evidence") == 4
