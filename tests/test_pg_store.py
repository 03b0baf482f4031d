"""What only PostgreSQL has to show: migrations numbered and recorded, applied once when several
processes start at the same moment; locks that order one user without making others wait."""

from __future__ import annotations

import os
import threading
from typing import Any

import psycopg
import pytest

from bot.config_error import ConfigError
from bot.store.postgres.migrations import MIGRATIONS
from bot.store.postgres.store import PostgresStore
from tests.store_contract.given import AT


@pytest.fixture
def url(pg_cluster: Any, request: pytest.FixtureRequest) -> Any:
    made = pg_cluster.empty(f"pg_{os.getpid()}_{abs(hash(request.node.name)) % 10**8}")
    yield made
    pg_cluster.drop(made)


def applied(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]


def test_migrations_are_recorded_and_applied_once_by_processes_starting_together(
        url: str) -> None:
    opened: list[PostgresStore] = []
    failed: list[BaseException] = []
    start = threading.Barrier(4)

    def open_one() -> None:
        start.wait(10)
        try:
            opened.append(PostgresStore(url))
        except BaseException as exc:  # pragma: no cover - the assertion below shows it
            failed.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert failed == [] and len(opened) == 4
    assert applied(url) == sorted(name for name, _ in MIGRATIONS)
    for store in opened:
        store.close()
    PostgresStore(url).close()  # opened again: nothing more to apply
    assert len(applied(url)) == len(MIGRATIONS)


def test_recent_messages_kept_before_they_moved_into_the_session_are_kept(url: str) -> None:
    """A database from before m009: each user's last ten messages, oldest first, in their
    session row (as SQLite's m014 does)."""
    from bot.store.postgres import migrations
    from bot.store.postgres.sql import Sql

    sql = Sql(url)
    try:
        migrations.apply(sql, tuple(m for m in MIGRATIONS if m[0] != "m009_recent_in_session"))
        with sql.transaction():
            sql.execute("INSERT INTO users VALUES (1, 1, 'zh', 't', 't', NULL)")
            sql.execute("INSERT INTO sessions VALUES (1, 'idle', '{}', 't')")
            for i in range(12):
                sql.execute("INSERT INTO recent_messages (user_id, text, at) VALUES (?, ?, ?)",
                            [1, f"第{i}条", f"2026-05-01T10:{i:02d}:00+08:00"])
            sql.execute("INSERT INTO recent_messages (user_id, text, at) VALUES (2, 'x', 't')")
    finally:
        sql.close()
    store = PostgresStore(url)
    try:
        assert store.handovers.recent(1) == [f"第{i}条" for i in range(2, 12)]
        assert store.handovers.recent(2) == []
    finally:
        store.close()


def test_other_users_go_on_while_one_user_is_locked(url: str) -> None:
    first, second = PostgresStore(url), PostgresStore(url)
    try:
        through = threading.Event()

        def other_user() -> None:
            with second.transaction():
                second.lock_user(8)
                second.mark_processed("telegram", 2, 8, AT)
            through.set()

        with first.transaction():
            first.lock_user(7)
            worker = threading.Thread(target=other_user)
            worker.start()
            assert through.wait(10)  # user 8's transaction committed while 7 is held
        worker.join(10)
        assert first.is_processed("telegram", 2)
    finally:
        first.close()
        second.close()


def test_a_wrong_url_is_one_clear_line() -> None:
    with pytest.raises(ConfigError) as refused:
        PostgresStore("postgresql://someone:secret@127.0.0.1:1/none")
    (line,) = refused.value.lines
    assert line.startswith("WEIQUAN_DB: cannot connect to postgresql://someone:***@127.0.0.1:1")
    assert "secret" not in line
