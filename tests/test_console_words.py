"""The terminal chat: a missing /photo path gets a friendly word, and nothing typed or stored
can put escape sequences or other control characters on the terminal."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_console import chat

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def test_a_missing_photo_path_gets_a_friendly_message(tmp_path: Path) -> None:
    run = chat(tmp_path, ["投诉", "/photo /no/such/dir/订单.png", "/file", "/photo ~/nope.jpg"])
    assert run.returncode == 0
    out = run.stdout + run.stderr
    assert "FileNotFoundError" not in out and "Traceback" not in out
    assert "找不到文件「/no/such/dir/订单.png」，什么也没有发送" in run.stdout
    assert "用法：/file 文件路径" in run.stdout
    assert "收到 1 个文件" not in run.stdout


def test_a_missing_photo_path_in_english(tmp_path: Path) -> None:
    run = chat(tmp_path, ["complain", "/photo /no/such.png"], "--lang", "en")
    assert 'There is no file at "/no/such.png", so nothing was sent' in run.stdout
    assert "FileNotFoundError" not in run.stdout + run.stderr


def test_an_existing_photo_path_is_still_sent(tmp_path: Path) -> None:
    from PIL import Image

    photo = tmp_path / "鞋.png"
    Image.new("RGB", (40, 30), "red").save(photo)
    spaced = tmp_path / "my photos" / "鞋 2.png"
    spaced.parent.mkdir()
    Image.new("RGB", (40, 30), "blue").save(spaced)
    dragged = str(spaced).replace(" ", "\\ ")  # as a terminal fills in a dragged file
    run = chat(tmp_path, ["投诉", "假货", f"/photo {photo}", f"/file '{spaced}'",
                          f"/photo {dragged}"])
    assert run.stdout.count("收到 1 个文件") == 3 and "找不到文件" not in run.stdout


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    red = "\x1b[31m"
    lines = ["投诉", "质量问题", "1", f"{red}小李数码\u202e店\x1b[0m", "\x07\x1b]0;pwned\x07",
             f"我的{red}订单\u200b", "/status", f"/x{red}y"]
    run = chat(tmp_path, lines)
    assert run.returncode == 0
    assert not CONTROL.search(run.stdout), repr(CONTROL.search(run.stdout))
    assert "小李数码店" in run.stdout


def test_the_printer_strips_whatever_it_is_given() -> None:
    import io

    from bot.adapters.console import ConsoleTransport
    from dialogs.actions import Button

    out = io.StringIO()
    ConsoleTransport(out).show("\x1b[2J\x1b[31m红\u202e字\x9b1m", [Button("\x1b[5m按钮", "g:help")], 1)
    assert out.getvalue() == "红字\n[1] 按钮\n\n"
