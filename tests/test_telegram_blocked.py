"""A shopper who blocks the bot, through both frameworks: Telegram's my_chat_member says so,
their reminders wait (suspended) instead of failing, and come back when they unblock; a 403
on a reply ends that row failed with the reason and suspends the reminders as well."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from tests.chat import Chat as LocalChat
from tests.chat import FakeClock
from tests.chat.telegram_bot import FRAMEWORKS, running_bot
from tests.emulator import BotApiEmulator
from tests.test_reminders import at, file_not_received

SHOPPER = 901


def reminders(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT status FROM outbox WHERE kind='reminder' "
                                           "AND status NOT IN ('cancelled', 'skipped')")]


def blocked(db: Path) -> bool:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT blocked_at FROM users WHERE id=?", [SHOPPER]).fetchone()
    return row is not None and row[0] is not None


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_blocking_suspends_reminders_and_unblocking_resumes_them(
        framework: str, emu: BotApiEmulator, tmp_path: Path) -> None:
    db = tmp_path / "weiquan.db"

    def seed() -> None:  # a filed case: two reminders planned for December
        local = LocalChat(db, user_id=SHOPPER, clock=FakeClock(at("2026-11-27T10:00")))
        file_not_received(local)
        local.close()

    await asyncio.to_thread(seed)
    assert reminders(db) == ["pending", "pending"]
    async with running_bot(framework, emu, tmp_path, now=at("2026-11-28T10:00")):
        emu.add_user(SHOPPER, lang="zh")
        emu.block(SHOPPER)
        await emu.wait_until(lambda: blocked(db) and reminders(db) == ["suspended"] * 2, 10,
                             "reminders suspended")
        emu.send_text(SHOPPER, "/help")  # sent just before blocking reached the bot: a 403
        await emu.wait_until(lambda: any(c.status == 403 for c in emu.calls("sendMessage")),
                             10, "the reply refused")
        with sqlite3.connect(db) as conn:
            await emu.wait_until(lambda: conn.execute(
                "SELECT COUNT(*) FROM outbox WHERE status='failed' AND last_error LIKE "
                "'%blocked%'").fetchone()[0] == 1, 10, "the reply failed, with why")
        emu.block(SHOPPER, blocked=False)
        await emu.wait_until(lambda: not blocked(db) and reminders(db) == ["pending"] * 2, 10,
                             "reminders back")


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_reminder_refused_with_403_waits_and_goes_out_when_they_return(
        framework: str, emu: BotApiEmulator, tmp_path: Path) -> None:
    """Telegram's 403 can come before its my_chat_member update: the reminder that met it is
    held like the others (not failed), and both go out once the shopper unblocks the bot."""
    db = tmp_path / "weiquan.db"

    def seed() -> None:
        local = LocalChat(db, user_id=SHOPPER, clock=FakeClock(at("2026-11-27T10:00")))
        file_not_received(local)
        local.close()

    await asyncio.to_thread(seed)
    emu.add_user(SHOPPER, lang="zh")
    with emu.store.lock:
        emu.store.blocked.add(SHOPPER)  # blocked; Telegram has not told the bot yet
    # 2026-12-04 09:00: both reminders (12-03 and 12-04, 08:00) are due at start
    async with running_bot(framework, emu, tmp_path, now=at("2026-12-04T09:00")):
        # (the 12-03 one is skipped: a later reminder of the same rule is due as well)
        await emu.wait_until(lambda: blocked(db) and reminders(db) == ["suspended"], 10,
                             "the refused reminder held, not failed")
        assert [c.status for c in emu.calls("sendMessage")] == [403]
        assert emu.sent(SHOPPER) == []
        emu.block(SHOPPER, blocked=False)  # they come back
        await emu.wait_until(lambda: not blocked(db) and "suspended" not in reminders(db), 10,
                             "reminders released")
        await emu.wait_until(lambda: reminders(db) == ["sent"], 10, "the reminder delivered")
        [reminder] = emu.sent(SHOPPER)
        assert "售后" in reminder.content, reminder.content
