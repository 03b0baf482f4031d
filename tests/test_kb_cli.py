"""`weiquan kb ask|classify|check|hotline` as CONTRACT.md says: JSON shapes, stdin mode, exit codes."""

from __future__ import annotations

import io
import json

import pytest

from bot.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "kb", "ask", "七天无理由怎么算", "--json")
    data = json.loads(out)
    assert code == 0
    assert list(data)[:4] == ["answer", "entry", "score", "sources"]  # extensions may follow
    assert data["entry"] == "no_reason_7d" and data["answer"] and data["sources"]
    assert isinstance(data["score"], float)


def test_ask_json_unknown_is_null(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "kb", "ask", "9510211几点上班", "--json")
    data = json.loads(out)
    assert code == 0 and data["answer"] is None and data["entry"] is None and data["sources"] == []


def test_ask_stdin_one_json_per_line_in_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = ["12315几点能打通", "", "京东怎么退货", "how do i call tmall", "假一赔三是什么"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(questions) + "\n"))
    code, out, _ = run(capsys, "kb", "ask", "-", "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == len(questions)
    assert [line["entry"] for line in lines] == [
        "gov_12315_hours", None, None, "hotline_9510211", "fake_3x_what"
    ]
    assert lines[3]["answer"].startswith("The Tmall consumer hotline")  # English question


def test_ask_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "kb", "ask", "订单号在哪看")
    assert code == 0 and "已买到的宝贝" in out and "来源" in out


def test_classify_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "kb", "classify", "我买的耐克鞋是假的", "--json")
    data = json.loads(out)
    assert code == 0 and list(data) == ["category", "confidence", "alternatives"]
    assert data["category"] == "counterfeit" and 0 < data["confidence"] <= 1


def test_classify_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("the parcel arrived crushed\n今天天气不错\n"))
    code, out, _ = run(capsys, "kb", "classify", "-", "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [line["category"] for line in lines] == ["logistics_damage", None]


def test_hotline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "kb", "hotline", "0571-2828-2058", "--json")
    data = json.loads(out)
    assert code == 0 and data["official"] is False and "9510211" in data["warning"]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["kb"], ["kb", "ask"], ["kb", "classify", "x", "--bogus"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
