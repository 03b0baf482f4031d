"""Several webhook replicas on one database (issue 15 item 2), in one test process: two Runners
on one SQLite file behind a round-robin proxy (tests/roundrobin.py). The parts of one album reach
both replicas and make ONE event; parts a dead replica acknowledged are applied by another;
replicas started at the same moment on a new file migrate it once."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.adapters.telegram.runner import Runner
from bot.clock import utc_key
from bot.store.sqlite import Store
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import USER, db_of, fast_options, processed, running_bot
from tests.emulator import BotApiEmulator
from tests.roundrobin import RoundRobin
from tests.test_telegram_scenarios import jpeg
from tests.test_telegram_webhook import free_port

SECRET = "one-secret-for-every-replica"
WAIT = 30.0  # an upper bound: every wait ends at its event


@pytest.fixture
async def proxy() -> AsyncIterator[RoundRobin]:
    ports = [free_port(), free_port()]
    balancer = RoundRobin([f"http://127.0.0.1:{p}" for p in ports])
    await balancer.start()
    yield balancer
    await balancer.stop()


def replica(proxy: RoundRobin, n: int, emu: BotApiEmulator, data: Path) -> object:
    port = int(proxy.backends[n].rsplit(":", 1)[1])
    options = fast_options(webhook_url=f"{proxy.url}/tg/hook", listen=("127.0.0.1", port))
    return running_bot("ptb", emu, data, options, webhook_secret=SECRET)


@pytest.fixture
async def replicas(proxy: RoundRobin, emu: BotApiEmulator,
                   tmp_path: Path) -> AsyncIterator[list[Runner]]:
    emu.server.webhook_connections = 8
    async with AsyncExitStack() as stack:
        yield [await stack.enter_async_context(replica(proxy, n, emu, tmp_path))  # type: ignore[arg-type]
               for n in range(2)]


def album_rows(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM album_parts").fetchone()[0])


async def test_an_album_across_two_replicas_is_one_event(replicas: list[Runner],
                                                         proxy: RoundRobin,
                                                         emu: BotApiEmulator) -> None:
    db = db_of(replicas[0])
    chat = TelegramChat(emu, db, timeout=WAIT)
    await chat.send("投诉")
    await chat.click("质量问题")
    sent_before = dict(proxy.sent)
    album = await chat.album([jpeg(100, 80), jpeg(80, 100), jpeg(90, 90), jpeg(70, 70)])
    assert any("收到 4 个文件" in m.content for m in album), [m.content for m in album]
    answers = [m.content for m in album if re.search(r"收到 \d+ 个文件", m.content)]
    assert len(answers) == 1, answers  # one album, one answer (not one per part)
    assert all(proxy.sent[b] > sent_before.get(b, 0) for b in proxy.backends)  # both had parts
    assert album_rows(db) == 0
    assert all(status == 200 for _, status in emu.webhook_deliveries)


async def test_parts_a_dead_replica_acknowledged_are_applied_by_another(
        proxy: RoundRobin, emu: BotApiEmulator, tmp_path: Path) -> None:
    """Replica 0 answered 200 for every part of an album and died (its claim still on the
    parts): replica 1 takes the album over when the claim runs out, and applies it once."""
    emu.server.webhook_connections = 8
    async with replica(proxy, 1, emu, tmp_path) as live:  # type: ignore[attr-defined]
        db = db_of(live)
        chat = TelegramChat(emu, db, timeout=WAIT)
        await chat.send("投诉")
        await chat.click("质量问题")
        with emu.store.lock:  # Telegram's view: these were delivered and answered 200
            hook, emu.store.webhook = emu.store.webhook, None
        ids = emu.send_album(USER, [jpeg(100, 80), jpeg(80, 100), jpeg(90, 90)])
        with emu.store.lock:
            emu.store.pending = [u for u in emu.store.pending if u["update_id"] not in ids]
            emu.store.webhook = hook
        dead = Store(db)  # the dead replica's last deeds
        try:
            for update_id in ids:
                dead.albums.add("telegram", update_id, USER, "g",
                                json.dumps(emu.update(update_id)), utc_key(datetime.now(UTC)))
            now = datetime.now(UTC)
            assert len(dead.albums.claim("telegram", "g", "dead-replica", utc_key(now),
                                         utc_key(now + timedelta(seconds=2)))) == 3
        finally:
            dead.close()
        await emu.wait_until(lambda: all(processed(db, i) for i in ids), WAIT, "the album")
        await emu.wait_until(lambda: album_rows(db) == 0, WAIT, "the table emptied")
        await emu.wait_until(lambda: any("收到 3 个文件" in m.content
                                         for m in emu.sent(USER)), WAIT, "its answer")
        assert sum("收到 3 个文件" in m.content for m in emu.sent(USER)) == 1


def test_replicas_starting_at_once_migrate_a_new_file_once(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    code = f"from bot.store.sqlite import Store; Store({str(db)!r}).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE)
             for _ in range(4)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()[-2000:]
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert len(names) == len(set(names)) and "m011_album_parts" in names


async def test_a_message_after_an_album_waits_for_the_album(replicas: list[Runner],
                                                            emu: BotApiEmulator) -> None:
    """The shopper sends an album and at once a text; the text reaches a replica while the
    album's parts still wait (not quiet yet) in the table: the album is applied first, as one,
    then the text — the shopper's order, whichever replica got what."""
    db = db_of(replicas[0])
    chat = TelegramChat(emu, db, timeout=WAIT)
    await chat.send("投诉")
    await chat.click("质量问题")
    mark = emu.mark()
    parts = emu.send_album(USER, [jpeg(103, 80), jpeg(80, 103), jpeg(93, 93)])
    text = emu.send_text(USER, "天猫")
    await emu.wait_until(lambda: all(processed(db, u) for u in [*parts, text]), WAIT, "applied")
    await emu.wait_until(lambda: any("店铺名称是什么" in m.content
                                     for m in emu.sent(USER, since=mark)), WAIT, "the answer")
    texts = [m.content for m in emu.sent(USER, since=mark)]
    receipts = [i for i, t in enumerate(texts) if re.search(r"收到 \d+ 个文件", t)]
    assert len(receipts) == 1 and "收到 3 个文件" in texts[receipts[0]], texts
    assert receipts[0] < next(i for i, t in enumerate(texts) if "店铺名称是什么" in t), texts


