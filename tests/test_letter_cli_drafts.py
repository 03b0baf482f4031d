"""`weiquan case letter` on a draft nobody has told anything yet: exit 1 with a clear message
(CONTRACT.md: 1 = the thing asked for failed or is invalid, message on stderr)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.chat import Chat


@pytest.fixture
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WEIQUAN_DATA_DIR", str(tmp_path))
    chat = Chat(tmp_path / "weiquan.db")
    chat.send("投诉")
    chat.click("质量问题")  # case 1: a category, no answers
    chat.click("天猫")  # now one answer
    chat.send("/cancel")
    chat.click("是，放弃")
    chat.send("投诉")
    chat.click("假货")  # case 2: nothing answered
    chat.close()
    return tmp_path / "weiquan.db"


def test_an_empty_draft_has_no_letter(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", "letter", "2", "--channel", "seller", "--db", str(drafts)]) == 1
    captured = capsys.readouterr()
    assert "case 2 is an empty draft" in captured.err and captured.out == ""


def test_an_empty_draft_through_the_real_process(drafts: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "bot.cli", "case", "letter", "2", "--channel",
                           "seller", "--db", str(drafts)], capture_output=True, text=True,
                          env={**os.environ}, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert "empty draft" in done.stderr and "Traceback" not in done.stderr


def test_a_draft_with_answers_still_gets_its_text(drafts: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", "letter", "1", "--channel", "seller", "--db", str(drafts)]) == 0
    assert capsys.readouterr().out.strip()
