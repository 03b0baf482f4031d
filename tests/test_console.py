"""The real `weiquan chat` process: piped scripts, a second process, and SIGKILL mid-form."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

WEIQUAN = [sys.executable, "-m", "bot.cli"]
FILING = ["投诉", "假货", "1", "耐克官方旗舰店", "1234567890123456789", "耐克 Air Max 90", "399",
          "11月10日", "11.12", "跳过", "鞋标歪了，防伪码查不到，客服说是正品不给退。", "假一赔三", "1"]


def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "WEIQUAN_DATA_DIR": str(tmp_path / "data"),
            "WEIQUAN_NOW": "2026-11-27T10:00:00+08:00", "PYTHONUNBUFFERED": "1"}


def chat(tmp_path: Path, lines: list[str], *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*WEIQUAN, "chat", *extra], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, env=env(tmp_path), timeout=60)


def cli_json(tmp_path: Path, *args: str) -> dict[str, object]:
    out = subprocess.run([*WEIQUAN, *args, "--json"], capture_output=True, text=True,
                         env=env(tmp_path), timeout=60, check=True).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def test_a_piped_script_files_a_case_and_another_process_sees_it(tmp_path: Path) -> None:
    first = chat(tmp_path, FILING)
    assert first.returncode == 0, first.stderr
    assert "案件 #1 已建立" in first.stdout and "下一步建议" in first.stdout
    second = chat(tmp_path, ["/status"])
    assert second.returncode == 0
    assert "案件 #1" in second.stdout and "耐克官方旗舰店" in second.stdout
    assert "与商家协商中" in second.stdout
    listing = cli_json(tmp_path, "case", "list")
    assert listing["cases"][0]["status"] == "negotiating"  # type: ignore[index]
    shown = cli_json(tmp_path, "case", "show", "1")
    assert shown["fields"]["amount"] == "399.00"  # type: ignore[index]
    assert shown["fields"]["order_no"] == "1234567890123456789"  # type: ignore[index]
    assert {e["kind"] for e in shown["events"]} == {"paid", "received"}  # type: ignore[attr-defined]
    for key in ("deadlines", "reminders", "evidence", "handover"):
        assert key in shown


def test_english_chat(tmp_path: Path) -> None:
    out = chat(tmp_path, ["/complain"], "--lang", "en").stdout
    assert "What went wrong" in out


def test_case_show_of_a_missing_case_fails_cleanly(tmp_path: Path) -> None:
    result = subprocess.run([*WEIQUAN, "case", "show", "99"], capture_output=True, text=True,
                            env=env(tmp_path), timeout=60)
    assert result.returncode == 1 and "no case 99" in result.stderr


def read_until(proc: subprocess.Popen[str], needle: str, timeout: float = 20) -> str:
    assert proc.stdout is not None
    seen, deadline = "", time.monotonic() + timeout
    while needle not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"never saw {needle!r}; got {seen[-500:]!r}")
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536).decode()
            if not chunk:
                raise AssertionError(f"process ended before {needle!r}: {seen[-500:]!r}")
            seen += chunk
    return seen


@pytest.mark.slow
def test_sigkill_in_the_middle_of_the_form_loses_nothing(tmp_path: Path) -> None:
    proc = subprocess.Popen([*WEIQUAN, "chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, env=env(tmp_path))
    assert proc.stdin is not None
    for line, expect in (("投诉", "请选择"), ("假货", "哪个平台"), ("淘宝", "店铺名称"),
                         ("某某专营店", "订单编号")):
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
        read_until(proc, expect)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)

    after = chat(tmp_path, ["1234567890123456", "/status"])
    assert after.returncode == 0
    assert "买的是什么" in after.stdout  # the next answer continued the same form
    assert "某某专营店" in after.stdout and "淘宝" in after.stdout  # earlier answers intact
