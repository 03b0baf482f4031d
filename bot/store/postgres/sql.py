"""Connections to PostgreSQL for the store: a pool, one connection per transaction, and the
statements written for SQLite run as they are.

The store's modules write `?` (and `:name`) placeholders, as sqlite3 does; `Sql.execute`
translates them to psycopg's `%s` / `%(name)s` once per statement text (cached) and hands back
the rows already read, so a result outlives the connection that produced it.

A transaction holds one pooled connection for its whole block; the connection is found through
a context variable, so each thread (and each asyncio task) has its own and a statement run by
another thread meanwhile takes another connection from the pool, in autocommit, as SQLite's
separate connections do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

CONNECT_TIMEOUT = 10  # seconds the first connection may take
NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@lru_cache(maxsize=1024)
def translate(sql: str, named: bool) -> str:
    """sqlite3's placeholders as psycopg's (a literal `%` doubled); an empty `IN ()`, which
    SQLite accepts and PostgreSQL does not, as `IN (NULL)`: true for no row either way."""
    sql = sql.replace("%", "%%").replace(" IN ()", " IN (NULL)")  # SQLite's empty list
    return NAMED.sub(r"%(\1)s", sql) if named else sql.replace("?", "%s")


class Result:
    """What sqlite3's cursor offers the store's modules: the rows, rowcount, lastrowid."""

    def __init__(self, rows: list[tuple[Any, ...]], rowcount: int) -> None:
        self.rows, self.rowcount, self.lastrowid = rows, rowcount, None

    def fetchone(self) -> tuple[Any, ...] | None:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)


class Sql:
    """The pool and the transaction state of one store."""

    def __init__(self, url: str, max_size: int = 16, timeout: float = 30.0) -> None:
        self.url = url
        _reachable(url)
        self.pool = ConnectionPool(url, min_size=1, max_size=max_size, timeout=timeout,
                                   kwargs={"autocommit": True, "options": "-c TimeZone=UTC"},
                                   open=True, name="weiquan-store")
        self.pool.wait(timeout=timeout)
        self._current: ContextVar[psycopg.Connection[Any] | None] = ContextVar(
            f"weiquan-tx-{id(self)}", default=None)

    @property
    def in_transaction(self) -> bool:
        return self._current.get() is not None

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Result:
        named = isinstance(params, Mapping)
        text = translate(sql, named)
        conn = self._current.get()
        if conn is not None:
            return _run(conn, text, params)
        with self.pool.connection() as conn:
            return _run(conn, text, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        text = translate(sql, False)
        conn = self._current.get()
        if conn is not None:
            conn.cursor().executemany(text, rows)
            return
        with self.pool.connection() as conn:
            conn.cursor().executemany(text, rows)

    def script(self, statements: str) -> None:
        """Several statements without parameters (the migrations' DDL), as written."""
        conn = self._current.get()
        if conn is not None:
            conn.execute(statements.encode())
            return
        with self.pool.connection() as conn:
            conn.execute(statements.encode())

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction on one connection; a second one opened inside it is refused, as
        SQLite refuses a nested BEGIN."""
        if self._current.get() is not None:
            raise psycopg.ProgrammingError("a transaction is already open on this store")
        with self.pool.connection() as conn:
            token = self._current.set(conn)
            try:
                with conn.transaction():
                    yield
            finally:
                self._current.reset(token)

    def joined(self) -> AbstractContextManager[None]:
        """The caller's transaction when there is one, else one of its own."""
        return _nothing() if self.in_transaction else self.transaction()

    def close(self) -> None:
        self.pool.close()


def _reachable(url: str) -> None:
    """One connection first, so an unreachable server or a wrong URL is one clear error now
    (the pool would retry in the background until its timeout)."""
    from bot.config_error import ConfigError
    from bot.store import shown

    try:
        psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT).close()
    except psycopg.Error as exc:
        why = " ".join(str(exc).split()) or type(exc).__name__
        raise ConfigError([f"WEIQUAN_DB: cannot connect to {shown(url)}: {why}"]) from exc


def _run(conn: psycopg.Connection[Any], sql: str,
         params: Sequence[Any] | Mapping[str, Any]) -> Result:
    cur = conn.execute(sql, params)  # never None: `%%` is unescaped only with params
    rows = cur.fetchall() if cur.description is not None else []
    return Result(rows, cur.rowcount)


@contextmanager
def _nothing() -> Iterator[None]:
    yield
