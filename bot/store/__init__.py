"""The store: every SQL statement the application makes lives here, behind one protocol.

`contract` (the `Store` protocol: what the application may ask, whatever database answers),
`open_store` here (which implementation a configured location means: a file is SQLite, a
`postgresql://` URL the PostgreSQL store of `postgres/`), `records` (the plain values stores
hand back). The SQLite store: `sqlite` (connection, transactions, sessions, cases,
timeline), with modules named for what they hold — `updates` (processed and deferred updates),
`outbox` (the queue and the service's liveness), `outbox_rows` (delivery states), `evidence`, `users`,
`handovers`, `bans`, `tally` (shops' tallies of collective complaints), `case_rows` (cases as the
CLI reads them), `purges` (retention), `probes` (read-only questions from other threads) — and
`migrations` (the schema), `atomic` (the one way to open a write transaction), `checkpoints` (WAL
checkpoints off the hot path). `cases` shapes a case into the JSON of CONTRACT.md over any store.
tests/store_contract/ runs one suite over every store.

Import the module you need (`from bot.store.contract import Store`), or `open_store` from here:
this package imports nothing when imported, so a start that needs no database does not pay for
sqlite-utils.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.store.contract import Probes, Store

__all__ = ["is_postgres", "location", "open_probes", "open_store", "shown"]

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
    """The store a configured location means: a `postgresql://` (or `postgres://`) URL is the
    PostgreSQL store (bot/store/postgres/); anything else — a file path or `sqlite:///path` —
    is a SQLite file, the default, which needs nothing installed."""
    where = location(where)
    if isinstance(where, str):
        from bot.store.postgres.store import PostgresStore  # psycopg: only for PostgreSQL

        return PostgresStore(where, busy_timeout=busy_timeout)
    from bot.store.sqlite import Store as SqliteStore  # sqlite-utils: only when a store is opened

    return SqliteStore(where, busy_timeout=busy_timeout)


def open_probes(where: Path | str) -> Probes:
    """Read-only questions about the store at `where`, asked from other threads."""
    where = location(where)
    if isinstance(where, str):
        from bot.store.postgres.probes import PgProbes

        return PgProbes(where)
    from bot.store.probes import SqliteProbes

    return SqliteProbes(where)
