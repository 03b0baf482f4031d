"""The largest file a shopper may send follows the Bot API server (issue 16 item 7): 20 MB
with api.telegram.org, WEIQUAN_MAX_FILE_MB with a self-hosted server in --local mode (which
answers getFile with a path on its own disk, read by the bot from there)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from tests.chat import texts
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, TOKEN, running_bot
from tests.emulator import BotApiEmulator
from tests.test_evidence_make import jpeg

MB = 1024 * 1024


@pytest.fixture
async def local_server(tmp_path: Path) -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN, local_dir=tmp_path / "server-disk") as emu:
        yield emu


def stored(db: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute("SELECT file_name, size FROM evidence ORDER BY id"))


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_self_hosted_server_takes_files_over_20_mb_up_to_the_configured_limit(
        framework: str, local_server: BotApiEmulator, tmp_path: Path) -> None:
    emu, photo = local_server, jpeg(seed=7)
    async with running_bot(framework, emu, tmp_path, max_file_mb=100) as bot:
        chat = TelegramChat(emu, bot.app.settings.db_path)
        await chat.send("投诉")
        await chat.click("质量问题")  # a draft case: files attach to it at once
        # Telegram says 30 MB: over the official limit, under this server's
        replies = await chat.document(photo, "scan-30mb.jpg", "image/jpeg", file_size=30 * MB)
        assert any("✅ 已保存：scan-30mb.jpg" in m for m in texts(replies)), texts(replies)
        replies = await chat.document(jpeg(seed=9), "video-150mb.jpg", "image/jpeg",
                                      file_size=150 * MB)
        assert any("❌ 没有保存：video-150mb.jpg。文件超过 100 MB" in m
                   for m in texts(replies)), texts(replies)
        assert stored(bot.app.settings.db_path) == [("scan-30mb.jpg", len(photo))]


async def test_without_the_setting_a_self_hosted_server_keeps_20_mb(
        local_server: BotApiEmulator, tmp_path: Path) -> None:
    async with running_bot("ptb", local_server, tmp_path) as bot:
        chat = TelegramChat(local_server, bot.app.settings.db_path)
        await chat.send("投诉")
        await chat.click("质量问题")
        replies = await chat.document(jpeg(seed=8), "scan.jpg", "image/jpeg",
                                      file_size=30 * MB)
        assert any("❌ 没有保存：scan.jpg。文件超过 20 MB" in m for m in texts(replies))
        assert local_server.calls("getFile") == []  # never asked for


def test_the_limit_follows_the_server() -> None:
    official = Settings(_env_file=None)  # type: ignore[call-arg]
    assert official.max_file_bytes == 20 * MB
    own = Settings(_env_file=None, api_base="http://127.0.0.1:8081",  # type: ignore[call-arg]
                   max_file_mb=2000)
    assert own.max_file_bytes == 2000 * MB


def test_more_than_20_mb_with_the_official_server_is_a_one_line_error(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "WEIQUAN_TOKEN": TOKEN, "WEIQUAN_MAX_FILE_MB": "50",
           "WEIQUAN_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "config", "check"], env=env,
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "WEIQUAN_MAX_FILE_MB: expected a number of MB greater than 0, at most 20 with the "
        "official Bot API server (more needs a self-hosted one in WEIQUAN_API_BASE), got \"50\""]
    env["WEIQUAN_API_BASE"] = "http://bot-api.internal:8081"
    done = subprocess.run([sys.executable, "-m", "bot.cli", "config", "check"], env=env,
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "files up to    50 MB" in done.stdout
