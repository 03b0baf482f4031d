"""A sender's claim on outbox rows (bot/store/outbox_leases.py), from the sender's side: who it
is, how long it holds what it claimed, when it renews, and which other claimants are dead.

A sender is named `host:pid:token`. At start-up, claimants on this host whose process is gone
(or that had this very pid: a process runs one sender, so an older token with our pid is a
sender that died before us) are dead at once; a claimant elsewhere is dead when its lease ends.
So replicas need host names of their own (containers have them unless `hostname:` makes them
equal).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from datetime import timedelta
from typing import Any

from bot.clock import utc_key
from bot.store.contract import OutboxStates
from bot.store.records import Row

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=30)  # how long a claim holds without renewal (a dead sender's rows wait)


def owner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def is_dead(claimant: str, me: str) -> bool:
    """A claimant on this host whose process is gone, or an older sender of this very process."""
    my_host, my_pid, _ = me.rsplit(":", 2)
    try:
        host, pid, _token = claimant.rsplit(":", 2)
        number = int(pid)
    except ValueError:  # not a name we give: someone else's, ended by its lease
        return False
    if host != my_host or claimant == me:
        return False
    if pid == my_pid:
        return True
    try:
        os.kill(number, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class Leases:
    def __init__(self, rows: OutboxStates, owner: str, clock: Any,
                 length: timedelta = LEASE) -> None:
        self.rows, self.owner, self.clock, self.length = rows, owner, clock, length
        self._renewed = clock.now()
        self._unreleased: set[int] = set()  # rows to let go once the store answers again

    def recover(self) -> tuple[int, int]:
        """Start-up: settle what dead senders (this host's at once, others' once their lease
        ended) left `sending`, and free what they held."""
        dead = tuple(c for c in self.rows.claimants() if is_dead(c, self.owner))
        return self.rows.recover(utc_key(self.clock.now()), dead)

    def claim(self, limit: int, per_chat: int, apart: frozenset[str]) -> list[Row]:
        now = self.clock.now()
        self.release_later([])  # rows a store error kept us from letting go: now
        return self.rows.claim(self.owner, utc_key(now), utc_key(now + self.length), limit,
                               per_chat, apart)

    def renew(self) -> None:
        """Every third of the lease (or after the clock went back), everything held is held a
        lease longer."""
        now = self.clock.now()
        if now - self._renewed < self.length / 3 and now >= self._renewed:
            return
        self.rows.renew(self.owner, utc_key(now + self.length))
        self._renewed = now

    def release_later(self, row_ids: list[int]) -> None:
        """Let go of these rows (and any kept from before); kept for the next try when the
        store fails."""
        self._unreleased.update(row_ids)
        if not self._unreleased:
            return
        try:
            self.rows.release(self.owner, sorted(self._unreleased))
        except Exception:  # the store is unwell; they stay ours (renewed) until it answers
            log.warning("could not let go of %d outbox row(s) yet", len(self._unreleased))
            return
        self._unreleased.clear()

    def release_all(self) -> None:
        try:
            self.rows.release(self.owner)
        except Exception:
            log.warning("could not let go of the outbox rows held; their lease will end")
