"""The store's one way to open a write transaction on SQLite."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE: we read then write, so take the write lock up front."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def joined(conn: sqlite3.Connection) -> Iterator[None]:
    """The caller's transaction when there is one, else a transaction of its own."""
    if conn.in_transaction:
        yield
        return
    with immediate(conn):
        yield
