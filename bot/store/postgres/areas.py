"""The store's areas where PostgreSQL's dialect differs from SQLite's: evidence, hand-overs, bans, the shops' tallies, cases as the CLI reads them
and retention. Each class extends its SQLite counterpart and overrides only what differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.store.bans import BANNED, Bans
from bot.store.case_rows import CaseRows
from bot.store.evidence import _INSERT, EvidenceRows
from bot.store.handovers import Handovers
from bot.store.postgres.sql import Sql
from bot.store.purges import DONE, PurgeRows
from bot.store.records import EVIDENCE_FIELDS, EvidenceRow, Row
from bot.store.tally import Tally
from dialogs.actions import HandoverChange
from knowledge.shops import ShopName, grams

EVIDENCE_LOCKS = 0x6576  # pg_advisory_xact_lock(class, key) class of evidence contents


class PgEvidenceRows(EvidenceRows):
    db: Sql  # type: ignore[assignment]

    def insert(self, row: Mapping[str, Any]) -> EvidenceRow:
        values = [row[name] for name in EVIDENCE_FIELDS]
        got = self.db.execute(_INSERT + " RETURNING id", values).fetchone()
        assert got is not None
        return EvidenceRow(int(got[0]), *values)

    def usage(self, user_id: int, sha256: str) -> tuple[int, int, bool]:
        (files, used, has_it) = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(size), 0), COALESCE(bool_or(sha256 = ?), false) "
            "FROM (SELECT sha256, MAX(size) AS size FROM evidence WHERE user_id=? "
            "GROUP BY sha256) AS files", [sha256, user_id]).fetchone() or (0, 0, False)
        return int(files), int(used), bool(has_it)

    def lock_content(self, sha256: str) -> None:
        """Until the transaction ends, no other process installs or removes this content's
        file (an add and a delete of the same bytes cannot leave a row without its file)."""
        self.db.execute("SELECT pg_advisory_xact_lock(?, hashtext(?))", [EVIDENCE_LOCKS, sha256])


class PgHandovers(Handovers):
    db: Sql  # type: ignore[assignment]

    def apply(self, change: HandoverChange, at: str) -> None:
        if change.op != "open":
            super().apply(change, at)
            return
        self.db.execute(
            "INSERT INTO handovers (user_id, chat_id, case_id, state, reason, requested_at) "
            "VALUES (?, ?, ?, 'waiting', ?, ?) ON CONFLICT DO NOTHING",
            [change.user_id, change.chat_id, change.case_id, change.text, at])

    def link(self, group_chat_id: int, group_message_id: int, handover_id: int,
             user_message_id: int | None = None) -> None:
        self.db.execute("INSERT INTO relay_links (group_chat_id, group_message_id, "
                        "handover_id, user_message_id) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT DO NOTHING",
                        [group_chat_id, group_message_id, handover_id, user_message_id])


class PgBans(Bans):
    db: Sql  # type: ignore[assignment]

    def ban(self, user_id: int, adviser_id: int, at: str) -> None:
        self.db.execute("INSERT INTO bans (user_id, adviser_id, banned_at) VALUES (?, ?, ?) "
                        "ON CONFLICT DO NOTHING", [user_id, adviser_id, at])
        self.db.execute("UPDATE outbox SET status='suspended', last_error=? WHERE user_id=? "
                        "AND kind='reminder' AND status='pending'", [BANNED, user_id])


class PgTally(Tally):
    db: Sql  # type: ignore[assignment]

    def _new_shop(self, named: ShopName, platform: str, at: str) -> int:
        if named.platform_id is not None:  # another platform's name for a known id: not reused
            taken = self.db.execute("SELECT 1 FROM shops WHERE platform_id = ?",
                                    [named.platform_id]).fetchone()
            named = ShopName(named.shown, named.key, None) if taken else named
        row = self.db.execute("INSERT INTO shops (key, name, platform, platform_id, created_at) "
                              "VALUES (?, ?, ?, ?, ?) RETURNING id",
                              [named.key, named.shown, platform, named.platform_id, at]
                              ).fetchone()
        assert row is not None
        shop_id = int(row[0])
        self.db.executemany("INSERT INTO shop_grams (gram, shop_id) VALUES (?, ?) "
                            "ON CONFLICT DO NOTHING",
                            [(g, shop_id) for g in sorted(grams(named.key))])
        return shop_id


class PgCaseRows(CaseRows):
    db: Sql  # type: ignore[assignment]

    def reminders(self, case_id: int) -> list[Row]:
        return [{"due_at": r[0], "sent_at": r[1], "kind": r[2], "rule": r[3], "status": r[4]}
                for r in self.db.execute(
                    "SELECT due_at, sent_at, payload::jsonb ->> 'kind', "
                    "payload::jsonb ->> 'rule', status FROM outbox WHERE case_id = ? "
                    "AND kind = 'reminder' AND status IN ('pending', 'sent') ORDER BY due_at",
                    [case_id])]


class PgPurgeRows(PurgeRows):
    """julianday() is a cast to timestamptz here (the session's zone is UTC, as julianday
    takes a time without an offset); SQLite's rowid is `seq`."""

    db: Sql  # type: ignore[assignment]
    # locked until the commit: an event of one of these users waits, its message not lost
    old_recent_sql = ("SELECT user_id, recent FROM sessions WHERE "
                      "(recent::jsonb -> 0 ->> 1)::timestamptz < ?::timestamptz LIMIT ? "
                      "FOR UPDATE")

    def old_texts(self, before: str, batch: int) -> int:
        return self._count(
            f"UPDATE outbox SET payload='{{}}' WHERE id IN (SELECT id FROM outbox WHERE "
            f"status IN {DONE} AND kind != 'reminder' AND payload != '{{}}' AND "
            f"COALESCE(sent_at, created_at)::timestamptz < ?::timestamptz LIMIT ?)",
            [before, batch])

    def old_update_ids(self, before: str, batch: int) -> int:
        return self._count(
            "DELETE FROM processed_updates WHERE seq IN (SELECT seq FROM processed_updates "
            "WHERE processed_at::timestamptz < ?::timestamptz AND seq < (SELECT max(seq) FROM "
            "processed_updates) LIMIT ?)", [before, batch])

    def old_cases(self, before: str) -> list[tuple[int, int]]:
        rows = self.db.execute(
            "SELECT id, user_id FROM cases WHERE status IN ('closed', 'abandoned') AND "
            "updated_at::timestamptz < ?::timestamptz AND NOT EXISTS (SELECT 1 FROM "
            "handovers h WHERE h.case_id = cases.id AND h.state IN ('waiting', 'taken'))",
            [before])
        return [(int(r[0]), int(r[1])) for r in rows.fetchall()]

    def _unset_current(self, case_id: int, user_id: int) -> None:
        self.db.execute("UPDATE sessions SET data=jsonb_set(data::jsonb, '{current_case_id}', "
                        "'null')::text WHERE user_id=? AND "
                        "data::jsonb -> 'current_case_id' = to_jsonb(?::bigint)",
                        [user_id, case_id])
