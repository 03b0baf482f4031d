"""One event's reads in SQLite (`store.load_event`): one query says what the user has — the
session, whether there are cases, evidence, an open hand-over, a ban, counted tallies, a block —
with the desk's queue length and the recent messages, so the common event (a session and a
case, nothing else) reads in two or three statements instead of a dozen. What it read of the
user's own rows is held until the transaction ends: `save` then skips a write that would leave
a row as it is.

Answers what bot/store/loading.py's one-question-per-area way answers (the contract suite
compares them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import NamedTuple

from sqlite_utils import Database

from bot.store.bans import Bans
from bot.store.handovers import Handovers
from bot.store.jsontext import loads
from bot.store.records import Loaded
from bot.store.tally import Tally
from dialogs.snapshot import Case, EvidenceNote, Session, Snapshot


def glance_sql(user_param: str = "?", as_bytes: bool = True) -> str:
    """One event's reads in one statement; a dialect gives its typed parameter for the user
    id. `as_bytes`: the session's JSON columns come back as UTF-8 bytes (SQLite's CAST ... AS
    BLOB), which orjson reads as they are (bot/store/jsontext.py dumpb)."""
    data, recent = ("CAST(s.data AS BLOB)", "CAST(s.recent AS BLOB)") if as_bytes else \
        ("s.data", "s.recent")
    return (
        f"SELECT {data}, s.state, u.chat_id, u.lang, u.blocked_at IS NOT NULL, "
        "(SELECT COALESCE(MAX(id), 0) + 1 FROM cases), "
        "EXISTS (SELECT 1 FROM cases WHERE user_id = me.id), "
        "EXISTS (SELECT 1 FROM evidence WHERE user_id = me.id), "
        "EXISTS (SELECT 1 FROM handovers WHERE user_id = me.id AND state IN ('waiting', "
        "'taken')), "
        "(SELECT COUNT(*) FROM handovers WHERE state = 'waiting'), "
        f"{recent}, "
        "EXISTS (SELECT 1 FROM bans WHERE user_id = me.id), "
        "EXISTS (SELECT 1 FROM shop_tally WHERE user_id = me.id) "
        f"FROM (SELECT {user_param} AS id) AS me LEFT JOIN users AS u ON u.id = me.id "
        "LEFT JOIN sessions AS s ON s.user_id = me.id")


GLANCE_SQL = glance_sql()
SESSION_KEYS = frozenset(f.name for f in fields(Session))
_new = object.__new__


def session_of(data: str | bytes) -> Session:
    """`Session(**loads(data))`, a session row's JSON as the session. A row with every field and
    no other (as `save` writes it) becomes one without the generated __init__, which only
    assigns them (some 4 µs an event); an older row, missing a field added since, goes through
    __init__ and gets its default."""
    values = loads(data)
    if values.keys() == SESSION_KEYS:
        session = _new(Session)
        session.__dict__ = values
        return session
    return Session(**values)


class Held(NamedTuple):
    """The user's rows as this transaction read them: `save` writes none that would not change."""

    chat_id: int | None  # None: no users row
    lang: str | None
    state: str | None  # None: no sessions row
    data: str | bytes | bytearray | None  # as read or bound (SQLite: bytes read, bytearray bound)
    said: list[list[str]]  # the recent messages, [text, at] oldest first (none: no row)


class EventLoad:
    db: Database
    glance_sql = GLANCE_SQL  # another store's dialect says it its own way
    in_transaction: bool
    held: dict[int, Held]  # by user, read in the transaction under way (cleared at its start)
    handovers: Handovers
    bans: Bans
    tally: Tally
    user_cases: Callable[[int], list[Case]]  # the store's own (bot/store/sqlite.py)
    evidence_notes: Callable[[int], list[EvidenceNote]]

    def load_event(self, user_id: int, chat_id: int, lang: str, tz: str,
                   look_up: int | None = None) -> Loaded:
        (data, state, their_chat, their_lang, blocked, next_id, has_cases, has_evidence,
         has_handover, waiting, recent, banned, counted) = self.db.execute(
            self.glance_sql, [user_id]).fetchone()
        said = loads(recent) if recent else []
        if self.in_transaction:  # the rows as they are until this transaction ends
            self.held[user_id] = Held(their_chat, their_lang, state, data, said)
        session = session_of(data) if data else Session(user_id, chat_id, lang=lang)
        cases = {c.id: c for c in self.user_cases(user_id)} if has_cases else {}
        snap = Snapshot(session=session, cases=cases, next_case_id=next_id, tz=tz,
                        evidence=self.evidence_notes(user_id) if has_evidence else [])
        snap.tally = self.tally.notes_given(user_id, list(cases.values()), look_up,
                                            self.tally.counted(user_id) if counted else {})
        snap.handover = self.handovers.note_for(user_id) if has_handover else None
        snap.recent = [text for text, _ in said]
        snap.banned = bool(banned)
        return Loaded(snap, int(waiting), bool(blocked))
