"""`make bench` on PostgreSQL beside SQLite (issue 15 item 5): whole conversations through the
service with 1 and 3 processes on one shared database, and the delivery loop's scans at 100k
open cases and 1M outbox rows, with their plans.

PostgreSQL is a throwaway cluster (tests/pg_cluster.py); without its binaries the PostgreSQL
lines are skipped with a note, never failed. WEIQUAN_BENCH_PG_CONVERSATIONS sets the
conversations each process runs (15 events each).
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

from bot.store import open_store

CONVERSATIONS = int(os.environ.get("WEIQUAN_BENCH_PG_CONVERSATIONS", "40"))
CASES = 100_000
ROWS = 1_000_000
NOW = "2027-01-03T12:00:00.000000+00:00"  # a backlog: 14k pending reminders due, 7k worded
UNTIL = "2027-01-03T12:01:00.000000+00:00"
EARLY = "2026-12-31T23:00:00.000000+00:00"  # nothing due yet: the loop's usual scan
# The same rows on both: row i is case i % CASES + 1's; one in ten pending, the rest sent or
# cancelled; every other pending one worded already (the sender claims only worded ones).
PG_OUTBOX = f"""
INSERT INTO outbox (user_id, chat_id, case_id, kind, payload, due_at, status, created_at, key)
SELECT i % {CASES} + 1, i % {CASES} + 1, i % {CASES} + 1, 'reminder',
       CASE WHEN i % 20 = 0 THEN '{{"kind": "before_1d", "rule": "success_15d", "message":
            {{"text": "x"}}}}' ELSE '{{"kind": "before_1d", "rule": "success_15d"}}' END,
       '2027-01-' || lpad((1 + i % 28)::text, 2, '0') || 'T00:00:00.000000+00:00',
       CASE WHEN i % 10 = 0 THEN 'pending' WHEN i % 3 <> 0 THEN 'sent' ELSE 'cancelled' END,
       '2026-11-01', 'k' || i
FROM generate_series(0, {ROWS - 1}) AS i
"""
SQLITE_OUTBOX = f"""
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {ROWS - 1})
INSERT INTO outbox (user_id, chat_id, case_id, kind, payload, due_at, status, created_at, key)
SELECT i % {CASES} + 1, i % {CASES} + 1, i % {CASES} + 1, 'reminder',
       CASE WHEN i % 20 = 0 THEN '{{"kind": "before_1d", "rule": "success_15d", "message":
            {{"text": "x"}}}}' ELSE '{{"kind": "before_1d", "rule": "success_15d"}}' END,
       printf('2027-01-%02dT00:00:00.000000+00:00', 1 + i % 28),
       CASE WHEN i % 10 = 0 THEN 'pending' WHEN i % 3 <> 0 THEN 'sent' ELSE 'cancelled' END,
       '2026-11-01', 'k' || i
FROM s
"""
USERS = ("INSERT INTO users (id, chat_id, lang, created_at, updated_at) SELECT i, i, 'zh', "
         "'2026-11-01', '2026-11-01' FROM {series}")
CASE_ROWS = ("INSERT INTO cases (id, user_id, category, status, fields, created_at, "
             "updated_at, meta) SELECT i, i, 'not_received', 'negotiating', '{{}}', "
             "'2026-11-01', '2026-11-01', '{{}}' FROM {series}")
PG_SERIES = f"generate_series(1, {CASES}) AS i"
SQLITE_SERIES = (f"(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s "
                 f"WHERE i < {CASES}) SELECT i FROM s)")


class _Rollback(Exception):
    """Leaves a timed claim's transaction without a trace: every timing sees the same rows."""


# ---- throughput through the service --------------------------------------------------------

