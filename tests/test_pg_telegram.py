"""`weiquan run` on PostgreSQL: the real bot (python-telegram-bot and aiogram) over HTTP to the
Bot API emulator, its store a PostgreSQL database; the case filed in Telegram is read back by
`weiquan case show --json` in another process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.telegram.runner import Runner
from tests.chat.scripts import file_late_parcel
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, USER, running_bot
from tests.emulator import BotApiEmulator

pytestmark = pytest.mark.parametrize("framework", FRAMEWORKS)


@pytest.fixture
async def bot(framework: str, emu: BotApiEmulator, tmp_path: Path,
              pg_cluster: Any) -> AsyncIterator[Runner]:
    url = pg_cluster.empty(f"tg_{framework}_{os.getpid()}")
    try:
        async with running_bot(framework, emu, tmp_path, db=url) as runner:
            yield runner
    finally:
        pg_cluster.drop(url)


async def test_a_case_filed_in_telegram_lives_in_postgresql(emu: BotApiEmulator,
                                                            bot: Runner) -> None:
    url = str(bot.app.settings.db_path)
    assert url.startswith("postgresql://") and bot.app.store.path == url
    chat = TelegramChat(emu, url)  # type: ignore[arg-type]
    replies = await file_late_parcel(chat)
    assert any("#1" in r.content for r in replies)
    uid = emu.send_text(USER, "/status")
    await chat.settle(uid)
    assert bot.app.store.is_processed("telegram", uid)

    env = {**os.environ, "WEIQUAN_DB": url}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "case", "show", "1", "--json"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["category"] == "not_received" and shown["user"] == USER
    assert shown["fields"]["amount"] == "59.90" and shown["fields"]["item"] == "耳机"
