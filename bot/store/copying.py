"""`weiquan db copy`: every table of one store into another (SQLite file or PostgreSQL, either
way), for moving an installation. Ids are kept as they are; each id sequence of the target
continues after the source's (ids deleted at the source are not handed out again); the
target must be empty unless `replace` (then its rows go first). The columns both schemas have
are copied (PostgreSQL's `processed_updates.seq`, SQLite's rowid: the rows are read and written
in that order, so it carries over). Evidence files are not in the database: they stay where
WEIQUAN_DATA_DIR or WEIQUAN_EVIDENCE_URL keeps them.

The whole copy is one transaction on the target (foreign keys checked at its end) and reads
the source in one transaction. Stop the bot while it runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.store import is_postgres, location, open_store, shown
from bot.store.contract import Store
from bot.store.outbox import TOMBSTONE_AT

BATCH = 2000


class CopyRefused(Exception):
    """A copy that would lose or mix data; the message says why and what to do."""


class Tables:
    """The raw tables of one store, as the copy reads and writes them."""

    def __init__(self, store: Store) -> None:
        self.store, self.db = store, store.db  # type: ignore[attr-defined]

    def names(self) -> list[str]: ...
    def columns(self, table: str) -> list[str]: ...
    def order(self, table: str) -> str: ...
    def high(self, table: str) -> tuple[str, int] | None: ...  # (id column, last id handed out)
    def set_high(self, table: str, column: str, value: int) -> None: ...
    def clear(self, tables: list[str]) -> None: ...
    def writing(self) -> Any: ...

    def count(self, table: str) -> int:
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def rows(self, table: str, columns: list[str]) -> Iterator[list[tuple[Any, ...]]]:
        listed = ", ".join(columns)
        offset = 0
        while True:
            batch = list(self.db.execute(f"SELECT {listed} FROM {table} ORDER BY "
                                         f"{self.order(table)} LIMIT {BATCH} OFFSET {offset}"))
            if not batch:
                return
            yield [tuple(r) for r in batch]
            offset += len(batch)

    def insert(self, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        marks = ", ".join("?" * len(columns))
        self.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        self.db.executemany(sql, rows)


class SqliteTables(Tables):
    def names(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY rowid")]

    def columns(self, table: str) -> list[str]:
        return [r[1] for r in self.db.execute(f"PRAGMA table_info({table})")]

    def _sql(self, table: str) -> str:
        row = self.db.execute("SELECT sql FROM sqlite_master WHERE name=?", [table]).fetchone()
        return str(row[0]).upper() if row else ""

    def order(self, table: str) -> str:
        if "WITHOUT ROWID" not in self._sql(table):
            return "rowid"
        keys = [r[1] for r in sorted(self.db.execute(f"PRAGMA table_info({table})"),
                                     key=lambda r: r[5]) if r[5]]
        return ", ".join(keys) or "1"

    def high(self, table: str) -> tuple[str, int] | None:
        if "AUTOINCREMENT" not in self._sql(table):
            return None
        row = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name=?", [table]).fetchone()
        return "id", int(row[0]) if row else 0

    def set_high(self, table: str, column: str, value: int) -> None:
        if value > 0 and table == "outbox" and "AUTOINCREMENT" not in self._sql(table):
            # ids are MAX(id) + 1 here (bot/store/outbox.py TOMBSTONE_NEWEST): a tombstone
            # holds the source's last id when its newest rows were deleted
            self.db.execute(TOMBSTONE_AT, [value, value])
            return
        if value <= 0 or "AUTOINCREMENT" not in self._sql(table):
            return
        done = self.db.execute("UPDATE sqlite_sequence SET seq=MAX(seq, ?) WHERE name=?",
                               [value, table]).rowcount
        if not done:
            self.db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
                            [table, value])

    def clear(self, tables: list[str]) -> None:
        for table in tables:
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("DELETE FROM sqlite_sequence")

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        self.db.conn.executemany(sql, rows)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Foreign keys are checked once every table is in (they cannot be deferred in a
        transaction: they are off for it and checked with foreign_key_check)."""
        self.db.execute("PRAGMA foreign_keys=OFF")
        try:
            with self.store.transaction():
                yield
                broken = self.db.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise CopyRefused(f"rows whose parent is missing: {broken[:5]}")
        finally:
            self.db.execute("PRAGMA foreign_keys=ON")


