"""Shoppers banned from the advisers' desk (/ban, /unban), in SQLite.

While banned, the service drops a shopper's messages unread and their reminders wait
(`suspended`, as for a user who blocked the bot); /unban sends those reminders again unless
the user has also blocked the bot.
"""

from __future__ import annotations

from sqlite_utils import Database

BANNED = "banned by an adviser (/ban)"


class Bans:
    def __init__(self, db: Database) -> None:
        self.db = db

    def is_banned(self, user_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM bans WHERE user_id=?",
                               [user_id]).fetchone() is not None

    def ban(self, user_id: int, adviser_id: int, at: str) -> None:
        """Inside the caller's transaction."""
        self.db.execute("INSERT OR IGNORE INTO bans (user_id, adviser_id, banned_at) "
                        "VALUES (?, ?, ?)", [user_id, adviser_id, at])
        self.db.execute("UPDATE outbox SET status='suspended', last_error=?, claimed_by=NULL, "
                        "lease_until=NULL WHERE user_id=? AND kind='reminder' AND "
                        "status='pending'", [BANNED, user_id])

    def unban(self, user_id: int) -> None:
        """Inside the caller's transaction."""
        self.db.execute("DELETE FROM bans WHERE user_id=?", [user_id])
        self.db.execute("UPDATE outbox SET status='pending', last_error=NULL, retry_at=NULL, "
                        "claimed_by=NULL, lease_until=NULL WHERE user_id=? AND "
                        "kind='reminder' AND status='suspended' AND NOT EXISTS "
                        "(SELECT 1 FROM users WHERE id=? AND blocked_at IS NOT NULL)",
                        [user_id, user_id])
