"""Benchmark: whole conversations through the Bot API emulator, each bot in its own process.

Side by side in one run, each against a fresh emulator on 127.0.0.1:
- `weiquan run --framework ptb` and `--framework aiogram` (a real SQLite file, one commit per
  update): the intake form by buttons and typing, a knowledge question, /status and /cases
  (the case rows), 12 updates a user;
- the peer: python-telegram-bot's own examples/persistentconversationbot.py, taken from
  python-telegram-bot's source at bench time (tests/bench_peer.py says where from; never
  copied here), its conversation with PicklePersistence, 8 updates a user;
- a no-framework reference: plain aiohttp long polling that echoes (tests/bench_refbot.py).

Closed loop: N users at once each go through their conversation, sending the next message
once the reply to the last one arrived. Reported per bot and N: updates/s (wall clock), p50/p99
reply latency, CPU per update of the bot's process (user+system from /proc) — the machine
is shared, so CPU per update is the steadier figure — and how many Bot API calls, getUpdates
calls and updates handed over (1.0: none fetched twice) each update took.

In the side-by-side run our bots have Telegram's send limits lifted (WEIQUAN_RATE_CHAT and
WEIQUAN_RATE_GLOBAL, as for a local Bot API server), since the peer has no limiter: with
Telegram's 30 messages/s overall and 1/s per chat, throughput is the limit's, not the code's.
`limited_<framework>_*` runs each framework again with the shipped limits on (60 users at
once, the first four steps), to show it sends at the limit and no slower.

`python -m tests.bench_telegram` prints the figures; WEIQUAN_BENCH_USERS="20,200" and
WEIQUAN_BENCH_REPS=1 change the sizes and repetitions (medians are reported);
WEIQUAN_BENCH_BOTS="ptb,peer" runs only those; WEIQUAN_BENCH_PROFILE=DIR writes a cProfile of
each of our bots there (DIR/ptb.prof, DIR/aiogram.prof; start-up included);
WEIQUAN_BENCH_BASE=DIR adds ptb_base and aiogram_base, our bots as another checkout has them
(`git worktree add DIR <commit>`), interleaved with the rest: before and after in the same
minutes on a shared machine; `setsid env WEIQUAN_BENCH_PRIORITY=-15 python -m tests.bench_telegram` (root) weights the
bench's and the bots' scheduling groups, for figures as on a quiet machine (see `prioritise`);
WEIQUAN_BENCH_SPY=DIR samples every bot with py-spy (if installed) while the sizes run, start-up
and warm-up left out (DIR/<bot>.txt, collapsed stacks).
"""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench_peer import find_example
from tests.emulator import BotApiEmulator

TOKEN = "123456:BENCH-weiquan_token"
STEP_TIMEOUT = 60.0
START_TIMEOUT = 120.0
TICK = os.sysconf("SC_CLK_TCK")
ROOT = str(Path(__file__).resolve().parent.parent)  # the peer and reference run from here

# (how: send or press, what, a fragment of the LAST message of its reply)
OURS = [("send", "/start", "维权助手"), ("press", "📝 我要投诉", "请选择你遇到的问题"),
        ("press", "质量问题", "是在哪个平台买的"), ("press", "天猫", "店铺名称"),
        ("send", "某某旗舰店", "订单编号是多少"), ("send", "1234567890123456", "买的是什么商品"),
        ("send", "运动鞋", "实际支付了多少钱"), ("send", "399", "是哪天付款的"),
        ("send", "11月10日", "是哪天签收的"), ("send", "七天无理由退货怎么算？", "接着上次的问题"),
        ("send", "/status", "接着上次的问题"), ("send", "/cases", "接着上次的问题")]
PEER = [("send", "/start", "Doctor Botter"), ("send", "Age", "Your age?"),
        ("send", "25", "Neat!"), ("send", "Favourite colour", "Your favourite colour?"),
        ("send", "blue", "Neat!"), ("send", "Number of siblings", "Your number of siblings?"),
        ("send", "2", "Neat!"), ("send", "Done", "Until next time!")]
ECHO = [("send", f"ping {i}", f"ping {i}") for i in range(8)]
Script = list[tuple[str, str, str]]
NO_LIMITS = {"WEIQUAN_RATE_CHAT": "1e9", "WEIQUAN_RATE_GLOBAL": "1e9"}  # as a local Bot API allows