class PgTables(Tables):
    def names(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE' AND table_name != "
            "'schema_migrations' ORDER BY table_name")]

    def columns(self, table: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = ? ORDER BY ordinal_position", [table])]

    def order(self, table: str) -> str:
        if "seq" in self.columns(table):
            return "seq"
        keys = [r[0] for r in self.db.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = ?::regclass AND i.indisprimary "
            "ORDER BY array_position(i.indkey, a.attnum)", [table])]
        return ", ".join(keys) or "ctid"

    def _identity(self, table: str) -> str | None:
        row = self.db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = ? AND is_identity = 'YES' AND column_name = 'id'",
            [table]).fetchone()
        return row[0] if row else None

    def high(self, table: str) -> tuple[str, int] | None:
        column = self._identity(table)
        if column is None:
            return None
        seq = self.db.execute("SELECT pg_get_serial_sequence(?, ?)", [table, column]).fetchone()
        row = self.db.execute(f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END "
                              f"FROM {seq[0]}").fetchone()
        return column, int(row[0])

    def set_high(self, table: str, column: str, value: int) -> None:
        if self._identity(table) != column:
            return
        top = int(self.db.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}"
                                  ).fetchone()[0])
        value = max(value, top)
        if value > 0:
            self.db.execute("SELECT setval(pg_get_serial_sequence(?, ?), ?)",
                            [table, column, value])

    def clear(self, tables: list[str]) -> None:
        if tables:
            self.db.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self.store.transaction():
            self.db.execute("SET CONSTRAINTS ALL DEFERRED")  # checked at the commit
            yield


def tables_of(store: Store) -> Tables:
    return PgTables(store) if is_postgres(str(store.path)) else SqliteTables(store)


def copy_store(source: Path | str, target: Path | str, replace: bool = False
               ) -> dict[str, int]:
    """Rows copied per table. CopyRefused when the target has rows (and not `replace`), when
    source and target are one store, or when the source has a table the target lacks."""
    if str(location(source)) == str(location(target)):
        raise CopyRefused("the source and the target are the same store")
    if not is_postgres(str(location(source))) and not Path(location(source)).is_file():
        raise CopyRefused(f"no database at {shown(source)}")
    src, dst = open_store(source), open_store(target)
    try:
        return _copy(tables_of(src), tables_of(dst), replace, shown(target))
    finally:
        src.close()
        dst.close()


def _copy(src: Tables, dst: Tables, replace: bool, target: str) -> dict[str, int]:
    theirs = set(dst.names())
    missing = [t for t in src.names() if t not in theirs]
    if missing:
        raise CopyRefused(f"{target} has no table {', '.join(missing)}: is it an older "
                          f"version of weiquan? Start it once to migrate, then copy again")
    tables = src.names()
    full = {t: n for t in tables if (n := dst.count(t))}
    if full and not replace:
        listed = ", ".join(f"{t} ({n})" for t, n in sorted(full.items()))
        raise CopyRefused(f"{target} is not empty: {listed}. Copy into an empty database, or "
                          f"pass --replace to delete what it holds first")
    copied: dict[str, int] = {}
    with src.store.transaction(), dst.writing():
        if replace:
            dst.clear(sorted(theirs))
        for table in tables:
            wanted = set(src.columns(table))
            columns = [c for c in dst.columns(table) if c in wanted]
            copied[table] = 0
            for batch in src.rows(table, columns):
                dst.insert(table, columns, batch)
                copied[table] += len(batch)
            # ids the source handed out are not handed out again (None: max(id) is enough)
            dst.set_high(table, *(src.high(table) or ("id", 0)))
    return copied