def _worker(where: str, proc: int, conversations: int, start: Barrier,
            out: Any) -> None:
    """One process: its own users and update ids, the shared database; its figures to `out`."""
    from bot.service import Service
    from knowledge.loader import load_kb
    from tests.bench import run_conversation
    from tests.chat import FakeClock

    store = open_store(where)
    store.checkpoint_in_background()
    clock = FakeClock()
    service = Service(store, load_kb(), clock, source="bench")
    user, update = (proc + 1) * 1_000_000, (proc + 1) * 100_000_000
    update = run_conversation(service, user, update, clock, [])  # warm-up
    latencies: list[float] = []
    cpu: list[float] = []
    start.wait()
    began, used = time.monotonic(), time.process_time()
    for n in range(1, conversations + 1):
        update = run_conversation(service, user + n, update, clock, latencies, cpu)
    out.put((latencies, cpu, began, time.monotonic(), time.process_time() - used))
    store.close()


def throughput(where: str, processes: int, conversations: int) -> dict[str, float]:
    """Every process's events together: updates/s over the common window, latency
    percentiles, and the client's CPU per event (the server's own CPU is not in it)."""
    from tests.bench import percentile

    # spawned, not forked: `make bench` has run other benches (threads, servers) in this process
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(processes), context.Queue()
    workers = [context.Process(target=_worker, args=(where, p, conversations, start, out))
               for p in range(processes)]
    for worker in workers:
        worker.start()
    results = [out.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join(60)
    latencies = [v for r in results for v in r[0]]
    cpu = [v for r in results for v in r[1]]
    window = max(r[3] for r in results) - min(r[2] for r in results)
    return {"updates/s": len(latencies) / window,
            "p50 ms": percentile(latencies, 0.50) * 1000,
            "p99 ms": percentile(latencies, 0.99) * 1000,
            "cpu/event ms": sum(r[4] for r in results) / len(latencies) * 1000,
            "handler cpu p99 ms": percentile(cpu, 0.99) * 1000}


# ---- the delivery loop's scans at 1M rows ---------------------------------------------------

def build_pg(url: str) -> None:
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute(USERS.format(series=PG_SERIES).encode())
        conn.execute(CASE_ROWS.format(series=PG_SERIES).encode())
        conn.execute(PG_OUTBOX.encode())
        conn.commit()
        conn.autocommit = True
        conn.execute(b"VACUUM ANALYZE outbox")
        conn.execute(b"ANALYZE")


def build_sqlite(store: Any) -> None:
    with store.transaction():
        store.db.execute(USERS.format(series=SQLITE_SERIES))
        store.db.execute(CASE_ROWS.format(series=SQLITE_SERIES))
        store.db.execute(SQLITE_OUTBOX)
    store.db.execute("ANALYZE")


@contextmanager
def captured(store: Any, marker: str) -> Iterator[list[tuple[str, Any]]]:
    """The statements (with their parameters) the store runs that contain `marker`."""
    seen: list[tuple[str, Any]] = []
    db = store.db
    original: Callable[..., Any] = db.execute

    def execute(sql: str, params: Any = ()) -> Any:
        if marker in sql:
            seen.append((sql, params))
        return original(sql, params)

    db.execute = execute
    try:
        yield seen
    finally:
        del db.execute  # the class's method again


def timed(call: Callable[[], Any], times: int) -> tuple[list[float], Any]:
    timings, got = [], None
    for _ in range(times):
        started = time.perf_counter()
        got = call()
        timings.append(time.perf_counter() - started)
    return sorted(timings), got


def rolled_back(store: Any, call: Callable[[], Any]) -> Callable[[], Any]:
    def once() -> Any:
        got: Any = None
        try:
            with store.transaction():
                got = call()
                raise _Rollback
        except _Rollback:
            return got
    return once


def plan(store: Any, sql: str, params: Any, postgres: bool) -> str:
    if postgres:  # EXPLAIN ANALYZE runs the statement: an UPDATE's effect rolled back
        lines: list[str] = []

        def explain() -> None:
            lines.extend(r[0] for r in store.db.execute(
                "EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) " + sql, params))
        rolled_back(store, explain)()
        return "\n".join(f"      {line}" for line in lines)
    rows = store.db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return "\n".join(f"      {r[3]}" for r in rows)


def scans(store: Any, name: str, postgres: bool) -> dict[str, float]:
    """The scheduler's `due_reminders` and the sender's `claim` (bot/delivery/lease.py)."""
    with captured(store, "FROM outbox") as seen:
        store.due_reminders(NOW, 100)
    reminders_sql = seen[-1]
    with captured(store, "UPDATE outbox SET claimed_by") as seen:
        rolled_back(store, lambda: store.rows.claim("bench", NOW, UNTIL))()
    claim_sql = seen[-1]
    due, found = timed(lambda: store.due_reminders(NOW, 100), 20)
    claim, claimed = timed(rolled_back(store, lambda: store.rows.claim("bench", NOW, UNTIL)), 5)
    idle, _ = timed(lambda: store.due_reminders(EARLY, 100), 20)
    idle_claim, _ = timed(rolled_back(store, lambda: store.rows.claim("bench", EARLY, NOW)), 5)
    print(f"  {name} due_reminders plan ({len(found)} rows):\n"
          f"{plan(store, *reminders_sql, postgres)}")
    print(f"  {name} claim plan ({len(claimed)} rows):\n{plan(store, *claim_sql, postgres)}")
    return {f"{name} due_reminders p50 ms": due[len(due) // 2] * 1000,
            f"{name} due_reminders max ms": due[-1] * 1000,
            f"{name} claim p50 ms": claim[len(claim) // 2] * 1000,
            f"{name} claim max ms": claim[-1] * 1000,
            f"{name} nothing due: due_rem. ms": idle[len(idle) // 2] * 1000,
            f"{name} nothing due: claim ms": idle_claim[len(idle_claim) // 2] * 1000}


def scan_sqlite(tmp: Path) -> dict[str, float]:
    store = open_store(tmp / "scan.db")
    started = time.perf_counter()
    build_sqlite(store)
    figures = {"sqlite build 1M rows s": time.perf_counter() - started}
    figures.update(scans(store, "sqlite", postgres=False))
    store.close()
    return figures


def scan_pg(cluster: Any) -> dict[str, float]:
    url = cluster.fresh("bench_scan")
    started = time.perf_counter()
    build_pg(url)
    figures = {"pg build 1M rows s": time.perf_counter() - started}
    store = open_store(url)
    figures.update(scans(store, "pg", postgres=True))
    store.close()
    cluster.drop(url)
    return figures


# ---- the section -----------------------------------------------------------------------------

def start_cluster() -> Any:
    try:
        from tests import pg_cluster
    except ImportError as exc:  # psycopg missing: the SQLite lines still run
        print(f"  PostgreSQL lines skipped: {exc}")
        return None
    if pg_cluster.binaries() is None:
        print("  PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb, no "
              "WEIQUAN_PG_BIN): PostgreSQL lines skipped")
        return None
    cluster = pg_cluster.Cluster()
    try:
        return cluster.start()
    except Exception as exc:  # a bench never fails for want of a server
        cluster.stop()  # its temporary folder too
        print(f"  PostgreSQL did not start ({type(exc).__name__}: {exc}): lines skipped")
        return None


def run() -> dict[str, float]:
    figures: dict[str, float] = {}
    cluster = start_cluster()
    print(f"  {CONVERSATIONS} conversations ({CONVERSATIONS * 15} events) per process; "
          f"updates/s over all processes; cpu/event = the bot processes' CPU (not the server's)")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for processes in (1, 3):
                where = str(Path(tmp) / f"events{processes}.db")
                for key, value in throughput(where, processes, CONVERSATIONS).items():
                    figures[f"sqlite {processes}p {key}"] = value
                if cluster is not None:
                    url = cluster.fresh(f"bench_events{processes}")
                    for key, value in throughput(url, processes, CONVERSATIONS).items():
                        figures[f"pg {processes}p {key}"] = value
                    cluster.drop(url)
            figures.update(scan_sqlite(Path(tmp)))
        if cluster is not None:
            figures.update(scan_pg(cluster))
    finally:
        if cluster is not None:
            cluster.stop()
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"  {key:32s} {value:12.2f}")
