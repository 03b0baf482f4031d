"""`WEIQUAN_DB=postgresql://…` for the command line: a conversation through the real `weiquan
chat` process stored in PostgreSQL, read back by every `case` subcommand (the PDF export's
worker process opens the store again from the URL), `kb` and `config check` beside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.test_console import FILING

pytestmark = pytest.mark.slow
WEIQUAN = [sys.executable, "-m", "bot.cli"]


@pytest.fixture
def url(pg_cluster: Any) -> str:
    made = pg_cluster.empty(f"cli_{os.getpid()}_{id(object())}")  # migrated by the first open
    yield made
    pg_cluster.drop(made)


def env(tmp_path: Path, url: str) -> dict[str, str]:
    """`url` empty: the default store, SQLite in the data folder."""
    base = {k: v for k, v in os.environ.items() if k != "WEIQUAN_DB"}
    return {**base, "WEIQUAN_DATA_DIR": str(tmp_path / "data"), "WEIQUAN_DB": url,
            "WEIQUAN_NOW": "2026-11-27T10:00:00+08:00", "PYTHONUNBUFFERED": "1"}


def weiquan(tmp_path: Path, url: str, *args: str, lines: list[str] | None = None,
            **more: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*WEIQUAN, *args], input="\n".join(lines or []) + "\n",
                          capture_output=True, text=True, env={**env(tmp_path, url), **more},
                          timeout=120)


def as_json(done: subprocess.CompletedProcess[str]) -> Any:
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_chat_on_postgresql_is_read_back_by_every_case_command(tmp_path: Path,
                                                                 url: str) -> None:
    first = weiquan(tmp_path, url, "chat", lines=FILING)
    assert first.returncode == 0, first.stderr
    assert "案件 #1 已建立" in first.stdout
    again = weiquan(tmp_path, url, "chat", lines=["/status"])  # a second process, same store
    assert "案件 #1" in again.stdout and "耐克官方旗舰店" in again.stdout
    assert (tmp_path / "data").exists() and not (tmp_path / "data" / "weiquan.db").exists()

    listing = as_json(weiquan(tmp_path, url, "case", "list", "--json"))
    assert [(c["id"], c["status"]) for c in listing["cases"]] == [(1, "negotiating")]
    shown = as_json(weiquan(tmp_path, url, "case", "show", "1", "--json"))
    assert shown["fields"]["amount"] == "399.00"
    assert shown["fields"]["order_no"] == "1234567890123456789"
    assert {e["kind"] for e in shown["events"]} == {"paid", "received"}
    # the same conversation on SQLite is the same case, to the last field (but the moments:
    # the WEIQUAN_NOW clock runs on from its start, as the real one does)
    on_sqlite = weiquan(tmp_path / "lite", "", "chat", lines=FILING)
    assert on_sqlite.returncode == 0, on_sqlite.stderr
    lite = as_json(weiquan(tmp_path / "lite", "", "case", "show", "1", "--json"))
    moments = ("created_at", "updated_at", "events", "notes")
    assert {k: v for k, v in lite.items() if k not in moments} == \
        {k: v for k, v in shown.items() if k not in moments}
    assert [(e["kind"], e["at"][:10]) for e in lite["events"]] == \
        [(e["kind"], e["at"][:10]) for e in shown["events"]]
    assert [(n["kind"], n["text"]) for n in lite["notes"]] == \
        [(n["kind"], n["text"]) for n in shown["notes"]]

    letter = as_json(weiquan(tmp_path, url, "case", "letter", "1", "--channel", "gov_12315",
                             "--json"))
    assert "1234567890123456789" in letter["text"]
    out = tmp_path / "case-1.pdf"
    exported = weiquan(tmp_path, url, "case", "export", "1", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert out.read_bytes().startswith(b"%PDF")

    outbox = as_json(weiquan(tmp_path, url, "outbox", "--json"))
    assert outbox["counts"]["sent"] > 0


def test_kb_and_config_check_with_a_postgresql_url(tmp_path: Path, url: str) -> None:
    answer = weiquan(tmp_path, url, "kb", "ask", "七天无理由退货")
    assert answer.returncode == 0 and answer.stdout.strip(), answer.stderr
    secret = url.replace("postgres@", "postgres:hunter2@")
    checked = weiquan(tmp_path, secret, "config", "check", WEIQUAN_TOKEN="123456:TEST-weiquan_s3cret-token")
    assert checked.returncode == 0, checked.stderr
    assert "postgresql://postgres:***@" in checked.stdout and "hunter2" not in checked.stdout


def test_an_unreachable_postgresql_is_one_clear_line(tmp_path: Path) -> None:
    done = weiquan(tmp_path, "postgresql://nobody@127.0.0.1:1/none", "case", "list")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "127.0.0.1" in done.stderr
