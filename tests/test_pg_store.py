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
