"""The evidence job worker (bot/delivery/jobs.py): a job waits for the replies its chat was given before
it (the "preparing your PDF" notice goes first), not for later ones; one job per chat at once."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bot.clock import utc_key
from bot.delivery.jobs import Jobs
from bot.store.sqlite import Store
from dialogs.actions import EvidenceOp, SendText, to_payload
from tests.chat import FakeClock


def enqueue(store: Store, clock: FakeClock, chat: int, kind: str) -> int:
    action = SendText(chat_id=chat, text="…") if kind == "send_text" else \
        EvidenceOp(op="delete", chat_id=chat, user_id=chat)
    payload = to_payload(action)
    return store.enqueue(chat, chat, kind, payload, utc_key(clock.now()), "2026")


def test_a_job_waits_for_earlier_replies_of_its_chat_only(tmp_path: Path) -> None:
    store, clock = Store(tmp_path / "w.db"), FakeClock()
    notice = enqueue(store, clock, 7, "send_text")
    job = enqueue(store, clock, 7, "evidence_op")
    enqueue(store, clock, 7, "send_text")  # queued after the job: never waited for
    other = enqueue(store, clock, 8, "download_file")
    jobs = Jobs(store, worker=lambda action, row: asyncio.sleep(0), clock=clock)
    assert [r["id"] for r in jobs.due()] == [other]
    store.mark_sent(notice, "2026")
    assert [r["id"] for r in jobs.due()] == [job, other]
    store.close()


def test_jobs_run_one_per_chat_and_end_sent(tmp_path: Path) -> None:
    store, clock = Store(tmp_path / "w.db"), FakeClock()
    first, second = enqueue(store, clock, 7, "evidence_op"), enqueue(store, clock, 7, "evidence_op")
    third = enqueue(store, clock, 8, "evidence_op")
    ran: list[int] = []

    async def worker(action: Any, row: dict[str, Any]) -> None:
        ran.append(row["id"])
        await asyncio.sleep(0.01)

    async def go() -> None:
        jobs = Jobs(store, worker, clock)
        started = jobs.dispatch()
        assert len(started) == 2  # chat 7's second job waits for its first
        await jobs.idle()
        await asyncio.gather(*jobs.dispatch())

    asyncio.run(go())
    assert sorted(ran[:2]) == [first, third] and ran[2] == second
    statuses = {r[0] for r in store.db.execute("SELECT status FROM outbox")}
    assert statuses == {"sent"}
    store.close()
