"""Album parts in SQLite: collected across replicas until their album is quiet, then claimed by
one replica and applied once (bot/adapters/telegram/albums.py).

Times are fixed-width UTC text (`bot.clock.utc_key`) of the real clock, not the bot's clock:
an album's quiet second is about when Telegram delivered its parts. A claim is `owner` and
`held_until` on every part of the album; a claim past `held_until` is a dead replica's and
may be taken over. Apart from `done`, each call is a transaction of its own.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlite_utils import Database

from bot.store.atomic import joined
from bot.store.records import DeferredUpdate

# A claim another replica still holds on some part of the album.
HELD = ("EXISTS (SELECT 1 FROM album_parts h WHERE h.source=album_parts.source AND "
        "h.album=album_parts.album AND h.owner IS NOT NULL AND h.held_until >= ?")


class AlbumParts:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, source: str, update_id: int, user_id: int, album: str, body: str,
            at: str) -> bool:
        """One part, kept; False when it was there already (Telegram sent it again)."""
        cur = self.db.execute("INSERT OR IGNORE INTO album_parts (source, update_id, user_id, "
                              "album, body, received_at) VALUES (?, ?, ?, ?, ?, ?)",
                              [source, update_id, user_id, album, body, at])
        return bool(cur.rowcount)

    def quiet(self, source: str, before: str, now: str,
              limit: int = 50) -> list[tuple[int, str]]:
        """(user, album) of the albums whose newest part came at or before `before` and that
        no replica holds at `now`, oldest first."""
        rows = self.db.execute(
            "SELECT user_id, album, MAX(received_at) AS last FROM album_parts WHERE source=? "
            f"AND NOT {HELD}) GROUP BY user_id, album HAVING last <= ? ORDER BY last LIMIT ?",
            [source, now, before, limit]).fetchall()
        return [(int(r[0]), r[1]) for r in rows]

    def of_user(self, source: str, user_id: int) -> list[str]:
        """The user's albums waiting (held or not), in the order their first part came."""
        rows = self.db.execute("SELECT album, MIN(received_at) AS first FROM album_parts "
                               "WHERE source=? AND user_id=? GROUP BY album ORDER BY first",
                               [source, user_id]).fetchall()
        return [r[0] for r in rows]

    def claim(self, source: str, album: str, owner: str, now: str,
              until: str) -> list[DeferredUpdate]:
        """The album's parts, now held by `owner` until `until`; [] when another replica
        holds it (or nothing is left of it)."""
        with self._tx():
            held = self.db.execute(
                "SELECT 1 FROM album_parts WHERE source=? AND album=? AND owner IS NOT NULL "
                "AND owner != ? AND held_until >= ? LIMIT 1",
                [source, album, owner, now]).fetchone()
            if held:
                return []
            self.db.execute("UPDATE album_parts SET owner=?, held_until=? WHERE source=? AND "
                            "album=?", [owner, until, source, album])
            rows = self.db.execute("SELECT update_id, body FROM album_parts WHERE source=? AND "
                                   "album=? AND owner=? ORDER BY update_id",
                                   [source, album, owner]).fetchall()
        return [DeferredUpdate(int(r[0]), r[1]) for r in rows]

    def done(self, source: str, album: str, owner: str) -> int:
        """The parts `owner` held are applied: gone (inside the caller's transaction when
        there is one). Parts that came after the claim stay for the next round."""
        with self._tx():
            cur = self.db.execute("DELETE FROM album_parts WHERE source=? AND album=? AND "
                                  "owner=?", [source, album, owner])
        return int(cur.rowcount)

    def let_go(self, source: str, album: str, owner: str) -> None:
        """`owner` could not apply the album: any replica may take it again."""
        self.db.execute("UPDATE album_parts SET owner=NULL, held_until=NULL WHERE source=? AND "
                        "album=? AND owner=?", [source, album, owner])

    def _tx(self) -> AbstractContextManager[None]:
        return joined(self.db.conn)
