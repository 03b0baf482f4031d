"""The store contract suite runs once per store implementation in BACKENDS.

Adding a store is one line here: its name, how a test opens it on a folder of its own (called
twice for two connections to the same data), and how it opens its read-only probes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.store.contract import Probes, Store
from bot.store.probes import SqliteProbes
from bot.store.sqlite import Store as SqliteStore


@dataclass(frozen=True)
class Backend:
    open: Callable[[Path], Store]
    probes: Callable[[Path], Probes]


BACKENDS: dict[str, Backend] = {
    "sqlite": Backend(lambda d: SqliteStore(d / "weiquan.db", busy_timeout=5.0),
                      lambda d: SqliteProbes(d / "weiquan.db")),
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest) -> Backend:
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
