"""`weiquan ocr IMAGE [--json]` as CONTRACT.md says (issue 17, must-show 6): fields with their
confidence, the page kind, the text lines; kind words for what cannot be used; exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.screens.generate import clean

pytest.importorskip("rapidocr_onnxruntime")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_an_order_screenshot_as_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shot = clean("order", 7, tmall=True)
    image = tmp_path / "order.jpg"
    image.write_bytes(shot.data)
    code, out, _ = run(capsys, "ocr", str(image), "--json", "--today", shot.truth["today"])
    data = json.loads(out)
    assert code == 0 and data["kind"] == "order" and data["platform"] == "tmall"
    assert data["problem"] is None and data["text"] and all(isinstance(t, str) for t in data["text"])
    truth = shot.truth["fields"]
    for name in ("order_no", "amount", "shop", "paid_at", "tracking_no"):
        assert data["fields"][name]["value"] == truth[name], name
        assert 0 < data["fields"][name]["confidence"] <= 1
    assert data["fields"]["status"]["value"] == "success"


def test_a_chat_gives_the_sellers_words_and_another_platform_is_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    chat = next(s for s in (clean("chat", n) for n in range(40, 80)) if s.truth["statements"])
    (tmp_path / "chat.jpg").write_bytes(chat.data)
    code, out, _ = run(capsys, "ocr", str(tmp_path / "chat.jpg"), "--json")
    said = json.loads(out)["said"]
    assert code == 0 and {(s["kind"], s["key"]) for s in said} >= {
        (s["kind"], s["key"]) for s in chat.truth["statements"]}
    (tmp_path / "jd.jpg").write_bytes(clean("jd", 3).data)
    code, out, _ = run(capsys, "ocr", str(tmp_path / "jd.jpg"), "--json")
    data = json.loads(out)
    assert code == 0 and data["platform"] == "jd" and data["problem"] == "other_platform"
    assert data["fields"] == {}


def test_exit_codes_and_plain_output(tmp_path: Path) -> None:
    missing = subprocess.run([sys.executable, "-m", "bot.cli", "ocr", str(tmp_path / "no.png")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "no file" in missing.stderr
    (tmp_path / "x.png").write_bytes(b"not an image at all")
    plain = subprocess.run([sys.executable, "-m", "bot.cli", "ocr", str(tmp_path / "x.png")],
                           capture_output=True, text=True)
    assert plain.returncode == 0 and "not used: not_image" in plain.stdout
