"""In `weiquan chat`, a typed number presses exactly the button printed with it: after /photo
in the middle of the form, the evidence labels and the form's buttons never share a number."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from PIL import Image

from tests.test_console import WEIQUAN, cli_json, env, read_until

TO_PAID_ON = ["投诉", "假货", "1", "某店", "1234567890123456", "鞋", "399"]  # to 付款日期


class Console:
    """The real `weiquan chat` process, typed into line by line."""

    def __init__(self, tmp_path: Path) -> None:
        self.proc = subprocess.Popen([*WEIQUAN, "chat"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=env(tmp_path))
        self.seen = ""

    def type(self, line: str, *until: str) -> str:
        """Type a line; what the bot printed until every `until` showed up, in that order."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        out = ""
        while not re.search(".*".join(map(re.escape, until)), out, re.S):
            out += read_until(self.proc, "\n")
        return out

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def numbers(printed: str) -> dict[str, list[int]]:
    """label -> the numbers printed with it, in order."""
    found: dict[str, list[int]] = {}
    for n, label in re.findall(r"^\[(\d+)\] (.+)$", printed, re.M):
        found.setdefault(label.strip(), []).append(int(n))
    return found


def test_after_a_photo_mid_form_each_number_presses_its_own_button(tmp_path: Path) -> None:
    photo = tmp_path / "shoe.jpg"
    Image.new("RGB", (800, 600), (200, 100, 50)).save(photo)
    console = Console(tmp_path)
    try:
        for line, until in zip(TO_PAID_ON, ("请选择", "哪个平台", "店铺", "订单编号", "买的是什么",
                                            "支付了多少", "哪天付款"), strict=True):
            console.type(line, until, "上一步" if line != "投诉" else "\n")
        out = console.type(f"/photo {photo}", "其他", "上一步")
        printed = numbers(out)
        every = [n for ns in printed.values() for n in ns]
        assert len(every) == len(set(every)), out  # no number printed twice
        label = printed["商品实物"][0]
        yesterday = printed["昨天"][-1]
        assert label != yesterday
        out = console.type(str(label), "商品实物")
        assert "标记为「商品实物」" in out
        out = console.type(str(printed["昨天"][0]), "签收")  # the earlier copy of 昨天 works too
    finally:
        console.close()
    shown = cli_json(tmp_path, "case", "show", "1")
    assert [e["label"] for e in shown["evidence"]] == ["product"]  # type: ignore[attr-defined]
    assert shown["fields"]["paid_on"] == "2026-11-26"  # type: ignore[index]
    assert shown["fields"]["received_on"] is None  # type: ignore[index]


def test_a_number_with_no_button_is_told_so(tmp_path: Path) -> None:
    console = Console(tmp_path)
    try:
        console.type("投诉", "请选择")
        console.type("假货", "哪个平台", "[2] 淘宝")  # the whole keyboard read, not only the question
        out = console.type("9", "没有编号为 9", "哪个平台", "[2] 淘宝")
        assert "没有编号为 9 的按钮" in out and "[1] 天猫" in out
    finally:
        console.close()


def test_case_show_lists_the_notes(tmp_path: Path) -> None:
    story = "对方自称淘宝客服，让我共享屏幕，从我银行卡转走了3000元"
    console = Console(tmp_path)
    try:
        console.type(story, "[2] 选别的类型")
        console.type("1", "哪个平台", "上一步")
    finally:
        console.close()
    shown = cli_json(tmp_path, "case", "show", "1")
    assert shown["notes"] == [{"kind": "story", "field": None, "text": story,  # type: ignore[index]
                               "at": "2026-11-27T10:00:00+08:00"}]
    text = subprocess.run([*WEIQUAN, "case", "show", "1"], capture_output=True, text=True,
                          env=env(tmp_path), timeout=60, check=True).stdout
    assert "note · story" in text and story in text
