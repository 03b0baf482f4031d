"""A photo's EXIF time is stored with its time zone, so the letter in the chat and
`weiquan case letter` give every piece of evidence the same date."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.chat import Chat
from tests.test_chat_evidence import filed, rows
from tests.test_evidence_make import jpeg


def evidence_line(text: str) -> str:
    return next(line for line in text.splitlines() if "IMG_" in line or "商品实物" in line)


@pytest.mark.parametrize(("exif", "offset", "stored", "day"), [
    ("2026:11:12 23:30:00", None, "2026-11-12T23:30:00+08:00", "2026-11-12"),
    ("2026:11:12 20:00:00", "-05:00", "2026-11-12T20:00:00-05:00", "2026-11-13"),
])
def test_chat_letter_and_cli_letter_give_the_same_date(
        chat: Chat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], exif: str, offset: str | None, stored: str,
        day: str) -> None:
    filed(chat, "质量问题")
    chat.send_files((jpeg(seed=3, exif_time=exif, offset=offset), "document", "IMG_0002.jpg"))
    chat.click("商品实物")
    assert rows(chat)[0][6] == stored  # the moment, with its offset
    chat.send("/letter")
    in_chat = chat.last
    assert f"商品实物（{day}）" in in_chat
    monkeypatch.setenv("WEIQUAN_DATA_DIR", str(chat.store_dir))
    assert main(["case", "letter", "1", "--channel", "seller", "--db",
                 str(chat.store.path)]) == 0
    from_cli = capsys.readouterr().out
    assert f"商品实物（{day}）" in from_cli
