"""A Bot API outage while ten users write, through both frameworks: the emulator answers 502 to
every send, then refuses connections; afterwards every reply arrives, in order per chat, and no
outbox row failed. The 60 s outage and the retry policy are scaled down together (SCALE), so
the shape holds: the outage lasts many backoff steps, and far less than the retry window."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.adapters.telegram.limits import Limits
from bot.delivery.retry_policy import RetryPolicy
from tests.chat.telegram_bot import FRAMEWORKS, db_of, fast_options, running_bot
from tests.emulator import BotApiEmulator

OUTAGE = 60.0  # seconds, as an operator would see it
SCALE = 0.1  # the test runs it ten times faster, retry policy included
USERS = range(601, 611)
SAYS = [("/start", "维权助手"), ("/help", "/complain"), ("/status", "还没有案件")]


def replies_in_order(emu: BotApiEmulator, user: int) -> bool:
    seen = [m.content for m in emu.sent(user)]
    at = 0
    for _, expected in SAYS:
        at = next((i for i in range(at, len(seen)) if expected in seen[i]), -1) + 1
        if at == 0:
            return False
    return True


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_60s_outage_while_ten_users_write_loses_nothing(
        framework: str, emu: BotApiEmulator, tmp_path: Path) -> None:
    import sqlite3

    policy = RetryPolicy.scaled(SCALE)
    async with running_bot(framework, emu, tmp_path, fast_options(limits=Limits()),
                           retry_base=policy.base, retry_cap=policy.cap) as bot:
        for user in USERS:
            emu.add_user(user, lang="zh")
        half = OUTAGE * SCALE / 2
        emu.outage(errors=half, refused=half)  # 502s first, then no connections at all
        outage = emu.server.outage
        for user in USERS:  # received (getUpdates still works), their replies meet the 502s
            emu.send_text(user, SAYS[0][0])
        await emu.wait_until(lambda: outage.answered >= len(USERS), 30, "replies met 502s")
        for user in USERS:
            emu.send_text(user, SAYS[1][0])
        await emu.wait_until(lambda: time.monotonic() >= outage.refused_from, 30,
                             "connections refused")
        for user in USERS:  # written while nothing gets through
            emu.send_text(user, SAYS[2][0])
        await emu.wait_until(lambda: outage.over, 30, "the outage over")
        await emu.wait_until(lambda: all(replies_in_order(emu, u) for u in USERS), 60,
                             "every reply, in order per chat")
        db = db_of(bot)
        await emu.wait_until(lambda: sqlite3.connect(db).execute(
            "SELECT COUNT(*) FROM outbox WHERE status != 'sent'").fetchone()[0] == 0, 10,
            "every row sent")
    with sqlite3.connect(db) as conn:
        states = dict(conn.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status"))
        tried = conn.execute("SELECT MAX(attempts) FROM outbox").fetchone()[0]
    assert states == {"sent": len(USERS) * len(SAYS)}  # none failed, none unknown
    assert tried >= 2 and outage.answered >= len(USERS)


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_bot_api_slower_than_ptbs_default_timeout_sends_each_reply_once(
        framework: str, emu: BotApiEmulator, tmp_path: Path) -> None:
    """ptb's own read timeout is 5 s: a Bot API answering in 6 s got the reply three times and
    the row ended failed. Our calls wait up to 30 s, and a timeout is a doubt, not a failure."""
    import sqlite3

    from tests.chat.telegram import TelegramChat

    async with running_bot(framework, emu, tmp_path) as bot:
        chat = TelegramChat(emu, db_of(bot), timeout=30)
        emu.server.outage.slow_down("sendMessage", 6.0)
        await chat.send("/help")
        db = db_of(bot)
    assert sum("/complain" in m.content for m in emu.sent(chat.user)) == 1
    assert len(emu.calls("sendMessage")) == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status, attempts FROM outbox").fetchall() == [("sent", 1)]
