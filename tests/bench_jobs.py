"""Benchmark: other shoppers' reply latency while evidence jobs run (issue 13, must-show 5).

`weiquan run` in its own process against the emulator (send limits lifted, so the figure is
the bot's and not the limiter's). TALKERS users keep talking (help, a knowledge question,
their status), each a message about every PACE seconds, once the last one was answered. Meanwhile 5 users each send
a 15 MB photo as a document (downloaded, hashed, checked, kept) and one asks for the PDF export
of a filed case. Reported: the talkers' reply latency p50/p99/max while those jobs run (target:
p99 under 300 ms), beside the same figures before them.

`python -m tests.bench_jobs` prints the figures.
"""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from tests.bench_telegram import NO_LIMITS, ROOT, TOKEN, Replies, cpu_seconds
from tests.emulator import BotApiEmulator

TALKERS = 15
PACE = 1.0  # seconds between one talker's messages: a busy chat, not a flood
SENDERS = [30_001 + i for i in range(5)]
EXPORTER = 30_100
TALK = [("/help", "/complain"), ("七天无理由退货怎么算？", "七日"), ("/status", "案件")]
FRAMEWORKS = ("ptb", "aiogram")


def big_photo(megabytes: int = 15) -> bytes:
    """A JPEG of noise of about `megabytes` MB: noise does not compress."""
    side = int((megabytes * 1_250_000) ** 0.5)
    im = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90)
    return out.getvalue()


def prepare(db: Path) -> None:
    """Before the bot starts: a filed case for the exporter, a draft case for each sender."""
    from tests.chat import Chat
    from tests.test_chat_evidence import filed

    exporter = Chat(db, user_id=EXPORTER)
    filed(exporter)
    exporter.close()
    for user in SENDERS:
        sender = Chat(db, user_id=user)
        sender.send("投诉")
        sender.click("质量问题")
        sender.close()


async def talk(emu: BotApiEmulator, replies: Replies, user: int, stop: asyncio.Event,
               samples: list[tuple[float, float]]) -> None:
    turn = 0
    while not stop.is_set():
        text, fragment = TALK[turn % len(TALK)]
        turn += 1
        arrived = replies.expect(user, fragment)
        began = time.perf_counter()
        emu.send_text(user, text)
        done = await asyncio.wait_for(arrived, 60)
        samples.append((began, done - began))
        await asyncio.sleep(max(0.0, began + PACE - time.perf_counter()))


def figures(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values) or [0.0]
    return (ordered[len(ordered) // 2] * 1000, ordered[int(len(ordered) * 0.99)] * 1000,
            ordered[-1] * 1000)


async def scenario(framework: str, work: Path, photo: bytes) -> dict[str, float]:
    data = work / "data"
    # In a process of its own: the knowledge base loaded here would slow the emulator (and
    # so the latencies measured) with its garbage collections.
    await asyncio.to_thread(subprocess.run, [
        sys.executable, "-c", "import sys; from pathlib import Path; "
        "from tests.bench_jobs import prepare; prepare(Path(sys.argv[1]))",
        str(data / "weiquan.db")], check=True, cwd=ROOT, capture_output=True)
    async with BotApiEmulator(token=TOKEN) as emu:
        replies = Replies(emu)
        env = {k: v for k, v in os.environ.items() if not k.startswith("WEIQUAN_")}
        env.update({"WEIQUAN_TOKEN": TOKEN, "WEIQUAN_API_BASE": emu.base,
                    "WEIQUAN_DATA_DIR": str(data), "PYTHONPATH": ROOT, **NO_LIMITS})
        log = (work / "bot.log").open("wb")
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run", "--framework",
                                 framework], env=env, cwd=work, stdout=log,
                                stderr=subprocess.STDOUT)
        try:
            await emu.wait_until(lambda: emu.polls_waiting() > 0, 180, "polling")
            talkers = [40_000 + i for i in range(TALKERS)]
            for user in [39_999, *talkers, *SENDERS, EXPORTER]:
                emu.add_user(user, lang="zh")
            stop, samples = asyncio.Event(), []
            for text, fragment in TALK:  # first uses (the dictionary on the first question)
                arrived = replies.expect(39_999, fragment)
                emu.send_text(39_999, text)
                await asyncio.wait_for(arrived, 120)
            loops = [asyncio.create_task(talk(emu, replies, u, stop, samples)) for u in talkers]
            await asyncio.sleep(5)  # the talkers alone first
            heavy_from, cpu = time.perf_counter(), cpu_seconds(proc.pid)
            for user in SENDERS:
                emu.send_document(user, photo, f"scan-{user}.jpg", "image/jpeg")
            emu.send_text(EXPORTER, "/export")

            def jobs_done() -> bool:
                saved = sum(any("已保存" in m.content for m in emu.sent(u)) for u in SENDERS)
                pdf = any(m.method == "sendDocument" for m in emu.sent(EXPORTER))
                return saved == len(SENDERS) and pdf

            await emu.wait_until(jobs_done, 180, "the documents kept and the PDF sent")
            heavy_to = time.perf_counter()
            cpu = cpu_seconds(proc.pid) - cpu
            stop.set()
            await asyncio.gather(*loops)
        finally:
            proc.send_signal(signal.SIGTERM)
            await asyncio.to_thread(proc.wait, 30)
            log.close()
    before = [lat for at, lat in samples if at < heavy_from]
    during = [lat for at, lat in samples if heavy_from <= at < heavy_to]
    p50, p99, worst = figures(during)
    b50, b99, _ = figures(before)
    return {f"{framework}_jobs_seconds": heavy_to - heavy_from,
            f"{framework}_jobs_bot_cpu_s": cpu,
            f"{framework}_talk_replies_during_jobs": float(len(during)),
            f"{framework}_talk_p50_ms_during_jobs": p50,
            f"{framework}_talk_p99_ms_during_jobs": p99,
            f"{framework}_talk_max_ms_during_jobs": worst,
            f"{framework}_talk_p50_ms_before": b50,
            f"{framework}_talk_p99_ms_before": b99}


def run() -> dict[str, float]:
    photo = big_photo()
    out: dict[str, float] = {"document_mb": len(photo) / 1e6}
    with tempfile.TemporaryDirectory(prefix="bench-jobs-") as tmp:
        for framework in FRAMEWORKS:
            work = Path(tmp) / framework
            work.mkdir()
            out.update(asyncio.run(scenario(framework, work, photo)))
    return out


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:44s} {value:10.2f}")
