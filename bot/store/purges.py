"""Retention in SQLite (bot/ops/retention.py decides when and how old): each call removes one
batch, in the caller's transaction, so an update never waits long behind a purge."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlite_utils import Database

from bot.store.jsontext import dumps, loads
from bot.store.outbox import GOING, TOMBSTONE_NEWEST
from bot.store.tally import Tally

DONE = "('sent', 'skipped', 'cancelled', 'failed', 'unknown')"  # rows that will not be sent


class PurgeRows:
    old_recent_sql = ("SELECT user_id, recent FROM sessions WHERE "
                      "julianday(json_extract(recent, '$[0][1]')) < julianday(?) LIMIT ?")

    def __init__(self, db: Database) -> None:
        self.db = db

    def old_texts(self, before: str, batch: int) -> int:
        """Settled messages' texts become `{}` (the row stays, counted); reminders carry no
        text, only what keeps them from going twice, so they stay whole."""
        return self._count(
            f"UPDATE outbox SET payload='{{}}' WHERE id IN (SELECT id FROM outbox WHERE "
            f"status IN {DONE} AND kind != 'reminder' AND payload != '{{}}' AND "
            f"julianday(COALESCE(sent_at, created_at)) < julianday(?) LIMIT ?)", [before, batch])

    def old_recent_messages(self, before: str, batch: int) -> int:
        """The users' recent messages older than `before` (kept oldest first in their session
        row: the first says whether any is), of `batch` users at most; how many went."""
        cut = _moment(before)
        gone = 0
        for user_id, recent in self.db.execute(self.old_recent_sql, [before, batch]).fetchall():
            said = loads(recent)
            kept = [pair for pair in said if _moment(pair[1]) >= cut]
            gone += len(said) - len(kept)
            self.db.execute("UPDATE sessions SET recent=? WHERE user_id=?",
                            [dumps(kept), user_id])
        return gone

    def old_update_ids(self, before: str, batch: int) -> int:
        """The newest id stays: it keeps a WEIQUAN_NOW clock from running back on restart."""
        return self._count(
            "DELETE FROM processed_updates WHERE rowid IN (SELECT rowid FROM processed_updates "
            "WHERE julianday(processed_at) < julianday(?) AND rowid < (SELECT max(rowid) FROM "
            "processed_updates) LIMIT ?)", [before, batch])

    def old_cases(self, before: str) -> list[tuple[int, int]]:
        """(case, user) of closed or abandoned cases unchanged since `before`, with no open
        hand-over."""
        rows = self.db.execute(
            "SELECT id, user_id FROM cases WHERE status IN ('closed', 'abandoned') AND "
            "julianday(updated_at) < julianday(?) AND NOT EXISTS (SELECT 1 FROM handovers h "
            "WHERE h.case_id = cases.id AND h.state IN ('waiting', 'taken'))", [before])
        return [(int(r[0]), int(r[1])) for r in rows.fetchall()]

    def drop_case(self, case_id: int, user_id: int) -> None:
        """The case, its timeline, notes and hand-overs, as /forget does for one case (its
        evidence rows go first, through the evidence repository, with their files)."""
        db = self.db
        theirs = "SELECT id FROM handovers WHERE case_id=?"
        db.execute(f"DELETE FROM handover_notes WHERE handover_id IN ({theirs})", [case_id])
        db.execute(f"DELETE FROM relay_links WHERE handover_id IN ({theirs})", [case_id])
        db.execute("DELETE FROM handovers WHERE case_id=?", [case_id])
        db.execute("DELETE FROM case_events WHERE case_id=?", [case_id])
        db.execute("DELETE FROM case_notes WHERE case_id=?", [case_id])
        db.execute(TOMBSTONE_NEWEST.format(scope="case_id=?"), [case_id])
        db.execute(f"DELETE FROM outbox WHERE case_id=? AND {GOING}", [case_id])
        db.execute("UPDATE outbox SET case_id=NULL WHERE case_id=?", [case_id])
        self._unset_current(case_id, user_id)
        Tally(db).leave(user_id, case_id)  # a case kept no more is counted no more
        db.execute("DELETE FROM cases WHERE id=?", [case_id])

    def _unset_current(self, case_id: int, user_id: int) -> None:
        """The session no longer points at the dropped case."""
        self.db.execute("UPDATE sessions SET data=json_set(data, '$.current_case_id', NULL) "
                        "WHERE user_id=? AND json_extract(data, '$.current_case_id')=?",
                        [user_id, case_id])

    def _count(self, sql: str, params: list[object]) -> int:
        return int(self.db.execute(sql, params).rowcount)


def _moment(text: str) -> datetime:
    """A stored time; one without an offset is UTC (as julianday() takes it)."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
