"""The evidence store for async code: database steps on the caller's thread (the event loop,
which owns the store's connection), the storage's blocking calls in a worker thread.

With the data folder these are the same steps as the synchronous methods; with a bucket every
upload, download and delete is a network call that must never hold up other shoppers' replies.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.evidence.items import Duplicate, Rejected, Result, Staged, Stored
from bot.evidence.repository import EvidenceStore
from bot.evidence.storage import Storage, Unavailable

log = logging.getLogger(__name__)


async def keep(ev: EvidenceStore, staged: Staged) -> Result:
    """`EvidenceStore.keep` with the uploads in a thread: before the row's commit, and after
    it (a delete of the same bytes by someone else meanwhile is undone)."""
    storage, temp = ev.storage, staged.temp
    try:
        existing = ev.known_answer(staged)  # a duplicate; or a refusal before an upload
        if existing is not None:
            return existing
        if storage.remote:
            await asyncio.to_thread(storage.upload, temp)
        result = ev.keep_row(staged)  # a folder renames the file in here, as `keep` does
        if storage.remote and isinstance(result, Stored):
            await asyncio.to_thread(storage.upload, temp)
        elif storage.remote and isinstance(result, Rejected | Duplicate):
            await asyncio.to_thread(ev.drop, ev.unused([temp.sha256]))
        return result
    finally:
        await asyncio.to_thread(storage.discard, temp)


async def remove(ev: EvidenceStore, user_id: int, item_id: int | None = None,
                 case_id: int | None = None) -> int:
    """Delete one item, a case's or (neither given) all of the user's: the rows now, the
    files nobody uses any more in a thread. The number of rows deleted."""
    count, unused = ev.delete_rows(user_id, item_id, case_id)
    if unused:
        try:
            await asyncio.to_thread(ev.drop, unused)
        except Unavailable as exc:  # the rows are gone: the start-up check removes the files
            log.warning("%d evidence files left in the store for the start-up check: %s",
                        len(unused), exc)
    return count


@asynccontextmanager
async def as_local(storage: Storage, sha256: str) -> AsyncIterator[Path]:
    """A real file with the stored bytes, checked against their hash (reading and hashing in a
    thread); raises storage.Missing or storage.Corrupt."""
    opened = storage.local_file(sha256)
    path = await asyncio.to_thread(opened.__enter__)
    try:
        yield path
    finally:
        await asyncio.to_thread(opened.__exit__, None, None, None)


async def copies(storage: Storage, hashes: list[str], root: Path) -> None:
    """The files' bytes as they are (unchecked: the reader checks them) in a data folder layout
    under `root` (evidence/<sha[:2]>/<sha>), for a process that reads a folder (the PDF's)."""
    def fetch() -> None:
        for sha in hashes:
            dest = root / "evidence" / sha[:2] / sha
            dest.parent.mkdir(parents=True, exist_ok=True)
            storage.copy_to(sha, dest)

    await asyncio.to_thread(fetch)
