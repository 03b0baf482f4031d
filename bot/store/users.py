"""Users in SQLite: who owns a case, which language they speak, and forgetting them."""

from __future__ import annotations

from sqlite_utils import Database

from bot.store.outbox import GOING, TOMBSTONE_NEWEST
from bot.store.tally import Tally


class UserRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def lang(self, user_id: int) -> str | None:
        row = self.db.execute("SELECT lang FROM users WHERE id = ?", [user_id]).fetchone()
        return row[0] if row else None

    def case_owner(self, case_id: int) -> int | None:
        row = self.db.execute("SELECT user_id FROM cases WHERE id=?", [case_id]).fetchone()
        return int(row[0]) if row else None

    def forget(self, user_id: int) -> None:
        """Everything kept about the user except their evidence rows (the evidence repository
        deletes those with their files): cases, timeline, hand-overs, the session with their
        recent messages, the texts of messages already sent; only the replies still queued
        (the goodbye) remain.
        Inside the caller's transaction."""
        db = self.db
        mine = "SELECT id FROM handovers WHERE user_id=?"
        db.execute(f"DELETE FROM handover_notes WHERE handover_id IN ({mine})", [user_id])
        db.execute(f"DELETE FROM relay_links WHERE handover_id IN ({mine})", [user_id])
        db.execute("DELETE FROM handovers WHERE user_id=?", [user_id])
        db.execute("DELETE FROM case_events WHERE case_id IN "
                   "(SELECT id FROM cases WHERE user_id=?)", [user_id])
        db.execute("DELETE FROM case_notes WHERE case_id IN "
                   "(SELECT id FROM cases WHERE user_id=?)", [user_id])
        db.execute(TOMBSTONE_NEWEST.format(scope="user_id=?"), [user_id])
        db.execute(f"DELETE FROM outbox WHERE user_id=? AND {GOING}", [user_id])
        db.execute("UPDATE outbox SET case_id=NULL WHERE user_id=?", [user_id])
        Tally(db).leave(user_id)  # out of every shop's tally (issue 18)
        db.execute("DELETE FROM cases WHERE user_id=?", [user_id])
        db.execute("DELETE FROM sessions WHERE user_id=?", [user_id])
        # update ids stay (a redelivered update must still be recognised), without the user
        db.execute("UPDATE processed_updates SET user_id=NULL WHERE user_id=?", [user_id])
