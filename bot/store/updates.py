"""Updates in SQLite: the processed update ids (the arbiter of "applied once", a mixin of the
store) and the deferred updates whose commit kept failing, kept to be replayed."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from bot.store.records import DeferredUpdate


class ProcessedUpdates:
    db: Database

    def last_processed_at(self) -> datetime | None:
        """When the newest recorded update was applied (by the clock of its time)."""
        row = self.db.execute("SELECT processed_at FROM processed_updates "
                              "ORDER BY rowid DESC LIMIT 1").fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def lock_user(self, user_id: int) -> None:
        """Nothing to do: a transaction here is BEGIN IMMEDIATE, the database's one writer, so
        no other process's transaction (any user's) runs until this one ends."""

    def is_processed(self, source: str, update_id: int) -> bool:
        row = self.db.execute("SELECT 1 FROM processed_updates WHERE source=? AND update_id=?",
                              [source, update_id]).fetchone()
        return row is not None

    def mark_processed(self, source: str, update_id: int, user_id: int, at: str) -> None:
        self.db.execute("INSERT INTO processed_updates VALUES (?, ?, ?, ?)",
                        [source, update_id, user_id, at])

    def claim_update(self, source: str, update_id: int, user_id: int, at: str) -> bool:
        """`is_processed` and `mark_processed` in one statement: recorded as applied by the
        transaction under way, True; False when it already was (a redelivery)."""
        cur = self.db.execute("INSERT INTO processed_updates (source, update_id, user_id, "
                              "processed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                              [source, update_id, user_id, at])
        return cur.rowcount == 1


class DeferredRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def keep(self, source: str, update_id: int, user_id: int | None, body: str, error: str,
             at: str) -> None:
        """Kept (again) under the first update id of the batch; the newest error wins."""
        self.db.execute(
            "INSERT OR REPLACE INTO deferred_updates (source, update_id, user_id, body, error, "
            "deferred_at) VALUES (?, ?, ?, ?, ?, ?)",
            [source, update_id, user_id, body, error[:500], at])

    def release(self, source: str, update_ids: list[int]) -> None:
        """Kept updates that have now been committed."""
        marks = ",".join("?" * len(update_ids))
        self.db.execute(f"DELETE FROM deferred_updates WHERE source=? AND update_id IN "
                        f"({marks})", [source, *update_ids])

    def pending(self, source: str, limit: int = 100) -> list[DeferredUpdate]:
        rows = self.db.execute("SELECT update_id, body FROM deferred_updates WHERE source=? "
                               "ORDER BY deferred_at, update_id LIMIT ?",
                               [source, limit]).fetchall()
        return [DeferredUpdate(int(r[0]), r[1]) for r in rows]

    def failed_again(self, source: str, update_id: int, error: str) -> None:
        self.db.execute("UPDATE deferred_updates SET attempts=attempts+1, error=? "
                        "WHERE source=? AND update_id=?", [error[:500], source, update_id])
