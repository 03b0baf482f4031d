"""The store contract suite runs once per store implementation in BACKENDS.

Adding a store is one line here: its name, how a test opens it on a folder of its own (called
twice for two connections to the same data), how it opens its read-only probes and what is
thrown away after the test. PostgreSQL: one database in the session's throwaway cluster
(tests/pg_cluster.py), every table emptied and its ids started over after each test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.store.contract import Probes, Store
from bot.store.probes import SqliteProbes
from bot.store.sqlite import Store as SqliteStore
from tests import pg_cluster


@dataclass(frozen=True)
class Backend:
    open: Callable[[Path], Store]
    probes: Callable[[Path], Probes]
    done: Callable[[Path], None] = lambda d: None


_pg_urls: dict[Path, str] = {}
_pg_shared: list[str] = []


def _pg_url(folder: Path) -> str:
    """The database of a test folder: the suite's one database, emptied after each test."""
    if folder not in _pg_urls:
        if not _pg_shared:
            _pg_shared.append(pg_cluster.cluster().fresh("store_contract"))
        _pg_urls[folder] = _pg_shared[0]
    return _pg_urls[folder]


def _pg_store(folder: Path) -> Store:
    from bot.store.postgres.store import PostgresStore

    return PostgresStore(_pg_url(folder), busy_timeout=5.0)


def _pg_probes(folder: Path) -> Probes:
    from bot.store.postgres.probes import PgProbes

    return PgProbes(_pg_url(folder))


def _pg_done(folder: Path) -> None:
    if folder in _pg_urls:
        pg_cluster.cluster().emptied(_pg_urls.pop(folder))


BACKENDS: dict[str, Backend] = {
    "sqlite": Backend(lambda d: SqliteStore(d / "weiquan.db", busy_timeout=5.0),
                      lambda d: SqliteProbes(d / "weiquan.db")),
    "postgres": Backend(_pg_store, _pg_probes, _pg_done),
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest) -> Backend:
    if request.param == "postgres":
        request.getfixturevalue("pg_cluster")  # started once, stopped at the session's end
    return BACKENDS[request.param]


@pytest.fixture
def opened(backend: Backend, tmp_path: Path) -> Iterator[Callable[[], Store]]:
    """Opens connections to one store; each is closed after the test."""
    stores: list[Store] = []

    def open_one() -> Store:
        stores.append(backend.open(tmp_path))
        return stores[-1]

    yield open_one
    for s in reversed(stores):
        s.close()
    backend.done(tmp_path)


@pytest.fixture
def store(opened: Callable[[], Store]) -> Store:
    return opened()


@pytest.fixture
def second(store: Store, opened: Callable[[], Store]) -> Store:
    """A second connection to the same store (as a second thread or process has)."""
    return opened()


@pytest.fixture
def probes(store: Store, backend: Backend, tmp_path: Path) -> Probes:
    return backend.probes(tmp_path)
