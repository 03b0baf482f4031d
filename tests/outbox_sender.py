"""One outbox sender in a process of its own, as a replica runs it: the real Delivery, the real
Telegram transport (python-telegram-bot or aiogram) and the shared rate limiter, over one store
(a SQLite file or a PostgreSQL URL) several such processes share. Runs until SIGTERM (or, with --kill-after N, SIGKILLs
itself right after its Nth accepted send, before marking it sent).

    python -m tests.outbox_sender --db weiquan.db --api http://127.0.0.1:PORT/bot

`Sender` starts one from a test or a bench (tests/test_outbox_replicas.py, bench_outbox.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.adapters.telegram.limits import Limits, limiter_for
from bot.adapters.telegram.transport import TelegramTransport
from bot.cli.run import make_api
from bot.clock import utc_key
from bot.config import Clock
from bot.delivery.outbox import Delivery
from bot.store import open_store
from bot.store.records import STATUSES
from bot.transport import StoredProgress
from dialogs.actions import SendText, to_payload
from tests.chat.telegram_bot import TOKEN


async def serve(args: argparse.Namespace) -> None:
    store = open_store(args.db, busy_timeout=10.0)
    clock = Clock(None, ZoneInfo("Asia/Shanghai"))
    api = make_api(args.framework, TOKEN, args.api)
    limits = Limits(per_chat=args.rate_chat, overall=args.rate_global, shared=True)
    progress = StoredProgress(store.rows, clock.now)
    transport = TelegramTransport(api, limiter_for(limits, store.pace), progress=progress)
    delivery = Delivery(store, transport, clock, kill_after=args.kill_after,
                        lease=timedelta(seconds=args.lease), max_chats=args.max_chats)
    progress.owner = delivery.owner
    progress.commit = delivery.marks  # as the bot wires it (bot/adapters/telegram/runner.py)
    print(f"owner {delivery.owner}", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        await delivery.run(stop, interval=0.2)
    finally:
        await api.close()
        store.close()



class Sender:
    def __init__(self, db: str, logs: Path, base: str, *extra: str) -> None:
        self.log = logs / f"sender-{os.urandom(3).hex()}.log"
        self._out = self.log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.outbox_sender", "--db", db, "--api", base, *extra],
            stdout=self._out, stderr=subprocess.STDOUT, cwd=Path(__file__).parent.parent)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._out.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def ready(self) -> None:
        """Until its loop runs (it names itself first)."""
        wait_for(lambda: "owner " in self.output() or self.proc.poll() is not None, 60,
                 "a sender starting")
        assert self.proc.poll() is None, self.output()[-3000:]


def queue_rows(db: str, chats: range, per_chat: int) -> None:
    """per_chat texts to each chat, all due now, numbered in order."""
    store = open_store(db)
    now = utc_key(datetime.now().astimezone())
    with store.transaction():
        for n in range(per_chat):
            for chat in chats:
                store.enqueue(chat, chat, "send_text",
                              to_payload(SendText(chat, f"row {chat}-{n}")), now, now)
    store.close()


def outbox(db: str) -> tuple[dict[str, int], dict[str, int]]:
    """(rows in each state that has any, rows by the sender that holds or held them)."""
    store = open_store(db)
    try:
        counts, rows = store.outbox_listing(STATUSES, 100_000)
    finally:
        store.close()
    held: dict[str, int] = {}
    for r in rows:
        held[r["held_by"]] = held.get(r["held_by"], 0) + 1
    return {s: n for s, n in counts.items() if n}, held


def most_in_a_window(times: list[float], window: float, jitter: float) -> int:
    """The most sends within any `window` seconds, the window shortened by the jitter a busy
    machine adds to an arrival."""
    times, most, start = sorted(times), 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= window - jitter:
            start += 1
        most = max(most, end - start + 1)
    return most


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--api", required=True)
    parser.add_argument("--framework", default="ptb")
    parser.add_argument("--lease", type=float, default=30.0)
    parser.add_argument("--kill-after", type=int, default=0)
    parser.add_argument("--max-chats", type=int, default=64)
    parser.add_argument("--rate-chat", type=float, default=1.0)
    parser.add_argument("--rate-global", type=float, default=30.0)
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
