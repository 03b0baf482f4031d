"""`make bench`: figures, not pass/fail. Engine and store first; other benches join if present.

Run: .venv/bin/python -m tests.bench
"""

from __future__ import annotations

import gc
import importlib
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.service import Service
from bot.store.sqlite import Store
from dialogs.events import Incoming, Kind, text_event
from knowledge.loader import load_kb
from tests.chat import FakeClock

CONVERSATION = ["/start", "投诉", "!假货", "天猫", "耐克官方旗舰店", "1234567890123456789", "耐克鞋",
                "399", "11月10日", "11.12", "跳过", "鞋标歪了，防伪码查不到，客服说是正品不给退。", "假一赔三",
                "!确认提交", "/status"]
WAL_CONVERSATIONS = 10  # counted for the WAL pages an event writes
OTHER_BENCHES = ("tests.bench_startup", "tests.bench_kb", "tests.bench_telegram", "tests.bench_reminders",
                 "tests.bench_evidence", "tests.bench_jobs", "tests.bench_ocr",
                 "tests.bench_tally", "tests.bench_outbox", "tests.bench_pg")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_conversation(service: Service, user: int, update: int, clock: FakeClock,
                     latencies: list[float], cpu: list[float] | None = None) -> int:
    last_buttons: dict[str, str] = {}
    for line in CONVERSATION:
        update += 1
        if line.startswith("!"):
            data = next(d for label, d in last_buttons.items() if line[1:] in label)
            ev = Incoming(user, user, Kind.BUTTON, clock.now(), update_id=update, button=data,
                          message_id=1)
        else:
            ev = text_event(user, line, clock.now(), update_id=update, lang="zh")
        started, used = time.perf_counter(), time.thread_time()
        outcome = service.handle_now(ev)
        latencies.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(time.thread_time() - used)
        for action in outcome.actions:
            for row in getattr(action, "buttons", ()):
                last_buttons.update({b.label: b.data for b in row})
    return update


def bench_engine(conversations: int = 300, synchronous: str = "NORMAL") -> dict[str, float]:
    kb = load_kb()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        store.db.execute(f"PRAGMA synchronous={synchronous}")
        store.checkpoint_in_background()  # as `weiquan run` does
        gc.freeze()  # as bot/app.py's build() does once the knowledge base is loaded
        clock = FakeClock()
        service = Service(store, kb, clock, source="bench")
        latencies: list[float] = []
        cpu: list[float] = []
        update = run_conversation(service, 0, 0, clock, [])  # warm-up: first imports, caches
        stepping = time_the_step(service)
        started = time.perf_counter()
        for user in range(1, conversations + 1):
            update = run_conversation(service, user, update, clock, latencies, cpu)
        elapsed = time.perf_counter() - started
        in_step = stepping[0] / len(cpu)
        statements = count_statements(service, store, conversations + 1, update, clock)
        rewound = store.checkpoints.rewound if store.checkpoints else 0
        pages = count_wal_pages(service, store, conversations + 2, update + 100, clock)
        store.close()
    return {
        "engine+sqlite events/s": len(latencies) / elapsed,
        "engine+sqlite p50 ms": percentile(latencies, 0.50) * 1000,
        "engine+sqlite p99 ms": percentile(latencies, 0.99) * 1000,
        "engine+sqlite mean ms": statistics.fmean(latencies) * 1000,
        # CPU time of the event's own thread: what the event costs, without the waits for a
        # core that a shared machine adds to the wall-clock p99 above
        "engine+sqlite cpu p50 ms": percentile(cpu, 0.50) * 1000,
        "engine+sqlite cpu p99 ms": percentile(cpu, 0.99) * 1000,
        "events/s by cpu": len(cpu) / sum(cpu),
        # the event's CPU split: the pure step (dialogs/, knowledge/) and all around it
        # (bot/service.py and the store: load, save, outbox rows, BEGIN ... COMMIT)
        "cpu us/event in the step": in_step * 1e6,
        "cpu us/event around it": (statistics.fmean(cpu) - in_step) * 1e6,
        "SQL statements/event": statements,  # BEGIN and COMMIT included
        "WAL pages/event": pages,  # each written whole into the WAL by the event's commit
        "WAL rewinds while busy": float(rewound),  # bot/store/checkpoints.py
        "events": float(len(latencies)),
        "process max RSS MiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def time_the_step(service: Service) -> list[float]:
    """The thread CPU seconds spent in `service`'s calls of the pure step, summed from now on."""
    spent = [0.0]
    step = service._step

    def timed(*args: Any) -> Any:
        used = time.thread_time()
        try:
            return step(*args)
        finally:
            spent[0] += time.thread_time() - used

    service._step = timed  # type: ignore[method-assign]
    return spent


def count_statements(service: Service, store: Store, user: int, update: int,
                     clock: FakeClock) -> float:
    """SQL statements one more whole conversation runs, per event (a trace, after the timing)."""
    seen: list[str] = []
    events: list[float] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        run_conversation(service, user, update, clock, events)
    finally:
        store.db.conn.set_trace_callback(None)
    return len(seen) / len(events)


def count_wal_pages(service: Service, store: Store, user: int, update: int,
                    clock: FakeClock) -> float:
    """Pages WAL_CONVERSATIONS more whole conversations' commits write into the WAL, per event
    (after the timing: the background checkpoints stop, the WAL starts empty and is not
    rewound; a page split now and then makes one conversation's figure vary)."""
    if store.checkpoints is not None:
        store.checkpoints.stop()
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    events: list[float] = []
    for more in range(WAL_CONVERSATIONS):
        update = run_conversation(service, user + more, update, clock, events)
    _, frames, _ = store.db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return float(frames) / len(events)


def main() -> None:
    print("== engine + store: whole intake conversations on a real SQLite file, ONE commit per\n"
          "   event (WAL, synchronous=NORMAL: a commit survives a crash of the process, not a\n"
          "   power loss or OS crash before the next checkpoint; checkpoints in a background\n"
          "   thread, not inside a commit). Targets: >= 5000 events/s, p99 <= 2 ms")
    for key, value in bench_engine().items():
        print(f"  {key:32s} {value:12.2f}")
    print("== the same with synchronous=FULL (a commit also survives a power loss: one fsync of\n"
          "   the WAL per commit), 100 conversations")
    full = bench_engine(100, "FULL")
    for key in ("engine+sqlite events/s", "engine+sqlite p50 ms", "engine+sqlite p99 ms",
                "events/s by cpu"):
        print(f"  {key:32s} {full[key]:12.2f}")
    failed = False
    for name in OTHER_BENCHES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        print(f"== {name}")
        try:
            figures = module.run()
        except Exception as exc:  # one broken bench must not hide the figures of the others
            print(f"  FAILED: {type(exc).__name__}: {exc}")
            failed = True
            continue
        for key, value in figures.items():
            print(f"  {key:32s} {value:12.2f}")
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
