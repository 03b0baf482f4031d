"""Never confirm what was not committed: a database held locked by another connection, and a
commit that fails while the database works (as a full disk would), through both frameworks,
by long polling and by webhook."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.telegram.runner import Runner
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, USER, db_of, fast_options, processed, running_bot
from tests.emulator import BotApiEmulator
from tests.test_telegram_webhook import free_port

pytestmark = pytest.mark.parametrize("framework", FRAMEWORKS)
BUSY = "系统这会儿忙不过来"
QUICK = {"commit_tries": 3, "commit_backoff": 0.1, "replay_interval": 0.3}


@pytest.fixture
async def bot(framework: str, emu: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Runner]:
    async with running_bot(framework, emu, tmp_path, fast_options(**QUICK),
                           db_timeout=0.2) as runner:
        yield runner


@pytest.fixture
async def hooked(framework: str, emu: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Runner]:
    port = free_port()
    options = fast_options(webhook_url=f"http://127.0.0.1:{port}/tg/hook",
                           listen=("127.0.0.1", port), **QUICK)
    async with running_bot(framework, emu, tmp_path, options, db_timeout=0.2) as runner:
        yield runner


def lock(db: Path) -> sqlite3.Connection:
    """Another connection holding the write lock, as a long migration or backup would."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def contents(emu: BotApiEmulator, user: int = USER) -> list[str]:
    return [m.content for m in emu.sent(user)]


async def test_a_locked_database_is_never_confirmed_and_the_reply_comes_after(
        bot: Runner, emu: BotApiEmulator) -> None:
    db = db_of(bot)
    chat = TelegramChat(emu, db)
    await chat.send("/start")
    held = lock(db)
    try:
        update = emu.send_text(USER, "/help")
        await emu.wait_until(lambda: any(BUSY in c for c in contents(emu)), 10,
                             "the apology, straight from the pipeline")
        assert update in emu.pending_updates()  # not committed, so not confirmed
        assert not processed(db, update)
        assert not any("/complain" in c for c in contents(emu))
    finally:
        held.rollback()
        held.close()
    await emu.wait_until(lambda: any("/complain" in c for c in contents(emu)), 10,
                         "the reply once the database is free")
    await emu.wait_until(lambda: update not in emu.pending_updates(), 10, "confirmed")
    assert sum("/complain" in c for c in contents(emu)) == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM deferred_updates").fetchone()[0] == 0


async def test_a_commit_that_keeps_failing_is_deferred_then_replayed(
        bot: Runner, emu: BotApiEmulator) -> None:
    db = db_of(bot)
    other = 777
    await TelegramChat(emu, db).send("/start")
    with sqlite3.connect(db) as conn:  # every commit of this user fails, as on a full disk
        conn.execute(f"CREATE TRIGGER full BEFORE INSERT ON processed_updates WHEN "
                     f"NEW.user_id = {other} BEGIN SELECT RAISE(ABORT, "
                     f"'database or disk is full'); END")
    emu.add_user(other, lang="en")
    update = emu.send_text(other, "/help", lang="en")
    await emu.wait_until(lambda: any("system is busy" in c for c in contents(emu, other)), 10,
                         "the apology in the user's language")
    await emu.wait_until(lambda: update not in emu.pending_updates(), 10,
                         "confirmed once kept in deferred_updates")
    with sqlite3.connect(db) as conn:
        kept = conn.execute("SELECT update_id, error FROM deferred_updates").fetchall()
        assert kept and kept[0][0] == update and "disk is full" in kept[0][1]
        conn.execute("DROP TRIGGER full")
    await emu.wait_until(lambda: any("/complain" in c for c in contents(emu, other)), 10,
                         "the replayed update's reply")
    await emu.wait_until(lambda: not sqlite3.connect(db).execute(
        "SELECT COUNT(*) FROM deferred_updates").fetchone()[0], 10, "the table emptied")
    assert processed(db, update)


