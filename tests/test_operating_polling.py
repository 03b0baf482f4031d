"""Polling as operators expect (issue 16, item 6), with the real `weiquan run`: updates that
waited while the bot was down can be dropped, and another instance on the same token (409)
is a clear fatal error with exit 1 after a few tries, not an endless warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chat.process import WAIT, ProcessChat
from tests.chat.telegram_bot import TOKEN
from tests.emulator import EmulatorThread
from tests.test_telegram_process import BotProcess

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("framework", ["ptb", "aiogram"])
def test_drop_pending_updates(framework: str, tmp_path: Path) -> None:
    with EmulatorThread(token=TOKEN) as emu:
        chat = ProcessChat(emu)
        chat.send("/status")  # sent while no bot ran
        proc = chat.bot = BotProcess(framework, emu.base, tmp_path,
                                     extra=("--drop-pending-updates",))
        try:
            proc.ready(emu)
            chat.send("/start")
            chat.wait_reply("维权助手")
            drops = [c for c in emu.calls("deleteWebhook")
                     if str(c.params.get("drop_pending_updates")).lower() == "true"]
            assert drops
        finally:
            assert proc.terminate() == 0, proc.output()[-3000:]
        assert not [m for m in chat.replies if "你还没有案件" in m]  # dropped
        assert emu.pending_updates() == []


def test_another_instance_polling_is_fatal_after_a_few_tries(tmp_path: Path) -> None:
    with EmulatorThread(token=TOKEN) as emu:
        emu.fail("getUpdates", times=50, error_code=409,
                 description="Conflict: terminated by other getUpdates request; make sure "
                             "that only one bot instance is running")
        proc = BotProcess("ptb", emu.base, tmp_path)
        code = proc.proc.wait(WAIT + 60)
        proc.close()
        tries = len(emu.calls("getUpdates"))
    output = proc.output()
    assert code == 1, output[-3000:]
    assert "another process is using this bot token" in output
    assert 3 <= tries <= 8
    assert "Traceback" not in output and TOKEN not in output
