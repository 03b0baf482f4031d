"""Benchmark: updates per second and end-to-end latency through each framework and the emulator,
beside the service alone (store + engine, no Telegram), so the adapter overhead is visible.

Closed loop: USERS users each send ROUNDS commands, one after another, each waiting for its
reply. Latency is from injecting the update into the emulator to the reply arriving there;
`<framework>_solo_p50_ms` is one user alone (no queueing behind the others).
Telegram's send rates are switched off (they would measure the limiter, not the code).
`python -m tests.bench_telegram` prints the figures.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.adapters.tg_limits import Limits
from bot.app import build
from dialogs.events import text_event
from tests.emulator import BotApiEmulator
from tests.telegram_harness import FRAMEWORKS, TOKEN, fast_options, running_bot, settings_for

USERS = 20
ROUNDS = 15
COMMAND = "/help"


class Arrivals:
    """Resolves a waiting user's future when the emulator records a message to their chat."""

    def __init__(self, emu: BotApiEmulator) -> None:
        self.emu, self.cursor = emu, 0
        self.waiting: dict[int, asyncio.Future[float]] = {}
        previous = emu.store.on_sent

        def on_sent() -> None:
            previous()
            sent = emu.store.sent
            for msg in sent[self.cursor:]:
                fut = self.waiting.pop(msg.chat_id, None)
                if fut is not None and not fut.done():
                    fut.set_result(time.perf_counter())
            self.cursor = len(sent)

        emu.store.on_sent = on_sent

    def expect(self, chat_id: int) -> asyncio.Future[float]:
        fut: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[chat_id] = fut
        return fut


def summary(prefix: str, latencies: list[float], elapsed: float) -> dict[str, float]:
    ordered = sorted(latencies)
    return {f"{prefix}_updates_per_s": round(len(ordered) / elapsed, 1),
            f"{prefix}_p50_ms": round(statistics.median(ordered) * 1000, 2),
            f"{prefix}_p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 2)}


async def through(framework: str, data_dir: Path) -> dict[str, float]:
    async with BotApiEmulator(token=TOKEN) as emu:
        users = [700 + i for i in range(USERS)]
        for user in users:
            emu.add_user(user, lang="zh")
        arrivals = Arrivals(emu)
        options = fast_options(limits=Limits.unlimited(), poll_timeout=10)
        async with running_bot(framework, emu, data_dir, options):
            latencies: list[float] = []

            async def user_loop(user: int) -> None:
                for _ in range(ROUNDS):
                    arrived = arrivals.expect(user)
                    start = time.perf_counter()
                    emu.send_text(user, COMMAND)
                    latencies.append(await asyncio.wait_for(arrived, 30) - start)

            await user_loop(users[0])  # warm-up: first imports, first connections
            latencies.clear()
            began = time.perf_counter()
            await user_loop(users[0])  # one user alone: the latency without queueing
            solo = summary(f"{framework}_solo", latencies, time.perf_counter() - began)
            latencies.clear()
            began = time.perf_counter()
            await asyncio.gather(*(user_loop(u) for u in users))
            return {**summary(framework, latencies, time.perf_counter() - began),
                    f"{framework}_solo_p50_ms": solo[f"{framework}_solo_p50_ms"]}


async def service_alone(data_dir: Path) -> dict[str, float]:
    app = build(settings_for("http://unused", data_dir), source="bench")
    latencies: list[float] = []
    began = time.perf_counter()
    update_id = 0
    for _round in range(ROUNDS):
        for i in range(USERS):
            update_id += 1
            ev = text_event(800 + i, COMMAND, app.clock.now(), update_id=update_id, lang="zh")
            start = time.perf_counter()
            await app.service.handle(ev)
            latencies.append(time.perf_counter() - start)
    result = summary("service", latencies, time.perf_counter() - began)
    app.store.close()
    return result


def run() -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results.update(asyncio.run(service_alone(Path(tmp) / "service")))
        for framework in FRAMEWORKS:
            results.update(asyncio.run(through(framework, Path(tmp) / framework)))
    return results


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:28s} {value}")
