"""Removing evidence: items, a case's, a user's; then the stored files no row uses any more.

Rows go first, in their own commit; a file goes after, only when no row (of any user) refers
to it. In a data folder that check and the unlink share the write lock, so an add and a delete
of the same content in two processes cannot leave a row without its file. A remote store's
removals are network calls and hold no lock (`delete_rows` on the store's thread, `drop` in a
worker thread: bot/evidence/offloop.py); the adder's second upload puts back what such a race
took (bot/evidence/repository.py, `keep`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager

from bot.evidence.storage import Storage
from bot.store.contract import Store


class Removal:
    store: Store
    storage: Storage
    _lock: threading.RLock
    _transaction: Callable[[], AbstractContextManager[None]]

    def delete(self, user_id: int, item_id: int) -> bool:
        return self._delete(user_id, item_id=item_id) > 0

    def delete_case(self, user_id: int, case_id: int) -> int:
        return self._delete(user_id, case_id=case_id)

    def forget_user(self, user_id: int) -> int:
        return self._delete(user_id)

    def _delete(self, user_id: int, item_id: int | None = None,
                case_id: int | None = None) -> int:
        count, unused = self.delete_rows(user_id, item_id, case_id)
        self.drop(unused)
        return count

    def delete_rows(self, user_id: int, item_id: int | None = None,
                    case_id: int | None = None) -> tuple[int, list[str]]:
        """The database step of a delete: (rows deleted, hashes whose remote objects `drop`
        is to remove). A folder's files go here, each under the write lock."""
        with self._transaction():
            count, hashes = self.store.evidence.delete(user_id, item_id, case_id)
        # A crash from here on leaves only files without rows, which recover() removes.
        return count, self.unused(hashes)

    def unused(self, hashes: set[str] | list[str]) -> list[str]:
        """Of `hashes`, those no row uses: a folder's files are removed here, each under the
        write lock; a remote store's are returned for `drop`."""
        out = []
        for sha in sorted(hashes):
            with self._transaction():
                self.store.evidence.lock_content(sha)  # no add of these bytes meanwhile
                if not self.store.evidence.referenced(sha):
                    if self.storage.remote:
                        out.append(sha)
                    else:
                        self.storage.remove(sha)
        return out

    def drop(self, hashes: list[str]) -> None:
        """Remove stored files no row uses any more (blocking: a thread for a remote store)."""
        for sha in hashes:
            self.storage.remove(sha)
