"""The SQLite store (sqlite-utils), satisfying bot/store/contract.py's `Store`.

One event is one transaction: `with store.transaction():` around load, step and save. Here: the
connection, transactions, sessions, cases and the timeline; the rest of the surface comes from
the modules named for what they hold (mixins for the flat part: updates, outbox, liveness and
one event's reads; objects for the areas: rows, evidence, users, handovers, cases, deferred,
purges).
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from dataclasses import fields
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.store.albums import AlbumParts
from bot.store.atomic import immediate
from bot.store.bans import Bans
from bot.store.case_rows import CaseRows
from bot.store.checkpoints import Checkpointer
from bot.store.evidence import EvidenceRows
from bot.store.glance import EventLoad, Held, session_of
from bot.store.handovers import Handovers
from bot.store.jsontext import dumpba, loads
from bot.store.migrations import apply_migrations
from bot.store.outbox import DUE_SQL, LivenessRows, OutboxQueue
from bot.store.outbox_rows import OutboxRows
from bot.store.pace import SendPace
from bot.store.purges import PurgeRows
from bot.store.tally import Tally
from bot.store.updates import DeferredRows, ProcessedUpdates
from bot.store.users import UserRows
from dialogs.snapshot import Case, CaseEvent, CaseNote, EvidenceNote, Session, Snapshot

PREPARED_KEPT = 512
RECENT_KEPT = 10  # the user's last messages kept for the advisers' card
RECENT_CHARS = 500  # of each
PAGE_SIZE = 2048
SESSION_FIELDS = tuple(f.name for f in fields(Session))  # flat: no dataclass inside, no asdict
# JSON columns come back as bytes (CAST ... AS BLOB), which orjson reads as they are
# (bot/store/jsontext.py dumpb)
CASES_SQL = (
    "SELECT c.id, c.user_id, c.status, c.category, CAST(c.fields AS BLOB), c.created_at, "
    "c.updated_at, CAST(c.meta AS BLOB), "
    "CAST((SELECT json_group_array(json_array(id, kind, at, note)) FROM (SELECT id, kind, at, "
    "note FROM case_events WHERE case_id = c.id ORDER BY at, id)) AS BLOB), "
    "CAST((SELECT json_group_array(json_array(id, kind, field, text, at)) FROM (SELECT id, kind, "
    "field, text, at FROM case_notes WHERE case_id = c.id ORDER BY id)) AS BLOB) "
    "FROM cases AS c WHERE c.user_id = ? ORDER BY c.id")


class Statements(Database):
    """sqlite-utils' Database, each statement straight to the connection. The connection is in
    autocommit mode (isolation_level=None: a transaction is only ever one BEGIN'd), so what
    sqlite-utils 4 checks around every statement for a transaction it would have opened itself
    never applies (and no tracer is set); some nine statements an event skip it."""

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)


def private(path: Path | str) -> None:
    """The database and its WAL files readable by their owner only (0600)."""
    if str(path) == ":memory:":
        return
    for suffix in ("", "-wal", "-shm"):
        file = Path(f"{path}{suffix}")
        if file.exists():
            file.chmod(0o600)


class Store(ProcessedUpdates, OutboxQueue, LivenessRows, EventLoad):
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)
    concurrent = False  # one connection: transactions run where they are asked for
    conflicts: tuple[type[Exception], ...] = ()  # one writer: no transaction races another
    cases_sql = CASES_SQL  # another store's dialect says it its own way
    # JSON as this store binds it: UTF-8 bytes, written through CAST(? AS TEXT) (the same text).
    # A bytearray: sqlite3 binds it as it is, where a bytes value first goes through its adapter
    # protocol (a registry look-up and two attribute look-ups that fail, ~3k instructions each)
    json_param = staticmethod(dumpba)

    def __init__(self, path: Path | str, busy_timeout: float = 30.0) -> None:
        self.path = path
        if str(path) != ":memory:":
            Path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # One connection runs every statement of the process (events, delivery, scheduler,
        # upkeep): some 300 distinct texts, more than sqlite3's 128 prepared by default, so the
        # event's own could be pushed out and prepared again (the event load: ~20 µs a time).
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                               timeout=busy_timeout, cached_statements=PREPARED_KEPT)
        self.db = Statements(conn)
        # A new file's page size (an existing one keeps the size it was made with, 4096 before
        # this line: both work). Each page an event changes is written whole into the WAL at its
        # commit, some ten a commit: 2 KiB pages make that about 20 µs less (make bench).
        self.db.execute(f"PRAGMA page_size={PAGE_SIZE}")
        self.db.execute("PRAGMA journal_mode=WAL")
        # With WAL, NORMAL survives a crash of the process (the commit is in the WAL file) and
        # never corrupts; a power loss or OS crash may lose the commits since the last fsync.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        apply_migrations(self.db)
        private(path)  # after the first write: the WAL files exist now
        self.held: dict[int, Held] = {}  # bot/store/glance.py
        self.rows = OutboxRows(self.db)
        self.pace = SendPace(self.db)  # send rates shared by every process on this file
        self.evidence = EvidenceRows(self.db)
        self.users = UserRows(self.db)
        self.handovers = Handovers(self.db)
        self.bans = Bans(self.db)
        self.cases = CaseRows(self.db)
        self.deferred = DeferredRows(self.db)
        self.albums = AlbumParts(self.db)  # webhook album parts across replicas (issue 15)
        self.purges = PurgeRows(self.db)
        self.tally = Tally(self.db)  # shops' tallies of collective complaints (issue 18)
        self.checkpoints: Checkpointer | None = None

    def checkpoint_in_background(self, interval: float = 1.0) -> None:
        """Long-running owners (the bot, the bench): WAL checkpoints in a thread of their own
        instead of inside whichever commit crosses SQLite's threshold (bot/store/checkpoints.py)."""
        if self.checkpoints is None and str(self.path) != ":memory:":
            self.db.execute("PRAGMA wal_autocheckpoint=0")
            self.db.execute(f"PRAGMA journal_size_limit={64 << 20}")  # a rewound WAL file shrinks
            self.checkpoints = Checkpointer(self.path, interval)
            self.checkpoints.start()

    def close(self) -> None:
        if self.checkpoints is not None:
            self.checkpoints.stop()
        self.db.close()

    @property
    def in_transaction(self) -> bool:
        return self.db.conn.in_transaction

    def transaction(self) -> AbstractContextManager[None]:
        """BEGIN IMMEDIATE: we read then write, so take the write lock up front."""
        self.held.clear()  # rows read in an earlier transaction may have changed since
        if self.checkpoints is not None:
            self.checkpoints.hold()  # a WAL rewind under way (bot/store/checkpoints.py)
        return immediate(self.db.conn)

    # ---- snapshot ------------------------------------------------------------------------

    def load(self, user_id: int, chat_id: int, lang: str, tz: str) -> Snapshot:
        row = self.db.execute("SELECT data FROM sessions WHERE user_id=?", [user_id]).fetchone()
        session = session_of(row[0]) if row else Session(user_id, chat_id, lang=lang)
        cases = {c.id: c for c in self.user_cases(user_id)}
        (next_id,) = self.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM cases").fetchone()
        return Snapshot(session=session, cases=cases, next_case_id=next_id, tz=tz,
                        evidence=self.evidence_notes(user_id))

    def evidence_notes(self, user_id: int) -> list[EvidenceNote]:
        rows = self.db.execute("SELECT id, case_id, label, kind, size, sha256, mime, received_at, "
                               "caption, captured_at FROM evidence WHERE user_id=? ORDER BY id",
                               [user_id])
        return [EvidenceNote(*r) for r in rows.fetchall()]

    def relabel(self, user_id: int, item_ids: tuple[int, ...], label: str) -> None:
        marks = ",".join("?" * len(item_ids))
        self.db.execute(f"UPDATE evidence SET label=? WHERE user_id=? AND id IN ({marks})",
                        [label, user_id, *item_ids])

    def user_cases(self, user_id: int) -> list[Case]:
        """The user's cases with their timelines and notes, in one statement (each case's
        events and notes come as JSON arrays, in the order the timeline keeps them)."""
        return [Case(id=r[0], user_id=r[1], status=r[2], category=r[3], fields=loads(r[4]),
                     created_at=r[5], updated_at=r[6], meta=loads(r[7]),
                     events=[CaseEvent(id=e[0], kind=e[1], at=e[2], note=e[3])
                             for e in loads(r[8])],
                     notes=[CaseNote(id=n[0], kind=n[1], field=n[2], text=n[3], at=n[4])
                            for n in loads(r[9])])
                for r in self.db.execute(self.cases_sql, [user_id]).fetchall()]

    def save(self, before: Snapshot, after: Snapshot, at: str, said: str = "") -> None:
        """`said`: what the user just wrote, kept with the session among their last messages
        (the newest RECENT_KEPT, each cut to RECENT_CHARS) for the advisers' card."""
        s = after.session
        fields = vars(s)  # a dataclass's __dict__: its fields in order, unless one was added
        data = self.json_param(fields if len(fields) == len(SESSION_FIELDS) else
                               {n: getattr(s, n) for n in SESSION_FIELDS})
        # A row that would not change is not written (its updated_at says when it last changed):
        # every page an event leaves untouched is one the commit does not copy into the WAL, and
        # rows this transaction read (load_event) are not even asked.
        held = self.held.get(s.user_id)
        if held is None or (held.chat_id, held.lang) != (s.chat_id, s.lang):
            self.db.execute(
                "INSERT INTO users (id, chat_id, lang, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "chat_id=excluded.chat_id, lang=excluded.lang, updated_at=excluded.updated_at "
                "WHERE users.chat_id != excluded.chat_id OR users.lang != excluded.lang",
                [s.user_id, s.chat_id, s.lang, at, at])
        kept = None  # the recent messages, when they change
        if said:
            earlier = held.said if held is not None else self._said(s.user_id)
            kept = [*earlier, [said[:RECENT_CHARS], at]][-RECENT_KEPT:]
        # the row as this transaction read it: an UPDATE of what changed (none updated:
        # another process removed it since, on a store with several writers)
        written = False
        if held is not None and held.state is not None:
            if kept is not None:
                written = self.db.execute(
                    "UPDATE sessions SET state=?, data=CAST(? AS TEXT), recent=CAST(? AS TEXT), "
                    "updated_at=? WHERE user_id=?",
                    [s.state, data, self.json_param(kept), at, s.user_id]).rowcount > 0
            elif (held.state, held.data) == (s.state, data):
                written = True  # the row as it is: nothing to write
            else:
                written = self.db.execute(
                    "UPDATE sessions SET state=?, data=CAST(? AS TEXT), updated_at=? "
                    "WHERE user_id=?",
                    [s.state, data, at, s.user_id]).rowcount > 0
        if not written:
            self._upsert_session(s, data, kept, at)
        if held is not None:  # as the rows are now (every field: no slow _replace)
            self.held[s.user_id] = Held(s.chat_id, s.lang, s.state, data,
                                        held.said if kept is None else kept)
        for case in after.cases.values():
            self._save_case(before.cases.get(case.id), case, at)

    def _upsert_session(self, s: Session, data: str | bytes | bytearray, kept: list[list[str]] | None,
                        at: str) -> None:
        if kept is None:  # the recent messages as they are
            self.db.execute(
                "INSERT INTO sessions (user_id, state, data, updated_at) "
                "VALUES (?, ?, CAST(? AS TEXT), ?) "
                "ON CONFLICT(user_id) DO UPDATE SET state=excluded.state, data=excluded.data, "
                "updated_at=excluded.updated_at WHERE sessions.state != excluded.state OR "
                "sessions.data != excluded.data", [s.user_id, s.state, data, at])
        else:
            self.db.execute(
                "INSERT INTO sessions (user_id, state, data, recent, updated_at) "
                "VALUES (?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?) ON CONFLICT(user_id) DO UPDATE "
                "SET state=excluded.state, data=excluded.data, recent=excluded.recent, "
                "updated_at=excluded.updated_at",
                [s.user_id, s.state, data, self.json_param(kept), at])

    def _said(self, user_id: int) -> list[list[str]]:
        row = self.db.execute("SELECT recent FROM sessions WHERE user_id=?", [user_id]).fetchone()
        return loads(row[0]) if row else []

    def _save_case(self, old: Case | None, case: Case, at: str) -> None:
        if old is None:
            self.db.execute("INSERT INTO cases (id, user_id, category, status, fields, "
                            "created_at, updated_at, meta) VALUES (?, ?, ?, ?, CAST(? AS TEXT), "
                            "?, ?, CAST(? AS TEXT))",
                            [case.id, case.user_id, case.category, case.status,
                             self.json_param(case.fields), case.created_at, case.updated_at,
                             self.json_param(case.meta)])
        elif (old.status, old.category, old.fields, old.updated_at, old.meta) != \
                (case.status, case.category, case.fields, case.updated_at, case.meta):
            self.db.execute("UPDATE cases SET status=?, category=?, fields=CAST(? AS TEXT), "
                            "updated_at=?, meta=CAST(? AS TEXT) WHERE id=?",
                            [case.status, case.category, self.json_param(case.fields),
                             case.updated_at, self.json_param(case.meta), case.id])
            if old.status != case.status:
                self.tally.case_moved(case.id, case.status, at)
        if old is not None:  # a date corrected after filing takes its old event off the timeline
            kept = {e.id for e in case.events}
            for event in old.events:
                if event.id is not None and event.id not in kept:
                    self.db.execute("DELETE FROM case_events WHERE id=? AND case_id=?",
                                    [event.id, case.id])
        for event in case.events:
            if event.id is None:
                self.db.execute("INSERT INTO case_events (case_id, kind, at, note, recorded_at) "
                                "VALUES (?, ?, ?, ?, ?)",
                                [case.id, event.kind, event.at, event.note, at])
        for note in case.notes:
            if note.id is None:
                self.db.execute("INSERT INTO case_notes (case_id, kind, field, text, at) "
                                "VALUES (?, ?, ?, ?, ?)",
                                [case.id, note.kind, note.field, note.text, note.at])


__all__ = ["DUE_SQL", "Store", "private"]
