"""What replicas share on PostgreSQL: webhook album parts (bot/store/albums.py) and one
event's reads in a single query (bot/store/glance.py), where the dialects differ.

An album is claimed under an advisory lock on (source, album): SQLite's one writer keeps two
claims of one album apart; here two replicas would otherwise both read "not held" and both
apply it.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from bot.store.albums import HELD, AlbumParts
from bot.store.glance import EventLoad, glance_sql
from bot.store.postgres.sql import Sql
from bot.store.records import DeferredUpdate

ALBUM_LOCKS = 0x616C  # pg_advisory_xact_lock(class, key) class of albums

GLANCE_SQL = glance_sql(user_param="?::bigint", as_bytes=False)


class PgAlbumParts(AlbumParts):
    db: Sql  # type: ignore[assignment]

    def add(self, source: str, update_id: int, user_id: int, album: str, body: str,
            at: str) -> bool:
        cur = self.db.execute("INSERT INTO album_parts (source, update_id, user_id, album, "
                              "body, received_at) VALUES (?, ?, ?, ?, ?, ?) "
                              "ON CONFLICT DO NOTHING",
                              [source, update_id, user_id, album, body, at])
        return bool(cur.rowcount)

    def quiet(self, source: str, before: str, now: str,
              limit: int = 50) -> list[tuple[int, str]]:
        rows = self.db.execute(
            "SELECT user_id, album, MAX(received_at) AS last FROM album_parts WHERE source=? "
            f"AND NOT {HELD}) GROUP BY user_id, album HAVING MAX(received_at) <= ? "
            "ORDER BY last LIMIT ?", [source, now, before, limit]).fetchall()
        return [(int(r[0]), r[1]) for r in rows]

    def claim(self, source: str, album: str, owner: str, now: str,
              until: str) -> list[DeferredUpdate]:
        with self._tx():
            self.db.execute("SELECT pg_advisory_xact_lock(?, hashtext(? || ':' || ?))",
                            [ALBUM_LOCKS, source, album])
            return super().claim(source, album, owner, now, until)

    def _tx(self) -> AbstractContextManager[None]:
        return self.db.joined()


# A user's cases with their timelines and notes in one statement (bot/store/sqlite.py CASES_SQL)
CASES_SQL = (
    "SELECT c.id, c.user_id, c.status, c.category, c.fields, c.created_at, c.updated_at, c.meta, "
    "(SELECT COALESCE(json_agg(json_build_array(id, kind, at, note) ORDER BY at, id), "
    "'[]'::json)::text FROM case_events WHERE case_id = c.id), "
    "(SELECT COALESCE(json_agg(json_build_array(id, kind, field, text, at) ORDER BY id), "
    "'[]'::json)::text FROM case_notes WHERE case_id = c.id) "
    "FROM cases AS c WHERE c.user_id = ? ORDER BY c.id")


class PgEventLoad(EventLoad):
    glance_sql = GLANCE_SQL
    cases_sql = CASES_SQL