@dataclass
class Bot:
    name: str
    argv: list[str]
    script: Script
    env: dict[str, str] = field(default_factory=dict)


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its waited-for children, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rpartition(")")[2].split()
    return sum(int(v) for v in fields[11:15]) / TICK


def fetched_updates(emu: BotApiEmulator) -> int:
    return sum(len(c.response.get("result") or []) for c in emu.calls("getUpdates")
               if isinstance(c.response.get("result"), list))


class Replies:
    """Resolves a user's waiting future when a message with the expected fragment reaches them."""

    def __init__(self, emu: BotApiEmulator) -> None:
        self.emu, self.cursor = emu, 0
        self.waiting: dict[int, tuple[str, asyncio.Future[float]]] = {}
        previous = emu.store.on_sent

        def on_sent() -> None:
            previous()
            sent = emu.store.sent
            for msg in sent[self.cursor:]:
                wanted = self.waiting.get(msg.chat_id)
                if wanted is not None and wanted[0] in msg.content and not wanted[1].done():
                    wanted[1].set_result(time.perf_counter())
                    del self.waiting[msg.chat_id]
            self.cursor = len(sent)

        emu.store.on_sent = on_sent

    def expect(self, chat_id: int, fragment: str) -> asyncio.Future[float]:
        fut: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[chat_id] = (fragment, fut)
        return fut


async def converse(emu: BotApiEmulator, replies: Replies, user: int, script: Script,
                   latencies: list[float]) -> None:
    for how, what, fragment in script:
        arrived = replies.expect(user, fragment)
        began = time.perf_counter()
        if how == "press":
            emu.press_label(user, what)
        else:
            emu.send_text(user, what)
        latencies.append(await asyncio.wait_for(arrived, STEP_TIMEOUT) - began)


async def crowd(emu: BotApiEmulator, replies: Replies, users: list[int], script: Script,
                pid: int) -> dict[str, float]:
    for user in users:
        emu.add_user(user, lang="zh")
    latencies: list[float] = []
    fetched, calls, polls = fetched_updates(emu), len(emu.calls()), len(emu.calls("getUpdates"))
    cpu, mine, began = cpu_seconds(pid), resource.getrusage(resource.RUSAGE_SELF), \
        time.perf_counter()
    await asyncio.gather(*(converse(emu, replies, u, script, latencies) for u in users))
    elapsed = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_SELF)
    updates = len(latencies)
    ordered = sorted(latencies)
    return {"updates_per_s": updates / elapsed,
            "p50_ms": statistics.median(ordered) * 1000,
            "p99_ms": ordered[max(0, int(updates * 0.99) - 1)] * 1000,
            "cpu_ms_per_update": (cpu_seconds(pid) - cpu) * 1000 / updates,
            # how often getUpdates handed each update over (1.0: never fetched twice)
            "fetches_per_update": (fetched_updates(emu) - fetched) / updates,
            # Bot API calls the bot made per update, and how many of them were getUpdates
            "calls_per_update": (len(emu.calls()) - calls) / updates,
            "polls_per_update": (len(emu.calls("getUpdates")) - polls) / updates,
            "emulator_cpu_ms_per_update": (after.ru_utime + after.ru_stime - mine.ru_utime -
                                           mine.ru_stime) * 1000 / updates}


def prioritise(pid: int) -> bool:
    """WEIQUAN_BENCH_PRIORITY=N (e.g. -15, as root): the process's scheduling group weighted as
    nice N. Linux puts each session in a group of its own (autogroup), so plain nice does
    nothing against the other sessions on a shared machine; this lets the emulator and the bots
    run almost as on an idle machine for the few minutes of the bench (others wait meanwhile).
    The bench (or its parent, as `setsid timeout ...`) must lead its own session, else it would
    weight its caller's."""
    value = os.environ.get("WEIQUAN_BENCH_PRIORITY")
    if not value:
        return False
    try:
        with open(f"/proc/{pid}/autogroup", "w") as f:
            f.write(value)
    except OSError as exc:
        print(f"  WEIQUAN_BENCH_PRIORITY: not applied to {pid} ({exc})")
        return False
    return True


