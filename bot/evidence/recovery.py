"""Start-up recovery of the evidence store: temp files of a process that died, stored files no
row refers to (removed), rows whose file is gone (listed, never deleted silently).

A data folder on SQLite: its check holds the database's one write lock, so no add is half-way,
and it removes every orphan. A bucket is shared by every replica, and so is a data folder that
replicas on PostgreSQL share (no single write lock there: another replica's add may have
installed its file and not committed its row yet): an orphan younger than ORPHAN_GRACE may be
such an add, so it stays; nor is the write lock held while they are listed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.evidence.items import RecoveryReport
from bot.evidence.storage import Storage

if TYPE_CHECKING:
    from bot.evidence.repository import EvidenceStore

log = logging.getLogger(__name__)
ORPHAN_GRACE = 3600.0  # seconds: a shared file without a row is removed only this old


def recover(ev: EvidenceStore) -> RecoveryReport:
    """Run at start-up, before any add() of this process. A temp file or download folder of
    another live process on this machine (a replica sharing the data folder) is left alone:
    scratch names carry their owner's pid (storage.scratch_prefix)."""
    storage = ev.storage
    temps = storage.clear_scratch()
    if storage.remote or ev.store.concurrent:  # other processes add at the same time
        with ev._lock:
            rows = ev.store.evidence.hashes()
        orphans, present = sweep(storage, {sha for _, sha in rows}, ORPHAN_GRACE)
    else:
        with ev._transaction():
            rows = ev.store.evidence.hashes()
            orphans, present = sweep(storage, {sha for _, sha in rows}, 0.0)
    missing = [item_id for item_id, sha in rows if sha not in present]
    if temps or orphans or missing:
        log.warning("evidence recovery: %d temp files and %d orphan files removed; "
                    "rows whose file is missing: %s", temps, orphans, missing)
    return RecoveryReport(temps, orphans, missing)


def sweep(storage: Storage, known: set[str], grace: float) -> tuple[int, set[str]]:
    """(orphans removed, names of the files present)."""
    orphans, present = 0, set()
    for entry in storage.stored():
        if entry.name in known:
            present.add(entry.name)
        elif entry.age >= grace:
            storage.remove_entry(entry)
            orphans += 1
    return orphans, present
