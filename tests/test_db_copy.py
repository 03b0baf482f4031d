"""`weiquan db copy` (CONTRACT.md): an installation moves from its SQLite file into PostgreSQL
and back without a row, an id or a sequence lost; a non-empty target is refused unless told."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli.main import main
from bot.store import open_store
from bot.store.contract import Store
from tests.store_contract import given
from tests.test_console import FILING

pytestmark = pytest.mark.slow
WEIQUAN = [sys.executable, "-m", "bot.cli"]


def fill(store: Store) -> None:
    """Rows in every kind of table, beside the console's case #1."""
    case_id = given.case(store, 9, status="negotiating", fields={"shop": "耐克官方旗舰店"})
    given.evidence(store, 9, case_id, sha="d" * 64)
    given.evidence(store, 9, case_id, sha="e" * 64)
    with store.transaction():
        store.evidence.delete(9, case_id=None, item_id=None)  # ids 1, 2 gone: 3 is next
    given.evidence(store, 9, case_id, sha="f" * 64)
    given.handover(store, "open", 9, text="请帮我")
    with store.transaction():
        store.handovers.link(-100, 55, 1, 3)
        given.said(store, 9, "你好")
        store.tally.join(case_id, 9, None, given.AT)
        store.reschedule(case_id, 9, 9, [given.reminder("return", given.key(30))], given.AT)
        store.mark_processed("telegram", 7001, 9, given.AT)
        store.deferred.keep("telegram", 7002, 9, "[]", "locked", given.AT)
        store.bans.ban(10, 1, given.AT)
        store.record_start(given.AT, given.AT)
        store.albums.add("telegram", 7003, 9, "g1", "{}", given.key(0))
    store.pace.reserve("9", 1.0, 1, 0.034, 1_800_000_000.0)


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in order (SQLite)."""
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                            "AND name NOT LIKE '\\_%' ESCAPE '\\'")]
        return {n: sorted(conn.execute(f"SELECT * FROM {n}").fetchall(), key=repr)
                for n in names}


def shown(where: str, case_id: int) -> dict[str, Any]:
    done = subprocess.run([*WEIQUAN, "case", "show", str(case_id), "--json", "--db", where],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def lite(tmp_path: Path) -> Path:
    """A SQLite installation: a case filed through `weiquan chat`, and the rest."""
    env = {**{k: v for k, v in os.environ.items() if k != "WEIQUAN_DB"},
           "WEIQUAN_DATA_DIR": str(tmp_path / "data"), "WEIQUAN_NOW": "2026-11-27T10:00:00+08:00"}
    done = subprocess.run([*WEIQUAN, "chat"], input="\n".join(FILING) + "\n", env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    db = tmp_path / "data" / "weiquan.db"
    store = open_store(db)
    try:
        fill(store)
    finally:
        store.close()
    return db


@pytest.fixture
def pg(pg_cluster: Any, request: pytest.FixtureRequest) -> Any:
    url = pg_cluster.empty(f"copy_{os.getpid()}_{abs(hash(request.node.name)) % 10**8}")
    yield url
    pg_cluster.drop(url)


def copy(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["db", "copy", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_sqlite_to_postgresql_and_back_keeps_every_row_and_id(
        lite: Path, pg: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = copy("--from", str(lite), "--to", pg, "--json", capsys=capsys)
    assert code == 0
    there = json.loads(out)["tables"]
    before = dump(lite)
    assert there == {t: len(rows) for t, rows in before.items() if t != "sqlite_sequence"}
    assert all(there[t] for t in ("users", "cases", "evidence", "outbox", "shop_tally",
                                  "handovers", "relay_links", "album_parts", "send_slots"))
    back = tmp_path / "back.db"
    code, out, _ = copy("--from", pg, "--to", f"sqlite:///{back}", capsys=capsys)
    assert code == 0 and "copied" in out
    assert dump(back) == before  # every row, id, column and sequence (sqlite_sequence)
    for case_id in (1, 2):
        assert shown(pg, case_id) == shown(str(lite), case_id) == shown(str(back), case_id)

    for where in (pg, str(back)):  # ids go on after the source's: none handed out twice
        store = open_store(where)
        try:
            assert given.case(store, 11) == 3
            assert given.evidence(store, 11, 3, sha="9" * 64).id == 4  # 1, 2 were deleted
            assert given.reply(store, 11, given.key(0)) > max(r[0] for r in before["outbox"])
            assert store.is_processed("telegram", 7001)
            assert store.last_processed_at() is not None
        finally:
            store.close()


def test_a_target_with_rows_is_refused_unless_replaced(
        lite: Path, pg: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert copy("--from", str(lite), "--to", pg, capsys=capsys)[0] == 0
    code, _, err = copy("--from", str(lite), "--to", pg, capsys=capsys)
    assert code == 1 and "is not empty" in err and "--replace" in err and "cases (2)" in err
    code, out, _ = copy("--from", str(lite), "--to", pg, "--replace", "--json", capsys=capsys)
    assert code == 0 and json.loads(out)["tables"]["cases"] == 2
    assert shown(pg, 1) == shown(str(lite), 1)


def test_sqlite_to_sqlite_and_mistakes(lite: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "moved" / "weiquan.db"
    assert copy("--from", f"sqlite:///{lite}", "--to", str(other), capsys=capsys)[0] == 0
    assert dump(other) == dump(lite)
    code, _, err = copy("--from", str(lite), "--to", f"sqlite:///{lite}", capsys=capsys)
    assert code == 1 and "same store" in err
    code, _, err = copy("--from", str(tmp_path / "nothing.db"), "--to", str(tmp_path / "x.db"),
                        capsys=capsys)
    assert code == 1 and "no database" in err