def sampled(name: str, pid: int) -> subprocess.Popen[bytes] | None:
    """WEIQUAN_BENCH_SPY=DIR: py-spy samples the bot's process while the sizes run (start-up
    and warm-up left out) into DIR/<bot>.txt, one collapsed stack a line with its count."""
    folder = os.environ.get("WEIQUAN_BENCH_SPY")
    if not folder:
        return None
    spy = shutil.which("py-spy", path=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}")
    if spy is None:
        print("  WEIQUAN_BENCH_SPY: py-spy is not installed (pip install py-spy); no samples")
        return None
    return subprocess.Popen([spy, "record", "--pid", str(pid), "--format", "raw", "--rate", "250",
                             "--nonblocking", "-o", f"{folder}/{name}.txt"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def measure(bot: Bot, sizes: list[int], workdir: Path) -> dict[str, dict[str, float]]:
    """Start the bot against a fresh emulator, warm it up with one user, then each size."""
    results: dict[str, dict[str, float]] = {}
    async with BotApiEmulator(token=TOKEN) as emu:
        replies = Replies(emu)
        env = {k: v for k, v in os.environ.items() if not k.startswith("WEIQUAN_")}
        env.update({"WEIQUAN_TOKEN": TOKEN, "WEIQUAN_API_BASE": emu.base,
                    "WEIQUAN_DATA_DIR": str(workdir / "data"), "PYTHONUNBUFFERED": "1",
                    "PYTHONPATH": ROOT,
                    **bot.env})
        log = (workdir / f"{bot.name}.log").open("wb")
        began = time.perf_counter()
        argv = [emu.base if a == "BASE" else a for a in bot.argv]
        proc = subprocess.Popen(argv, env=env, cwd=workdir, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        prioritise(proc.pid)
        try:
            await emu.wait_until(lambda: emu.polls_waiting() > 0 or proc.poll() is not None,
                                 START_TIMEOUT, f"{bot.name} polling")
            if proc.poll() is not None:
                log.flush()
                tail = (workdir / f"{bot.name}.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{bot.name} exited with {proc.returncode}:\n{tail}")
            started = time.perf_counter() - began
            await crowd(emu, replies, [9_000_001], bot.script, proc.pid)  # warm-up
            spy = sampled(bot.name, proc.pid)
            user = 10_000_000
            for size in sizes:
                users = list(range(user, user + size))
                user += size
                results[str(size)] = await crowd(emu, replies, users, bot.script, proc.pid)
            if spy is not None:
                spy.send_signal(signal.SIGINT)  # py-spy writes its samples when interrupted
                await asyncio.to_thread(spy.wait, 30)
            results["start"] = {"start_to_first_poll_s": started}
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.to_thread(proc.wait, 20)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()
    return results


def bots(workdir: Path) -> tuple[list[Bot], str]:
    py = sys.executable
    profile = os.environ.get("WEIQUAN_BENCH_PROFILE")  # a folder: cProfile our bots into it
    ours = [Bot(fw, [py, *(["-m", "cProfile", "-o", f"{profile}/{fw}.prof"] if profile else []),
                     "-m", "bot.cli", "run", "--framework", fw], OURS,
                NO_LIMITS) for fw in ("ptb", "aiogram")]
    base = os.environ.get("WEIQUAN_BENCH_BASE")  # another checkout: its bots run beside ours
    if base:
        ours += [Bot(f"{fw}_base", [py, "-m", "bot.cli", "run", "--framework", fw], OURS,
                     {**NO_LIMITS, "PYTHONPATH": str(Path(base).resolve())})
                 for fw in ("ptb", "aiogram")]
    example, source = find_example(workdir)
    peer = [Bot("peer", [py, "-m", "tests.bench_peer", str(example), TOKEN, "BASE"], PEER)] \
        if example is not None else []
    ref = Bot("reference", [py, "-m", "tests.bench_refbot", TOKEN, "BASE"], ECHO)
    chosen = os.environ.get("WEIQUAN_BENCH_BOTS")  # e.g. "ptb,peer": only these
    every = [*ours, *peer, ref]
    return [b for b in every if not chosen or b.name in chosen.split(",")], source


async def limited(workdir: Path, framework: str, users: int = 60) -> dict[str, float]:
    """The shipped limits (30 messages a second overall): messages/s the bot achieves."""
    async with BotApiEmulator(token=TOKEN) as emu:
        replies = Replies(emu)
        env = {k: v for k, v in os.environ.items() if not k.startswith("WEIQUAN_")}
        env.update({"WEIQUAN_TOKEN": TOKEN, "WEIQUAN_API_BASE": emu.base,
                    "WEIQUAN_DATA_DIR": str(workdir / "data")})
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run", "--framework", framework],
                                env=env, cwd=workdir,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            await emu.wait_until(lambda: emu.polls_waiting() > 0, START_TIMEOUT, "polling")
            mark = emu.mark()
            began = time.perf_counter()
            figures = await crowd(emu, replies, list(range(20_000_000, 20_000_000 + users)),
                                  OURS[:4], proc.pid)
            elapsed = time.perf_counter() - began
            sent = len(emu.sent(since=mark)) + len(emu.calls("editMessageText"))
        finally:
            proc.send_signal(signal.SIGTERM)
            await asyncio.to_thread(proc.wait, 20)
    return {f"limited_{framework}_messages_per_s": sent / elapsed,
            f"limited_{framework}_updates_per_s": figures["updates_per_s"],
            f"limited_{framework}_cpu_ms_per_update": figures["cpu_ms_per_update"]}


def run() -> dict[str, float]:
    sizes = [int(s) for s in os.environ.get("WEIQUAN_BENCH_USERS", "20,200").split(",")]
    reps = int(os.environ.get("WEIQUAN_BENCH_REPS", "1"))
    out: dict[str, float] = {}
    if os.environ.get("WEIQUAN_BENCH_PRIORITY"):
        if os.getsid(0) in (os.getpid(), os.getppid()) and prioritise(os.getpid()):
            print(f"  scheduling group weighted as nice {os.environ['WEIQUAN_BENCH_PRIORITY']}"
                  " (WEIQUAN_BENCH_PRIORITY): figures as on a quiet machine")
        else:
            print("  WEIQUAN_BENCH_PRIORITY wants the bench to lead its session: run it with "
                  "setsid; figures are as loaded as the machine")
            del os.environ["WEIQUAN_BENCH_PRIORITY"]  # the bots alone: not like with like
    with tempfile.TemporaryDirectory(prefix="bench-tg-") as tmp:
        subjects, source = bots(Path(tmp))
        names = [b.name for b in subjects]
        print(f"  peer: {source}" if "peer" in names else
              f"  peer SKIPPED: python-telegram-bot's example not found ({source})")
        runs: dict[str, list[dict[str, dict[str, float]]]] = {b.name: [] for b in subjects}
        for rep in range(reps):
            for bot in subjects:  # interleaved, so the machine's load falls on all alike
                workdir = Path(tmp) / f"{bot.name}-{rep}"
                workdir.mkdir()
                runs[bot.name].append(asyncio.run(measure(bot, sizes, workdir)))
        for name, reps_of in runs.items():
            for size in [*map(str, sizes), "start"]:
                for key in reps_of[0][size]:
                    label = f"{name}_{key}" if size == "start" else f"{name}_{size}u_{key}"
                    out[label] = statistics.median(r[size][key] for r in reps_of)
        for name in ("ptb", "aiogram", "ptb_base", "aiogram_base"):
            if "peer" in runs and name in runs:
                for size in map(str, sizes):
                    out[f"{name}_{size}u_throughput_x_peer"] = \
                        out[f"{name}_{size}u_updates_per_s"] / out[f"peer_{size}u_updates_per_s"]
                    out[f"{name}_{size}u_cpu_x_peer"] = \
                        out[f"{name}_{size}u_cpu_ms_per_update"] / \
                        out[f"peer_{size}u_cpu_ms_per_update"]
        for framework in ("ptb", "aiogram"):
            if framework in runs:
                limited_dir = Path(tmp) / f"limited-{framework}"
                limited_dir.mkdir()
                out.update(asyncio.run(limited(limited_dir, framework)))
        out["limited_overall_limit"] = 30.0
    return out


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:44s} {value:10.2f}")
