"""Which store a configured location means: a `postgresql://` (or `postgres://`) URL is the
PostgreSQL store (bot/store/postgres/); anything else — a file path or `sqlite:///path` — is a
SQLite file, the default, which needs nothing installed."""

from __future__ import annotations

import re
from pathlib import Path

from bot.store.contract import Probes, Store

POSTGRES = ("postgresql://", "postgres://")
SQLITE = "sqlite:///"


def is_postgres(where: Path | str) -> bool:
    return isinstance(where, str) and where.startswith(POSTGRES)


def shown(where: Path | str) -> str:
    """The location as logs and `config check` print it: a URL's password hidden."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", str(where))


def location(where: Path | str) -> Path | str:
    """A URL as given for PostgreSQL; a SQLite file as its path (`sqlite:///x` is `x`,
    `sqlite:////abs` is `/abs`)."""
    if is_postgres(where):
        return str(where)
    text = str(where)
    return Path(text[len(SQLITE):]) if text.startswith(SQLITE) else Path(where)


def open_store(where: Path | str, busy_timeout: float = 30.0) -> Store:
    where = location(where)
    if isinstance(where, str):
        from bot.store.postgres.store import PostgresStore  # psycopg: only for PostgreSQL

        return PostgresStore(where, busy_timeout=busy_timeout)
    from bot.store.sqlite import Store as SqliteStore  # sqlite-utils: only when a store is opened

    return SqliteStore(where, busy_timeout=busy_timeout)


def open_probes(where: Path | str) -> Probes:
    where = location(where)
    if isinstance(where, str):
        from bot.store.postgres.probes import PgProbes

        return PgProbes(where)
    from bot.store.probes import SqliteProbes

    return SqliteProbes(where)
