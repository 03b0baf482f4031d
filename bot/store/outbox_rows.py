"""The outbox rows' delivery states, in SQL: what the sender writes before and after each call.

Every row ends in a state that says what happened to it:

    pending    waiting for its due time (or, with retry_at, for its next try after a failure)
    sending    committed right before the Bot API call; settled right after it
    sent       Telegram accepted it
    failed     Telegram refused it for good (400, a vanished chat) or retries ran out;
               last_error says why
    unknown    a crash or a timeout left it unclear whether Telegram got it, and sending it
               again could double it (a reminder; a reply that timed out twice)
    suspended  a reminder of a user who blocked the bot; pending again when they come back
    cancelled  a reminder replaced by a reschedule before it was sent
    skipped    a reminder that no longer applied when it came due

Several senders on one database claim rows with a lease (bot/store/outbox_leases.py); a sender
passes `owner=` when it moves a row, and a move of a row someone else now holds is refused
(False). Without `owner` (the evidence jobs' worker, one per database) a move checks the status
only: a compare-and-set all the same, so two callers never both move a row out of `pending`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlite_utils import Database

from bot.store.atomic import joined
from bot.store.outbox_leases import OutboxLeases


def _held(owner: str | None) -> tuple[str, list[object]]:
    """The extra condition of a move by `owner`: the row is still theirs."""
    return ("", []) if owner is None else (" AND claimed_by=?", [owner])


class OutboxRows(OutboxLeases):
    def __init__(self, db: Database) -> None:
        self.db = db

    def sending(self, row_id: int, at: str, owner: str | None = None) -> bool:
        """Committed before the call: a crash from here on leaves the row `sending`. With an
        owner, a row already `sending` for them stays so (the next part of a split message);
        False when the row is not theirs (any more) or was settled meanwhile (cancelled)."""
        if owner is None:
            cur = self.db.execute("UPDATE outbox SET status='sending', attempts=attempts+1, "
                                  "tried_at=COALESCE(tried_at, ?) WHERE id=? AND "
                                  "status='pending'", [at, row_id])
            return bool(cur.rowcount)
        # (a row already `sending` for no one is a job the evidence worker carries out, with
        # the same transport: the call inside it goes on)
        cur = self.db.execute("UPDATE outbox SET attempts=attempts+CASE status WHEN 'pending' "
                              "THEN 1 ELSE 0 END, "
                              "status='sending', tried_at=COALESCE(tried_at, ?) WHERE id=? AND "
                              "((status IN ('pending', 'sending') AND claimed_by=?) OR "
                              "(status='sending' AND claimed_by IS NULL))",
                              [at, row_id, owner])
        return bool(cur.rowcount)

    def parts_sent(self, row_id: int) -> int:
        row = self.db.execute("SELECT parts_sent FROM outbox WHERE id=?", [row_id]).fetchone()
        return int(row[0]) if row else 0

    def part_sent(self, row_id: int, parts: int) -> None:
        """Progress through a message split into parts: a restart continues, not restarts."""
        self.db.execute("UPDATE outbox SET parts_sent=? WHERE id=?", [parts, row_id])

    def sent(self, row_id: int, at: str, owner: str | None = None) -> bool:
        # Only the sender moves a row out of `sending`: a reschedule cancels pending rows only,
        # so a reminder being sent while its case changes ends `sent`, as the shopper saw it.
        held, args = _held(owner)
        cur = self.db.execute(f"UPDATE outbox SET status='sent', sent_at=?, retry_at=NULL "
                              f"WHERE id=? AND status IN ('pending', 'sending'){held}",
                              [at, row_id, *args])
        return bool(cur.rowcount)

    def retry(self, row_id: int, retry_at: str, error: str, at: str,
              uncertain: bool = False, owner: str | None = None) -> bool:
        """Pending again after a passing failure, tried at `retry_at`; the claim is let go."""
        held, args = _held(owner)
        cur = self.db.execute(f"UPDATE outbox SET status='pending', retry_at=?, last_error=?, "
                              f"tried_at=COALESCE(tried_at, ?), uncertain=uncertain+?, "
                              f"claimed_by=NULL, lease_until=NULL "
                              f"WHERE id=? AND status IN ('pending', 'sending'){held}",
                              [retry_at, error[:500], at, int(uncertain), row_id, *args])
        return bool(cur.rowcount)

    def end(self, row_id: int, status: str, reason: str, owner: str | None = None) -> bool:
        """failed / unknown, with the reason kept on the row."""
        held, args = _held(owner)
        cur = self.db.execute(f"UPDATE outbox SET status=?, last_error=?, retry_at=NULL "
                              f"WHERE id=? AND status IN ('pending', 'sending'){held}",
                              [status, reason[:500], row_id, *args])
        return bool(cur.rowcount)

    def recover(self, now: str = "", dead: tuple[str, ...] = ()) -> tuple[int, int]:
        """Rows a dead process left `sending`: a reminder is not sent again (`unknown`: at most
        once); a reply is sent again, once per restart (a lost answer is worse than a repeated
        one). Dead means: no claimant, a claimant in `dead`, or a lease over by `now`; a live
        lease of another sender is left alone. Pending rows of `dead` claimants are released.
        Own transaction. Returns (unknown, re-queued)."""
        reason = "the process stopped during the send; Telegram may or may not have it"
        marks = ",".join("?" * len(dead))
        gone = f"(claimed_by IS NULL OR lease_until <= ? OR claimed_by IN ({marks}))"
        with self._tx():
            lost = self.db.execute(
                f"UPDATE outbox SET status='unknown', last_error=? WHERE status='sending' AND "
                f"kind='reminder' AND {gone}", [reason, now, *dead]).rowcount
            again = self.db.execute(
                f"UPDATE outbox SET status='pending', uncertain=uncertain+1, last_error=?, "
                f"claimed_by=NULL, lease_until=NULL WHERE status='sending' AND {gone}",
                [reason, now, *dead]).rowcount
            self.db.execute(f"UPDATE outbox SET claimed_by=NULL, lease_until=NULL WHERE "
                            f"status='pending' AND claimed_by IN ({marks})", list(dead))
        return int(lost), int(again)

    def recover_one(self, row_id: int) -> None:
        """One row this process left `sending` after a store error: as after a restart."""
        reason = "the store failed during the send; Telegram may or may not have it"
        self.db.execute("UPDATE outbox SET status=CASE kind WHEN 'reminder' THEN 'unknown' "
                        "ELSE 'pending' END, uncertain=uncertain+1, last_error=?, "
                        "claimed_by=NULL, lease_until=NULL WHERE id=? AND status='sending'",
                        [reason, row_id])

    # ---- users who blocked the bot ---------------------------------------------------------

    def block(self, chat_id: int, at: str, reason: str) -> None:
        """403: the chat's reminders wait (suspended), its other queued rows fail with why."""
        with self._tx():
            self.db.execute("UPDATE users SET blocked_at=? WHERE chat_id=?", [at, chat_id])
            # the reminder that met the 403 too (`sending`): it waits with the others
            self.db.execute("UPDATE outbox SET status='suspended', last_error=?, "
                            "claimed_by=NULL, lease_until=NULL WHERE chat_id=? AND "
                            "kind='reminder' AND status IN ('pending', 'sending')",
                            [reason[:500], chat_id])
            self.db.execute("UPDATE outbox SET status='failed', last_error=? WHERE chat_id=? "
                            "AND status IN ('pending', 'sending')", [reason[:500], chat_id])

    def unblock(self, user_id: int) -> bool:
        """The user wrote again: their suspended reminders are pending again. Inside the
        caller's transaction. True if they had blocked the bot."""
        cur = self.db.execute("UPDATE users SET blocked_at=NULL WHERE id=? AND blocked_at IS "
                              "NOT NULL", [user_id])
        if not cur.rowcount:
            return False
        self.db.execute("UPDATE outbox SET status='pending', retry_at=NULL, last_error=NULL, "
                        "claimed_by=NULL, lease_until=NULL "
                        "WHERE chat_id=(SELECT chat_id FROM users WHERE id=?) AND "
                        "status='suspended' AND user_id NOT IN (SELECT user_id FROM bans)",
                        [user_id])  # a banned user's reminders wait for /unban
        return True

    def _tx(self) -> AbstractContextManager[None]:
        """One transaction (or the caller's, when there is one)."""
        return joined(self.db.conn)
