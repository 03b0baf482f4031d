"""Which store a configured location means. Today every location is a SQLite file; a
`postgresql://…` URL is where issue 15's PostgreSQL store plugs in."""

from __future__ import annotations

from pathlib import Path

from bot.store.contract import Probes, Store


def open_store(where: Path | str, busy_timeout: float = 30.0) -> Store:
    from bot.store.sqlite import Store as SqliteStore  # sqlite-utils: only when a store is opened

    return SqliteStore(where, busy_timeout=busy_timeout)


def open_probes(where: Path | str) -> Probes:
    from bot.store.probes import SqliteProbes

    return SqliteProbes(where)
