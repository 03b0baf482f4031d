"""Concurrent sends within Telegram's limits, through both frameworks: sixty users at once get
their replies, each once, at the overall rate (30 a second, evenly spaced) against the
emulator's Telegram-like flood control; the limits come from WEIQUAN_RATE_GLOBAL /
WEIQUAN_RATE_CHAT."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.telegram.limits import Limits
from bot.config import Settings
from tests.chat.telegram_bot import FRAMEWORKS, db_of, fast_options, pending_rows, running_bot
from tests.emulator import BotApiEmulator

USERS = range(701, 761)


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_sixty_chats_at_once_stay_within_the_overall_rate(
        framework: str, emu: BotApiEmulator, tmp_path: Path) -> None:
    emu.rate_limit(per_chat=(3, 1.0), overall=(30, 1.0), per_group=None)
    settings = Settings(_env_file=None, rate_global=30.0, rate_chat=1.0)  # type: ignore[call-arg]
    limits = Limits(per_chat=settings.rate_chat, overall=settings.rate_global)
    async with running_bot(framework, emu, tmp_path, fast_options(limits=limits)) as bot:
        for user in USERS:
            emu.add_user(user, lang="zh")
        mark = emu.mark()
        for user in USERS:
            emu.send_text(user, "/help")
        await emu.wait_until(lambda: len(emu.sent(since=mark)) >= len(USERS), 30,
                             "every reply")
        await emu.wait_until(lambda: pending_rows(db_of(bot)) == 0, 10, "all marked sent")
    sends = emu.calls("sendMessage")
    # Paced below the limit as the sends leave; a loaded machine may still bunch a few on
    # arrival (the emulator shares the bot's loop here), and a 429 only delays that chat.
    assert len([c for c in sends if c.status == 429]) <= 3
    assert all(sum("/complain" in m.content for m in emu.sent(u)) == 1 for u in USERS)
    times = sorted(c.at for c in sends if c.status == 200)
    assert times[-1] - times[0] >= (len(USERS) - 1) / 30 * 0.9  # never faster than 30/s
