"""`weiquan deadline` as CONTRACT.md specifies it: in-process for the whole table, and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from bot.cli import main
from knowledge.workdays import to_shanghai
from tests.test_deadlines import CASES, FACTS_RULE_IDS, Case, case_id

SCRIPT = Path(sys.executable).parent / "weiquan"
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "bot.cli"]


def argv(case: Case, *extra: str) -> list[str]:
    args = ["deadline", case.rule, "--from", case.start]
    for edit in case.edits:
        args += ["--edit", edit]
    return args + list(extra)


def expected_from(case: Case) -> str:
    return to_shanghai(datetime.fromisoformat(case.start)).isoformat()


def check_json(case: Case, out: dict[str, object]) -> None:
    assert out["rule"] == case.rule
    assert out["from"] == expected_from(case)
    assert out["deadline"] == case.expected, case.why
    assert out["estimated"] is case.estimated
    assert out["earliest"] == case.earliest
    assert out["holiday_caveat"] is case.caveat


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_json_in_process(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv(case, "--json")) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    lines = captured.out.splitlines()
    assert len(lines) == 1
    check_json(case, json.loads(lines[0]))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=60)


# The first table case of every rule, plus every case with amount edits.
PROCESS_CASES = [c for i, c in enumerate(CASES) if c.rule not in {d.rule for d in CASES[:i]}]
PROCESS_CASES += [c for c in CASES if c.edits and c not in PROCESS_CASES]


@pytest.mark.slow
def test_process_cases_cover_every_rule() -> None:
    assert {c.rule for c in PROCESS_CASES} == FACTS_RULE_IDS


@pytest.mark.slow
@pytest.mark.parametrize("case", PROCESS_CASES, ids=case_id)
def test_json_real_process(case: Case) -> None:
    done = run(*argv(case, "--json"))
    assert done.returncode == 0, done.stderr
    check_json(case, json.loads(done.stdout))


@pytest.mark.slow
def test_contract_example() -> None:
    done = run("deadline", "seller_reply_72h", "--from", "2026-07-06T09:00:00+08:00", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert {k: out[k] for k in ("rule", "from", "deadline")} == {
        "rule": "seller_reply_72h",
        "from": "2026-07-06T09:00:00+08:00",
        "deadline": "2026-07-09T09:00:00+08:00",
    }


@pytest.mark.slow
def test_human_readable_is_chinese_with_the_rule_name() -> None:
    done = run("deadline", "intervention_2wd", "--from", "2026-02-13T10:00")
    assert done.returncode == 0, done.stderr
    assert "卖家拒绝后平台 2 个工作日内介入" in done.stdout
    assert "2026-02-24 23:59:59" in done.stdout
    estimate = run("deadline", "ship_24h", "--from", "2026-07-06T10:00")
    assert "估算" in estimate.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["deadline", "no_such_rule", "--from", "2026-07-06T09:00"], "unknown deadline rule"),
        (["deadline", "success_15d", "--from", "yesterday"], "not an ISO 8601 time"),
        (["deadline", "success_15d", "--from", "2026-02-30T09:00"], "not an ISO 8601 time"),
        (["deadline", "seller_reply_72h", "--from", "2026-07-06T09:00", "--edit", "soon"], "soon"),
        (
            ["deadline", "success_15d", "--from", "2026-07-06", "--edit", "2026-07-07"],
            "amount edits",
        ),
        (
            ["deadline", "seller_reply_72h", "--from", "2026-07-06T09:00", "--edit", "2026-07-05"],
            "before the refund request",
        ),
        (["deadline", "ship_24h", "--from", "9999-12-31T23:00"], "out of the supported range"),
    ],
)
def test_failures_exit_1_with_a_message(args: list[str], message: str) -> None:
    done = run(*args)
    assert done.returncode == 1
    assert done.stdout == ""
    assert message in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [["deadline"], ["deadline", "success_15d"], ["deadline", "success_15d", "--from"]],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert "usage" in done.stderr
