"""Issue 13's smaller items: private files, callback data that is digits only in ASCII, and
commands addressed to another bot in the advisers' group."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from bot.adapters.telegram.updates import read_update
from bot.store.sqlite import Store
from dialogs.actions import Button
from tests.chat import Chat

GROUP = -1001700


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_and_data_folder_are_the_owners_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    Store(data / "weiquan.db").close()  # made before, world-readable
    (data / "weiquan.db").chmod(0o644)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("WEIQUAN_")},
           "WEIQUAN_DATA_DIR": str(data)}
    photo = tmp_path / "receipt.jpg"
    from tests.test_telegram_scenarios import jpeg

    photo.write_bytes(jpeg(64, 48))
    done = subprocess.run([sys.executable, "-m", "bot.cli", "chat", "--user", "5"],
                          input=f"投诉\n1\n/photo {photo}\n", text=True, capture_output=True,
                          env=env, timeout=120, preexec_fn=lambda: os.umask(0o022))
    assert done.returncode == 0, done.stderr[-2000:]
    assert mode(data) == 0o700
    for path in data.rglob("*"):
        if path.name.startswith("weiquan.db") or "evidence" in path.parts:
            assert mode(path) == (0o700 if path.is_dir() else 0o600), (path, oct(mode(path)))
    assert any(p.is_file() for p in (data / "evidence").rglob("*"))  # the photo was kept


@pytest.mark.parametrize("data", ["c:²", "c:①", "r:¹:success_15d:done", "e:²:resolved",
                                  "p:³:resolved", "x:²", "v:²:receipt", "t:²:x", "f²:ok"])
def test_superscript_digits_in_callback_data_get_a_calm_answer(chat: Chat, data: str) -> None:
    chat.send("/start")
    replies = chat.press(Button("#", data), 1)
    assert replies and not any("出了点问题" in r for r in replies), replies


def update(text: str) -> dict[str, object]:
    return {"update_id": 7, "message": {
        "message_id": 3, "date": 0, "text": text, "chat": {"id": GROUP, "type": "supergroup"},
        "from": {"id": 9, "is_bot": False, "first_name": "王"}}}


def test_a_command_for_another_bot_in_the_advisers_group_is_not_ours() -> None:
    at = datetime.fromisoformat("2026-12-01T10:00:00+08:00")
    ours = "weiquan_test_bot"
    assert read_update(update("/close@other_bot"), at, GROUP, ours).event is None
    for text in ("/close", "/close@weiquan_test_bot", "/close@WEIQUAN_TEST_BOT", "好的"):
        event = read_update(update(text), at, GROUP, ours).event
        assert event is not None and event.chat_id == GROUP, text
