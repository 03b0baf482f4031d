"""Evidence rows in SQLite: one row per file a user sent for a case (the files themselves are
in the vault, bot/evidence/vault.py, named by their sha256)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from bot.store.records import EVIDENCE_FIELDS, EvidenceRow

_COLUMNS = ", ".join(EvidenceRow._fields)
_INSERT = (f"INSERT INTO evidence ({', '.join(EVIDENCE_FIELDS)}) "
           f"VALUES ({', '.join('?' * len(EVIDENCE_FIELDS))})")
# What the dossier and the letter command print of each item, oldest first.
DOSSIER_COLUMNS = ("id", "sha256", "kind", "label", "caption", "size", "mime", "file_name",
                   "received_at", "captured_at")


class EvidenceRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(self, row: Mapping[str, Any]) -> EvidenceRow:
        values = [row[name] for name in EVIDENCE_FIELDS]
        cur = self.db.execute(_INSERT, values)
        return EvidenceRow(int(cur.lastrowid or 0), *values)

    def get(self, user_id: int, item_id: int) -> EvidenceRow | None:
        return self._one("id=? AND user_id=?", [item_id, user_id])

    def find(self, user_id: int, case_id: int, sha256: str) -> EvidenceRow | None:
        """The case's item with these bytes (a case keeps each content once)."""
        return self._one("case_id=? AND sha256=? AND user_id=?", [case_id, sha256, user_id])

    def find_by_unique_id(self, user_id: int, case_id: int,
                          tg_unique_id: str) -> EvidenceRow | None:
        return self._one("user_id=? AND case_id=? AND tg_unique_id=? ORDER BY id LIMIT 1",
                         [user_id, case_id, tg_unique_id])

    def of_case(self, user_id: int, case_id: int) -> list[EvidenceRow]:
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM evidence WHERE user_id=? AND case_id=? "
                               f"ORDER BY id", [user_id, case_id]).fetchall()
        return [EvidenceRow(*r) for r in rows]

    def count_in_case(self, user_id: int, case_id: int) -> int:
        (count,) = self.db.execute("SELECT COUNT(*) FROM evidence WHERE user_id=? AND case_id=?",
                                   [user_id, case_id]).fetchone()
        return int(count)

    def usage(self, user_id: int, sha256: str) -> tuple[int, int, bool]:
        """(distinct files, their bytes, whether one of them has these bytes): each content
        counts once however many cases it is attached to."""
        (files, used, has_it) = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(size), 0), COALESCE(MAX(sha256 = ?), 0) FROM "
            "(SELECT sha256, MAX(size) AS size FROM evidence WHERE user_id=? GROUP BY sha256)",
            [sha256, user_id]).fetchone()
        return int(files), int(used), bool(has_it)

    def set_label(self, user_id: int, item_id: int, label: str | None) -> bool:
        cur = self.db.execute("UPDATE evidence SET label=? WHERE id=? AND user_id=?",
                              [label, item_id, user_id])
        return cur.rowcount > 0

    def delete(self, user_id: int, item_id: int | None = None,
               case_id: int | None = None) -> tuple[int, set[str]]:
        """The user's items (one item, one case's, or all); (rows deleted, their hashes)."""
        where, params = "user_id=?", [user_id]
        if item_id is not None:
            where, params = where + " AND id=?", [*params, item_id]
        if case_id is not None:
            where, params = where + " AND case_id=?", [*params, case_id]
        hashes = {r[0] for r in self.db.execute(f"SELECT sha256 FROM evidence WHERE {where}",
                                                params).fetchall()}
        count = self.db.execute(f"DELETE FROM evidence WHERE {where}", params).rowcount
        return int(count), hashes

    def lock_content(self, sha256: str) -> None:
        """Nothing to do: the write transaction is SQLite's one lock, held by one process."""

    def referenced(self, sha256: str) -> bool:
        row = self.db.execute("SELECT 1 FROM evidence WHERE sha256=? LIMIT 1",
                              [sha256]).fetchone()
        return row is not None

    def hashes(self) -> list[tuple[int, str]]:
        """(id, sha256) of every row, for the start-up check against the vault."""
        return [(int(r[0]), r[1]) for r in self.db.execute("SELECT id, sha256 FROM evidence "
                                                           "ORDER BY id").fetchall()]

    def for_dossier(self, case_id: int) -> list[dict[str, Any]]:
        """The case's items as the dossier lists them, oldest first."""
        rows = self.db.execute(f"SELECT {', '.join(DOSSIER_COLUMNS)} FROM evidence WHERE "
                               f"case_id = ? ORDER BY received_at, id", [case_id]).fetchall()
        return [dict(zip(DOSSIER_COLUMNS, row, strict=True)) for row in rows]

    def _one(self, where: str, params: list[Any]) -> EvidenceRow | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM evidence WHERE {where}",
                              params).fetchone()
        return EvidenceRow(*row) if row else None
