"""The store's one way to open a write transaction on SQLite."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType


class immediate:  # noqa: N801 -- used as the context manager it was when it was a function
    """BEGIN IMMEDIATE: we read then write, so take the write lock up front. A class rather
    than a generator: it opens and ends every event's transaction (a few µs less each)."""

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.conn.execute("ROLLBACK" if kind is not None else "COMMIT")


@contextmanager
def joined(conn: sqlite3.Connection) -> Iterator[None]:
    """The caller's transaction when there is one, else a transaction of its own."""
    if conn.in_transaction:
        yield
        return
    with immediate(conn):
        yield
