"""Two senders (processes of their own, tests/outbox_sender.py) over one store (a SQLite file, and
a PostgreSQL database), through the Bot API emulator: each row sent once, each chat in order,
Telegram's rates kept by the two together (measured from the emulator's receive times); and a
sender killed while it holds leases: the other takes its chats over once the lease ends."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store import open_store
from bot.store.sqlite import Store
from tests.emulator import EmulatorThread
from tests.emulator.state import Call
from tests.outbox_sender import Sender, most_in_a_window, outbox, queue_rows, wait_for

CHATS = range(5001, 5021)
PER_CHAT = 10
HALF = ("--max-chats", str(len(CHATS) // 2))  # each sender serves ten chats at a time
WINDOW = 1.0  # Telegram's second
JITTER = 0.1  # seconds a send may arrive late after its slot on a busy machine


@pytest.fixture
def emu() -> Iterator[EmulatorThread]:
    from tests.chat.telegram_bot import TOKEN

    with EmulatorThread(token=TOKEN) as thread:
        for chat in CHATS:
            thread.add_user(chat, lang="zh")
        yield thread


def sends(emu: EmulatorThread) -> list[Call]:
    return [c for c in emu.calls("sendMessage") if c.status == 200]


def texts(calls: list[Call], chat: int) -> list[str]:
    return [c.params.get("text", "") for c in calls if int(c.params["chat_id"]) == chat]


def statuses(db: str) -> dict[str, int]:
    return outbox(db)[0]


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """One SQLite file, or a database of the session's throwaway PostgreSQL cluster."""
    if request.param == "sqlite":
        yield str(tmp_path / "weiquan.db")
        return
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.fresh(f"senders_{os.getpid()}")
    try:
        yield url
    finally:
        cluster.drop(url)


@pytest.mark.slow
def test_two_senders_send_each_row_once_in_order_within_the_rates(
        emu: EmulatorThread, database: str, tmp_path: Path) -> None:
    db = database
    open_store(db).close()
    senders = [Sender(db, tmp_path, emu.base, *HALF),
               Sender(db, tmp_path, emu.base, "--framework", "aiogram", *HALF)]
    try:
        for s in senders:
            s.ready()
        queue_rows(db, CHATS, PER_CHAT)
        wait_for(lambda: statuses(db) == {"sent": len(CHATS) * PER_CHAT}, 90, "every row sent")
    finally:
        for s in senders:
            s.stop()
    calls = sends(emu)
    for chat in CHATS:
        assert texts(calls, chat) == [f"row {chat}-{n}" for n in range(PER_CHAT)], chat
    owners = outbox(db)[1]
    assert len(owners) == 2 and min(owners.values()) >= 20, owners  # both took part
    times = [c.at for c in calls]
    assert most_in_a_window(times, WINDOW, JITTER) <= 30
    for chat in CHATS:  # a burst of 3, then one a second
        assert most_in_a_window([c.at for c in calls if int(c.params["chat_id"]) == chat],
                                WINDOW, JITTER) <= 3
    rate = (len(times) - 1) / (max(times) - min(times))
    print(f"two senders: {len(times)} messages to {len(CHATS)} chats in "
          f"{max(times) - min(times):.1f}s ({rate:.1f}/s); rows per sender {owners}")


@pytest.mark.slow
def test_a_killed_senders_chats_are_taken_over_when_its_lease_ends(
        emu: EmulatorThread, tmp_path: Path) -> None:
    db = str(tmp_path / "weiquan.db")
    Store(db).close()
    lease = 4.0
    heir = Sender(db, tmp_path, emu.base, "--lease", str(lease), *HALF)  # running first
    doomed = Sender(db, tmp_path, emu.base, "--lease", str(lease), "--kill-after", "6", *HALF)
    try:
        heir.ready()
        doomed.ready()
        queue_rows(db, CHATS, PER_CHAT)
        wait_for(lambda: doomed.proc.poll() is not None, 60, "the sender killing itself")
        died = time.time()
        with sqlite3.connect(db) as conn:
            held = {r[0] for r in conn.execute(
                "SELECT DISTINCT chat_id FROM outbox WHERE status IN ('pending', 'sending') "
                "AND claimed_by LIKE ?", [f"%:{doomed.proc.pid}:%"])}
            in_doubt = conn.execute("SELECT COUNT(*) FROM outbox WHERE status='sending' AND "
                                    "claimed_by LIKE ?", [f"%:{doomed.proc.pid}:%"]
                                    ).fetchone()[0]
        assert held and in_doubt >= 1, doomed.output()[-3000:]
        before = len(sends(emu))
        wait_for(lambda: statuses(db) == {"sent": len(CHATS) * PER_CHAT}, 120,
                 "every row sent")
    finally:
        heir.stop()
        doomed.stop()
    calls = sends(emu)
    for chat in CHATS:  # every row arrived, in order; the one in doubt at most twice
        got = texts(calls, chat)
        assert [t for i, t in enumerate(got) if t not in got[:i]] == \
            [f"row {chat}-{n}" for n in range(PER_CHAT)], chat
    assert len(calls) - len(CHATS) * PER_CHAT <= in_doubt
    taken = [c.at for c in calls[before:] if int(c.params["chat_id"]) in held]
    assert taken and min(taken) >= died + lease - 1.0  # not before the lease ended
    print(f"taken over {min(taken) - died:.1f}s after the kill (lease {lease:.0f}s); "
          f"{len(calls) - len(CHATS) * PER_CHAT} duplicate(s) of {in_doubt} in doubt")


def test_the_claims_use_the_indexes(tmp_path: Path) -> None:
    """A claim reads due rows and live leases by index, never the whole outbox (a million sent
    rows stay out of every pass)."""
    from bot.store.outbox_leases import CLAIM_SQL, JOBS_CLAIM_SQL, _kinds, _names

    store = Store(tmp_path / "weiquan.db")
    args = {"owner": "a", "now": "b", "until": "c", "per_chat": 4, "limit": 40}
    for sql in (CLAIM_SQL.format(kinds=_kinds(frozenset({"download_file"}))),
                JOBS_CLAIM_SQL.format(kinds=_names(frozenset({"download_file"})))):
        plan = [r[3] for r in store.db.execute("EXPLAIN QUERY PLAN " + sql, args).fetchall()]
        assert any("USING INDEX outbox_due" in step for step in plan), plan
        assert any("USING INDEX outbox_claimed" in step for step in plan), plan
        assert not any(step.startswith("SCAN outbox") and "INDEX" not in step
                       for step in plan), plan
    store.close()


def test_a_restart_knows_which_claimants_on_its_host_are_dead() -> None:
    """Dead at once: a sender of this host whose process is gone, or an older sender of this
    very process id; one elsewhere (or still running) only when its lease ends."""
    import subprocess
    import sys

    from bot.delivery.lease import is_dead, owner_id

    me = owner_id()
    host, pid, _ = me.rsplit(":", 2)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert pid == str(os.getpid())
        assert is_dead(f"{host}:{pid}:older", me)
        assert is_dead(f"{host}:{gone.pid}:x", me)
        assert not is_dead(me, me)
        assert not is_dead(f"{host}:{alive.pid}:x", me)
        assert not is_dead(f"elsewhere:{gone.pid}:x", me)
        assert not is_dead("not a sender name", me)
    finally:
        alive.kill()
        alive.wait()
