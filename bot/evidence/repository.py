"""Evidence repository: files a user sent for a case, their rows, quotas and ownership.

    ev = EvidenceStore(store, settings.data_dir)             # or storage=open_storage(...)
    ev.recover()                      # once at start-up, before anything is added
    result = ev.add(user_id=..., case_id=..., source=path_or_bytes, kind="photo", ...)

Every method takes the acting user's id and only ever touches that user's rows: another
user's item id behaves exactly like an id that does not exist. Call these methods outside
`store.transaction()`: they run their own short transactions, because a file may only be
unlinked after the commit that stopped referring to it. Called from worker threads while
the service uses the same Store, give the EvidenceStore a Store (connection) of its own.

Rejected(code, params) codes: too_big {size, limit}, empty {}, type_mismatch {declared,
actual}, unsupported_type {actual}, corrupt_image {format}, decompression_bomb {limit, and
width/height when known}, quota_files {limit, scope: case|user}, quota_bytes {limit, used,
size}, unknown_case {} (no such case, or not this user's).

Order of effects in add(): temp file written and fsynced -> checked -> uploaded (a remote
store) -> (write lock held) renamed to evidence/<sha[:2]>/<sha> and the directory fsynced (a
folder) -> row inserted -> commit -> uploaded again unless there (a remote store).
Delete: rows deleted and committed -> file removed if no row uses it: for a folder under the
write lock (the store's lock on the content, `evidence.lock_content`: on SQLite its one
writer's lock), so an add and a delete of the same content in two processes cannot leave a row
without its file; for a remote store after it (network calls hold no lock), the adder's second
upload putting back what such a delete took.

The storage (bot/evidence/storage.py) is the data folder unless given. Its calls block: async
code uses bot/evidence/offloop.py, which makes them in a thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.evidence.checks import (
    DEFAULT_TZ,
    MAX_FILE_BYTES,
    MAX_PIXELS,
    CheckFailure,
    check_image,
    check_type,
    declared_families,
    sniff,
    with_zone,
)
from bot.evidence.items import (
    KINDS,
    REJECTION_CODES,
    Duplicate,
    Item,
    Quotas,
    RecoveryReport,
    Rejected,
    Result,
    Staged,
    Stored,
)
from bot.evidence.local import LocalStorage
from bot.evidence.removal import Removal
from bot.evidence.storage import Storage, TempFile
from bot.store.contract import Store
from bot.store.records import EvidenceRow
from knowledge.evidence_labels import standard as standard_labels

__all__ = ["MAX_FILE_BYTES", "REJECTION_CODES", "Duplicate", "EvidenceStore", "Item", "Quotas",
           "RecoveryReport", "Rejected", "Result", "Stored"]

log = logging.getLogger(__name__)

class EvidenceStore(Removal):
    def __init__(self, store: Store, data_dir: Path | str, quotas: Quotas | None = None,
                 max_file_bytes: int = MAX_FILE_BYTES, max_pixels: int = MAX_PIXELS,
                 tz: str = DEFAULT_TZ, storage: Storage | None = None) -> None:
        self.store = store
        self.data_dir = Path(data_dir).absolute()
        self.tz = tz  # a camera time without an offset was taken in the shopper's zone
        self.quotas = quotas or Quotas()
        self.max_file_bytes = max_file_bytes
        self.max_pixels = max_pixels
        self.storage: Storage = storage or LocalStorage(self.data_dir)
        self._lock = threading.RLock()  # the store's one connection is shared between threads

    # ---- receiving -----------------------------------------------------------------------

    def add(self, *, user_id: int, case_id: int, source: Path | bytes, kind: str,
            received_at: datetime, file_name: str | None = None,
            declared_mime: str | None = None, caption: str = "", label: str | None = None,
            tg_file_id: str | None = None, tg_unique_id: str | None = None,
            forwarded: bool = False) -> Result:
        """Check and keep one file for the user's case. Nothing is stored unless Stored is
        returned; Duplicate means this case already has the same bytes."""
        staged = self.stage(user_id=user_id, case_id=case_id, source=source, kind=kind,
                            received_at=received_at, file_name=file_name,
                            declared_mime=declared_mime, caption=caption, label=label,
                            tg_file_id=tg_file_id, tg_unique_id=tg_unique_id,
                            forwarded=forwarded)
        return staged if isinstance(staged, Rejected) else self.keep(staged)

    def stage(self, *, user_id: int, case_id: int, source: Path | bytes, kind: str,
              received_at: datetime, file_name: str | None = None,
              declared_mime: str | None = None, caption: str = "", label: str | None = None,
              tg_file_id: str | None = None, tg_unique_id: str | None = None,
              forwarded: bool = False) -> Staged | Rejected:
        """The file and CPU work of `add` (copy, hash, type and image checks), without the
        database: safe in a worker thread. `keep` then stores it (on the store's thread)."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        _check_label(label)
        try:
            temp = self.storage.receive(source, self.max_file_bytes)
        except CheckFailure as failure:
            return Rejected(failure.code, failure.params)
        try:
            sniffed = sniff(temp.head)
            check_type(sniffed, declared_families(kind, file_name, declared_mime))
            captured_at = None
            if sniffed.family == "image":
                captured_at = with_zone(check_image(temp.path, sniffed, self.max_pixels),
                                        self.tz)
        except CheckFailure as failure:
            self.storage.discard(temp)
            return Rejected(failure.code, failure.params)
        except BaseException:
            self.storage.discard(temp)
            raise
        row = {"user_id": user_id, "case_id": case_id, "sha256": temp.sha256,
               "kind": kind, "label": label, "caption": caption or "", "size": temp.size,
               "mime": sniffed.mime, "file_name": file_name, "tg_file_id": tg_file_id,
               "tg_unique_id": tg_unique_id, "forwarded": int(bool(forwarded)),
               "received_at": received_at.isoformat(), "captured_at": captured_at}
        return Staged(temp, row)

    def keep(self, staged: Staged) -> Result:
        """Store a staged file (a Duplicate if the case has the same bytes already)."""
        try:
            existing = self.known_answer(staged)
            if existing is not None:
                return existing
            self.storage.upload(staged.temp)
            result = self.keep_row(staged)
            if isinstance(result, Stored):
                self.storage.upload(staged.temp)  # a remote store: a racing delete is undone
            elif self.storage.remote:  # refused after the upload: the object is nobody's
                self.drop(self.unused([staged.temp.sha256]))
            return result
        finally:
            self.storage.discard(staged.temp)  # a no-op once the file was renamed into evidence/

    def known_answer(self, staged: Staged) -> Duplicate | Rejected | None:
        """The answer `keep` would give without storing anything, when it is known already: a
        Duplicate; and before an upload to a remote store (no 20 MB sent for nothing) a
        refusal. `keep_row` checks all again under the write lock."""
        row, temp = staged.row, staged.temp
        existing = self._find(row["user_id"], row["case_id"], temp.sha256)
        if existing is not None:
            return Duplicate(existing)
        if not self.storage.remote:
            return None
        with self._lock:
            if self.store.users.case_owner(row["case_id"]) != row["user_id"]:
                return Rejected("unknown_case", {})
            return self._over_quota(row["user_id"], row["case_id"], temp)

    def keep_row(self, staged: Staged) -> Result:
        """The database step of `keep` (the file installed inside its transaction)."""
        row = staged.row
        try:
            return self._keep(row["user_id"], row["case_id"], staged.temp, row)
        except CheckFailure as failure:
            return Rejected(failure.code, failure.params)

    def _keep(self, user_id: int, case_id: int, temp: TempFile, row: dict[str, Any]) -> Result:
        with self._transaction():
            # no add or delete of these bytes in another process until the commit
            self.store.evidence.lock_content(temp.sha256)
            if self.store.users.case_owner(case_id) != user_id:
                return Rejected("unknown_case", {})
            existing = self._find(user_id, case_id, temp.sha256)
            if existing is not None:  # the same file raced in from a second update
                return Duplicate(existing)
            refusal = self._over_quota(user_id, case_id, temp)
            if refusal is not None:
                return refusal
            self.storage.install(temp)
            kept = self.store.evidence.insert(row)
        return Stored(self._item(kept))

    def _over_quota(self, user_id: int, case_id: int, temp: TempFile) -> Rejected | None:
        q, rows = self.quotas, self.store.evidence
        if rows.count_in_case(user_id, case_id) >= q.max_files_per_case:
            return Rejected("quota_files", {"limit": q.max_files_per_case, "scope": "case"})
        files, used, has_it = rows.usage(user_id, temp.sha256)
        if has_it:  # the user already keeps these bytes for another case: costs nothing more
            return None
        if files >= q.max_files_per_user:
            return Rejected("quota_files", {"limit": q.max_files_per_user, "scope": "user"})
        if used + temp.size > q.max_bytes_per_user:
            return Rejected("quota_bytes", {"limit": q.max_bytes_per_user, "used": used,
                                            "size": temp.size})
        return None

    def find_by_unique_id(self, user_id: int, case_id: int, tg_unique_id: str) -> Item | None:
        """The item of this case with Telegram's file_unique_id: lets the adapter skip the
        download of a file it has already kept."""
        with self._lock:
            row = self.store.evidence.find_by_unique_id(user_id, case_id, tg_unique_id)
        return self._item(row) if row else None

    # ---- reading -------------------------------------------------------------------------

    def list(self, user_id: int, case_id: int) -> list[Item]:
        with self._lock:
            rows = self.store.evidence.of_case(user_id, case_id)
        return [self._item(r) for r in rows]

    def get(self, user_id: int, item_id: int) -> Item | None:
        with self._lock:
            row = self.store.evidence.get(user_id, item_id)
        return self._item(row) if row else None

    def open(self, user_id: int, item_id: int) -> Path | None:
        """The item's file in the data folder (None with a remote store: use local_file)."""
        item = self.get(user_id, item_id)
        return item.path if item is not None and item.path and item.path.is_file() else None

    def progress(self, user_id: int, case_id: int,
                 checklist: list[str]) -> tuple[list[str], list[str]]:
        """(received, missing): the checklist's labels that have at least one item, and the
        rest, both in checklist order ("received len(received)/len(checklist)")."""
        have = {item.label for item in self.list(user_id, case_id)}
        received = [label for label in checklist if label in have]
        return received, [label for label in checklist if label not in have]

    @staticmethod
    def suggest_label(caption: str) -> str | None:
        return standard_labels().suggest(caption)

    # ---- managing ------------------------------------------------------------------------

    def relabel(self, user_id: int, item_id: int, label: str | None) -> bool:
        _check_label(label)
        with self._transaction():
            return self.store.evidence.set_label(user_id, item_id, label)

    # ---- start-up ------------------------------------------------------------------------

    def recover(self) -> RecoveryReport:
        """Remove temp files and files no row refers to (bot/evidence/recovery.py)."""
        from bot.evidence.recovery import recover

        return recover(self)

    # ---- helpers -------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            if self.store.in_transaction:
                raise RuntimeError("EvidenceStore runs its own transactions: call it outside "
                                   "store.transaction()")
            with self.store.transaction():
                yield

    def _find(self, user_id: int, case_id: int, sha256: str) -> Item | None:
        with self._lock:
            row = self.store.evidence.find(user_id, case_id, sha256)
        return self._item(row) if row else None

    def _item(self, row: EvidenceRow) -> Item:
        (id_, user_id, case_id, sha, kind, label, caption, size, mime, file_name, tg_file_id,
         tg_unique_id, forwarded, received_at, captured_at) = row
        return Item(id=id_, user_id=user_id, case_id=case_id, sha256=sha, kind=kind,
                    label=label, caption=caption, size=size, mime=mime, file_name=file_name,
                    tg_file_id=tg_file_id, tg_unique_id=tg_unique_id, forwarded=bool(forwarded),
                    received_at=received_at, captured_at=captured_at,
                    path=self.storage.path_for(sha)
                    if isinstance(self.storage, LocalStorage) else None)


def _check_label(label: str | None) -> None:
    labels = standard_labels().labels
    if label is not None and label not in labels:
        raise ValueError(f"label must be one of {labels} or None, not {label!r}")