def test_replicas_on_postgresql_keep_a_young_file_without_a_row(pg_cluster: object,
                                                                 tmp_path: Path) -> None:
    """Replicas on PostgreSQL sharing a data folder: a file another replica installed and has
    not committed its row for yet must survive a start-up's recovery (the failover test lost
    a photo to it); an hour-old orphan goes."""
    import hashlib
    import os
    import time

    from bot.evidence.repository import EvidenceStore
    from bot.store import open_store

    url = pg_cluster.fresh(f"orphans_{os.getpid()}")  # type: ignore[attr-defined]
    store = open_store(url)
    try:
        evidence = EvidenceStore(store, tmp_path / "data")
        files = tmp_path / "data" / "evidence"
        young, old = (hashlib.sha256(b).hexdigest() for b in (b"on its way", b"forgotten"))
        for sha, body in ((young, b"on its way"), (old, b"forgotten")):
            (files / sha[:2]).mkdir(parents=True, exist_ok=True)
            (files / sha[:2] / sha).write_bytes(body)
        hour_ago = time.time() - 3700
        os.utime(files / old[:2] / old, (hour_ago, hour_ago))
        assert evidence.recover().orphan_files_removed == 1
        assert (files / young[:2] / young).exists() and not (files / old[:2] / old).exists()
    finally:
        store.close()
        pg_cluster.drop(url)  # type: ignore[attr-defined]


async def test_one_update_posted_to_both_replicas_at_once_is_applied_once(
        replicas: list[Runner], proxy: RoundRobin, emu: BotApiEmulator) -> None:
    """A balancer that retried on the second replica while the first still worked on the
    update: both POSTs are answered 200, the update is applied and answered once (the processed
    updates decide), on the one SQLite file the replicas share."""
    import asyncio

    import aiohttp

    from bot.adapters.telegram.webhook import SECRET_HEADER

    db = db_of(replicas[0])
    chat = TelegramChat(emu, db, timeout=WAIT)
    await chat.send("/start")
    with emu.store.lock:  # Telegram hands it to the balancer once...
        hook, emu.store.webhook = emu.store.webhook, None
    update_id = emu.send_text(USER, "/help")
    with emu.store.lock:
        emu.store.pending = [u for u in emu.store.pending if u["update_id"] != update_id]
        emu.store.webhook = hook
    body, mark = emu.update(update_id), emu.mark()
    async with aiohttp.ClientSession() as session:  # ...which gives it to both replicas

        async def post(backend: str) -> int:
            async with session.post(f"{backend}/tg/hook", json=body,
                                    headers={SECRET_HEADER: SECRET}) as resp:
                return resp.status

        assert await asyncio.gather(*(post(b) for b in proxy.backends)) == [200, 200]
    assert processed(db, update_id)
    await emu.wait_until(lambda: any("/complain" in m.content
                                     for m in emu.sent(USER, since=mark)), WAIT, "the answer")
    await chat.send("/help")  # a later update: everything before it was delivered
    answers = [m for m in emu.sent(USER, since=mark) if "/complain" in m.content]
    assert len(answers) == 2, [m.content for m in answers]  # one per /help, not per POST
