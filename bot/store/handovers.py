"""Hand-overs in SQLite: open requests, the queue, the thread each one lives in, and the
links from advisers'-group messages back to the shopper they concern (`store.handovers`)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from bot.store.jsontext import loads
from dialogs.actions import HandoverChange
from dialogs.events import QueueEntry
from dialogs.snapshot import HandoverNote


class Handovers:
    def __init__(self, db: Database) -> None:
        self.db = db

    def note_for(self, user_id: int) -> HandoverNote | None:
        row = self.db.execute(
            "SELECT id, state, case_id, adviser_id, requested_at, reason FROM handovers "
            "WHERE user_id=? AND state IN ('waiting', 'taken')", [user_id]).fetchone()
        if row is None:
            return None
        position = 0
        if row[1] == "waiting":
            (ahead,) = self.db.execute("SELECT COUNT(*) FROM handovers WHERE state='waiting' "
                                       "AND requested_at <= ? AND id <= ?",
                                       [row[4], row[0]]).fetchone()
            position = int(ahead)
        return HandoverNote(*row, position=position)

    def waiting(self) -> int:
        (count,) = self.db.execute(
            "SELECT COUNT(*) FROM handovers WHERE state='waiting'").fetchone()
        return int(count)

    def queue(self) -> list[QueueEntry]:
        rows = self.db.execute("SELECT id, user_id, case_id, state, requested_at FROM handovers "
                               "WHERE state IN ('waiting', 'taken') ORDER BY requested_at, id")
        return [QueueEntry(*r) for r in rows.fetchall()]

    def apply(self, change: HandoverChange, at: str) -> None:
        if change.op == "open":
            self.db.execute(
                "INSERT OR IGNORE INTO handovers (user_id, chat_id, case_id, state, reason, "
                "requested_at) VALUES (?, ?, ?, 'waiting', ?, ?)",
                [change.user_id, change.chat_id, change.case_id, change.text, at])
        elif change.op == "take":
            self.db.execute("UPDATE handovers SET state='taken', adviser_id=?, taken_at=? "
                            "WHERE user_id=? AND state='waiting'",
                            [change.adviser_id, at, change.user_id])
        elif change.op == "close":
            self.db.execute("UPDATE handovers SET state='closed', closed_at=?, closed_by=? "
                            "WHERE user_id=? AND state IN ('waiting', 'taken')",
                            [at, change.text, change.user_id])
        elif change.op == "note":
            self.db.execute("INSERT INTO handover_notes (handover_id, adviser_id, text, at) "
                            "SELECT id, ?, ?, ? FROM handovers WHERE user_id=? AND state IN "
                            "('waiting', 'taken')", [change.adviser_id, change.text, at,
                                                     change.user_id])

    # ---- threads: written by the transport once the card is posted ------------------------

    def open_row(self, user_id: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT id, thread_id, card_message_id FROM handovers WHERE "
                              "user_id=? ORDER BY id DESC LIMIT 1", [user_id]).fetchone()
        return None if row is None else {"id": row[0], "thread_id": row[1], "card": row[2]}

    def set_thread(self, handover_id: int, thread_id: int | None,
                   card_message_id: int | None = None) -> None:
        """Committed as soon as the topic exists, before the card is sent into it: a retry
        after a crash finds it and reuses it instead of opening a second topic."""
        self.db.execute("UPDATE handovers SET thread_id=?, card_message_id=? WHERE id=?",
                        [thread_id, card_message_id, handover_id])

    def set_card(self, handover_id: int, card_message_id: int) -> None:
        self.db.execute("UPDATE handovers SET card_message_id=? WHERE id=?",
                        [card_message_id, handover_id])

    def link(self, group_chat_id: int, group_message_id: int, handover_id: int,
             user_message_id: int | None = None) -> None:
        """`user_message_id`: the shopper's message this group message is a copy of."""
        self.db.execute("INSERT OR IGNORE INTO relay_links (group_chat_id, group_message_id, "
                        "handover_id, user_message_id) VALUES (?, ?, ?, ?)",
                        [group_chat_id, group_message_id, handover_id, user_message_id])

    def copy_of(self, user_id: int, user_message_id: int) -> tuple[int, int] | None:
        """(group chat, message) of the copy of the shopper's message, if it was relayed in
        the hand-over still open (after it ends, what the advisers saw stays as it was)."""
        row = self.db.execute(
            "SELECT r.group_chat_id, r.group_message_id FROM relay_links r JOIN handovers h ON "
            "h.id = r.handover_id WHERE h.user_id=? AND r.user_message_id=? AND h.state IN "
            "('waiting', 'taken') LIMIT 1", [user_id, user_message_id]).fetchone()
        return None if row is None else (int(row[0]), int(row[1]))

    def previous_thread(self, user_id: int, handover_id: int) -> int | None:
        """The forum topic of the shopper's last earlier hand-over: reopened, not duplicated."""
        row = self.db.execute("SELECT thread_id FROM handovers WHERE user_id=? AND id<? AND "
                              "thread_id IS NOT NULL ORDER BY id DESC LIMIT 1",
                              [user_id, handover_id]).fetchone()
        return None if row is None else int(row[0])

    def last_user_for(self, group_chat_id: int, thread_id: int | None,
                      reply_to: int | None) -> int | None:
        """The shopper of a topic (or of the message replied to), open hand-over or not."""
        if thread_id is not None:
            row = self.db.execute("SELECT user_id FROM handovers WHERE thread_id=? ORDER BY id "
                                  "DESC LIMIT 1", [thread_id]).fetchone()
            if row is not None:
                return int(row[0])
        if reply_to is not None:
            row = self.db.execute(
                "SELECT h.user_id FROM relay_links r JOIN handovers h ON h.id = r.handover_id "
                "WHERE r.group_chat_id=? AND r.group_message_id=?",
                [group_chat_id, reply_to]).fetchone()
            if row is not None:
                return int(row[0])
        return None

    def user_for(self, group_chat_id: int, thread_id: int | None,
                 reply_to: int | None) -> int | None:
        """The shopper whose OPEN hand-over a group message belongs to: by its forum topic, else
        by what it replies to. A closed hand-over's topic routes to no one (the shopper may
        have a newer hand-over in another topic)."""
        if thread_id is not None:
            row = self.db.execute("SELECT user_id FROM handovers WHERE thread_id=? AND state IN "
                                  "('waiting', 'taken') ORDER BY id DESC LIMIT 1",
                                  [thread_id]).fetchone()
            if row is not None:
                return int(row[0])
        if reply_to is not None:
            row = self.db.execute(
                "SELECT h.user_id FROM relay_links r JOIN handovers h ON h.id = r.handover_id "
                "WHERE r.group_chat_id=? AND r.group_message_id=? AND h.state IN "
                "('waiting', 'taken')", [group_chat_id, reply_to]).fetchone()
            if row is not None:
                return int(row[0])
        return None

    def ours(self, group_chat_id: int, message_id: int | None) -> bool:
        """Whether a group message is one the bot posted or relayed for some hand-over."""
        return message_id is not None and self.db.execute(
            "SELECT 1 FROM relay_links WHERE group_chat_id=? AND group_message_id=?",
            [group_chat_id, message_id]).fetchone() is not None

    # ---- the user's last messages, for the card ---------------------------------------------

    def recent(self, user_id: int) -> list[str]:
        """What the user said last, oldest first (kept in their session row by `store.save`)."""
        row = self.db.execute("SELECT recent FROM sessions WHERE user_id=?", [user_id]).fetchone()
        return [text for text, _ in loads(row[0])] if row else []
