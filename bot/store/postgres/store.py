"""The PostgreSQL store (psycopg 3), satisfying bot/store/contract.py's `Store` with the same
behaviour as the SQLite store.

Where the two dialects agree, the SQLite modules' statements run as they are (this store and
its areas extend the SQLite classes, and `Sql` translates the placeholders); where they differ
the classes of bot/store/postgres/queue.py and areas.py say it in PostgreSQL. The contract
suite (tests/store_contract/) holds both stores to one behaviour.

What SQLite's single writer gives for free, this store promises across processes with locks
held until the transaction ends: a processed update's key (a second process asking about the
same update waits and then sees it), a user (`lock_user`: one user's updates in order) and an
evidence content (`evidence.lock_content`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import psycopg

from bot.store.glance import Held
from bot.store.jsontext import dumps
from bot.store.postgres import migrations
from bot.store.postgres.areas import (
    PgBans,
    PgCaseRows,
    PgEvidenceRows,
    PgHandovers,
    PgPurgeRows,
    PgTally,
)
from bot.store.postgres.leases import PgOutboxRows, PgSendPace
from bot.store.postgres.queue import PgDeferredRows, PgLiveness, PgOutbox, PgUpdates
from bot.store.postgres.replicas import PgAlbumParts, PgEventLoad
from bot.store.postgres.sql import Sql
from bot.store.sqlite import Store as SqliteStore
from bot.store.users import UserRows


class PostgresStore(PgUpdates, PgOutbox, PgLiveness, PgEventLoad, SqliteStore):
    errors: tuple[type[Exception], ...] = (psycopg.Error,)  # PoolTimeout is one too
    concurrent = True  # a pooled connection per transaction: worker threads at once
    # READ COMMITTED: two events computing the same next case id, the loser's insert fails
    conflicts: tuple[type[Exception], ...] = (psycopg.errors.UniqueViolation,
                                              psycopg.errors.SerializationFailure,
                                              psycopg.errors.DeadlockDetected)
    json_param = staticmethod(dumps)  # JSON text: bytes would be bytea here

    def __init__(self, url: str, busy_timeout: float = 30.0) -> None:  # noqa: D107
        self.path = url
        self.db = Sql(url, timeout=busy_timeout)  # type: ignore[assignment]
        try:
            migrations.apply(self.db)
        except BaseException:
            self.db.close()
            raise
        self.rows = PgOutboxRows(self.db)  # type: ignore[arg-type]
        self.pace = PgSendPace(self.db)  # type: ignore[arg-type]
        self.albums = PgAlbumParts(self.db)  # type: ignore[arg-type]
        self.evidence = PgEvidenceRows(self.db)  # type: ignore[arg-type]
        self.users = UserRows(self.db)  # type: ignore[arg-type]
        self.handovers = PgHandovers(self.db)  # type: ignore[arg-type]
        self.bans = PgBans(self.db)  # type: ignore[arg-type]
        self.cases = PgCaseRows(self.db)  # type: ignore[arg-type]
        self.deferred = PgDeferredRows(self.db)  # type: ignore[arg-type]
        self.purges = PgPurgeRows(self.db)  # type: ignore[arg-type]
        self.tally = PgTally(self.db)  # type: ignore[arg-type]
        self.checkpoints = None
        self._held: ContextVar[dict[int, Held] | None] = ContextVar(f"held-{id(self)}",
                                                                   default=None)

    def checkpoint_in_background(self, interval: float = 1.0) -> None:
        """PostgreSQL checkpoints by itself."""

    def close(self) -> None:
        self.db.close()

    @property
    def in_transaction(self) -> bool:
        return self.db.in_transaction

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction on a pooled connection of its own (READ COMMITTED; the locks
        above order what must not interleave), with its own rows-as-read (`held`)."""
        token = self._held.set({})
        try:
            with self.db.transaction():
                yield
        finally:
            self._held.reset(token)

    @property
    def held(self) -> dict[int, Held]:
        """What this transaction's load_event read of a user's rows (bot/store/glance.py):
        per transaction, so threads with transactions of their own never share it."""
        held = self._held.get()
        return held if held is not None else {}  # outside a transaction: kept by no one