async def test_webhook_answers_200_only_after_the_commit(hooked: Runner,
                                                        emu: BotApiEmulator) -> None:
    db = db_of(hooked)
    chat = TelegramChat(emu, db)
    await chat.send("/start")
    held = lock(db)
    try:
        update = emu.send_text(USER, "/help")
        await emu.wait_until(lambda: any(BUSY in c for c in contents(emu)), 10, "apology")
        assert (update, 200) not in emu.webhook_deliveries
    finally:
        held.rollback()
        held.close()
    await emu.wait_until(lambda: (update, 200) in emu.webhook_deliveries, 20, "the 200")
    await emu.wait_until(lambda: any("/complain" in c for c in contents(emu)), 10, "reply")
    assert processed(db, update)


async def test_webhook_album_parts_are_committed_before_they_are_answered(
        hooked: Runner, emu: BotApiEmulator) -> None:
    from tests.test_telegram_scenarios import jpeg

    db = db_of(hooked)
    chat = TelegramChat(emu, db)
    await chat.send("投诉")
    await chat.click("质量问题")
    album = await chat.album([jpeg(100, 80), jpeg(80, 100), jpeg(90, 90)])
    assert any("收到 3 个文件" in m.content for m in album)  # still one album
    with sqlite3.connect(db) as conn:  # each part was kept until its album was committed
        assert conn.execute("SELECT COUNT(*) FROM deferred_updates").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM album_parts").fetchone()[0] == 0
    assert all(status == 200 for _, status in emu.webhook_deliveries)


async def test_a_held_album_part_left_by_a_dead_process_is_replayed_once(tmp_path: Path,
                                                                         framework: str) -> None:
    """A webhook part answered 200 (kept in deferred_updates) whose album never got committed
    because the process died: the next process replays it, once."""
    from bot.adapters.telegram.deferred import Deferred
    from bot.app import build
    from tests.chat.telegram_bot import settings_for
    from tests.test_telegram_scenarios import jpeg

    emu = BotApiEmulator(token="123456:TEST-weiquan_s3cret-token")
    part = {"update_id": 4242, "message": {
        "message_id": 9, "date": 0, "media_group_id": "alb", "caption": "收据",
        "chat": {"id": USER, "type": "private"},
        "from": {"id": USER, "is_bot": False, "first_name": "u", "language_code": "zh"},
        "photo": [{"file_id": "f1", "file_unique_id": "u1", "width": 90, "height": 80,
                   "file_size": len(jpeg(90, 80))}]}}
    app = build(settings_for(emu.base or "http://127.0.0.1:9", tmp_path), source="telegram")
    deferred = Deferred(app.service, app.clock.now)
    assert deferred.keep([part], None, "album part, held until its album is committed")
    assert await deferred.replay() == 1  # the next process, at start
    assert await deferred.replay() == 0  # gone from the table, and applied once
    db = app.settings.db_path
    app.store.close()
    assert processed(db, 4242)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM deferred_updates").fetchone()[0] == 0


async def test_a_webhook_album_part_that_cannot_be_kept_is_not_confirmed(
        hooked: Runner, emu: BotApiEmulator) -> None:
    """Issue 13 item 4, album parts: while the database is locked a part cannot be kept in the
    album table, so it is answered 500 and Telegram sends it again; once it is kept, 200, and
    the album is applied as one."""
    from tests.test_telegram_scenarios import jpeg

    db = db_of(hooked)
    chat = TelegramChat(emu, db)
    await chat.send("投诉")
    await chat.click("质量问题")
    held = lock(db)
    try:
        parts = emu.send_album(USER, [jpeg(101, 80), jpeg(80, 101)])
        await emu.wait_until(lambda: (parts[0], 500) in emu.webhook_deliveries, 20, "a 500")
        assert (parts[0], 200) not in emu.webhook_deliveries
    finally:
        held.rollback()
        held.close()
    await emu.wait_until(lambda: all((p, 200) in emu.webhook_deliveries for p in parts), 20,
                         "the 200s")
    await emu.wait_until(lambda: any("收到 2 个文件" in c for c in contents(emu)), 20, "the album")
    assert all(processed(db, p) for p in parts)
