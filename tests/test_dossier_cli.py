"""`weiquan case letter` and `weiquan case export` (CONTRACT.md), in-process and as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.dossier_fixture import SHOP, make_case

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WEIQUAN_DATA_DIR", str(tmp_path))
    make_case(tmp_path / "weiquan.db", tmp_path, n_evidence=3)
    return tmp_path / "weiquan.db"


def test_letter_prints_the_text(stored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", "letter", "1", "--channel", "gov_12315", "--db", str(stored)]) == 0
    out = capsys.readouterr().out
    assert "业务信息" in out and SHOP in out and "证据照片 1" in out


def test_letter_json_and_english(stored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", "letter", "1", "--channel", "seller", "--lang", "en", "--json",
                 "--db", str(stored)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lang"] == "en" and data["length"] <= data["limit"]
    assert "cpl_55" in data["cited"] and data["text"].startswith("Hello")


@pytest.mark.parametrize(("argv", "message"), [
    (["case", "letter", "42", "--channel", "seller"], "no case 42"),
    (["case", "letter", "1", "--channel", "nowhere"], "unknown channel 'nowhere'"),
    (["case", "export", "42"], "no case 42"),
])
def test_failures_exit_1_with_a_message(stored: Path, capsys: pytest.CaptureFixture[str],
                                        argv: list[str], message: str) -> None:
    assert main([*argv, "--db", str(stored)]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_export_writes_the_pdf(stored: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "dossier.pdf"
    assert main(["case", "export", "1", "-o", str(out), "--db", str(stored)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert out.read_bytes().startswith(b"%PDF")


def test_letter_through_the_real_process(stored: Path) -> None:
    env = {**os.environ, "WEIQUAN_DATA_DIR": str(stored.parent)}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "case", "letter", "1", "--channel",
                           "court", "--db", str(stored)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "催告函" in done.stdout
    bad = subprocess.run([sys.executable, "-m", "bot.cli", "case", "letter", "1", "--channel",
                          "x", "--db", str(stored)], capture_output=True, text=True, cwd=ROOT,
                         env=env, timeout=60, check=False)
    assert bad.returncode == 1 and "unknown channel" in bad.stderr


def test_export_reads_evidence_from_data_dir(stored: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import pymupdf

    monkeypatch.setenv("WEIQUAN_DATA_DIR", str(tmp_path / "elsewhere"))
    out = tmp_path / "a.pdf"
    assert main(["case", "export", "1", "-o", str(out), "--db", str(stored)]) == 0
    with pymupdf.open(out) as doc:
        assert "文件缺失" in "".join(p.get_text() for p in doc)
    assert main(["case", "export", "1", "-o", str(out), "--db", str(stored),
                 "--data-dir", str(stored.parent)]) == 0
    with pymupdf.open(out) as doc:
        assert "文件缺失" not in "".join(p.get_text() for p in doc)
