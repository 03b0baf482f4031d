"""Delivery-loop scan with 100,000 open cases and 1,000,000 outbox rows: by index, not by scan."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from bot.store.sqlite import Store

CASES = 100_000
ROWS = 1_000_000


def build(store: Store) -> None:
    db = store.db
    with store.transaction():
        db.conn.executemany(
            "INSERT INTO users (id, chat_id, lang, created_at, updated_at) "
            "VALUES (?, ?, 'zh', '2026-11-01', '2026-11-01')",
            ((u, u) for u in range(1, CASES + 1)))
        db.conn.executemany(
            "INSERT INTO cases (id, user_id, category, status, fields, created_at, updated_at, "
            "meta) VALUES (?, ?, 'not_received', 'negotiating', '{}', '2026-11-01', "
            "'2026-11-01', '{}')", ((c, c) for c in range(1, CASES + 1)))
        payload = json.dumps({"kind": "before_1d", "rule": "success_15d"})

        def rows():  # noqa: ANN202 - generator of parameter tuples
            for i in range(ROWS):
                case = i % CASES + 1
                status = "pending" if i % 10 == 0 else ("sent" if i % 3 else "cancelled")
                day = 1 + i % 28
                yield (case, case, case, payload, f"2027-01-{day:02d}T00:00:00.000000+00:00",
                       status, "2026-11-01", f"k{i}")
        db.conn.executemany(
            "INSERT INTO outbox (user_id, chat_id, case_id, kind, payload, due_at, status, "
            "created_at, key) VALUES (?, ?, ?, 'reminder', ?, ?, ?, ?, ?)", rows())
    db.execute("ANALYZE")


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "big.db")
        started = time.perf_counter()
        build(store)
        built = time.perf_counter() - started
        timings = []
        for now in ("2026-12-31T23:00:00.000000+00:00", "2027-01-01T00:00:00.000000+00:00",
                    "2027-01-03T12:00:00.000000+00:00"):
            for _ in range(20):
                t0 = time.perf_counter()
                due = store.due(now, limit=100)
                timings.append(time.perf_counter() - t0)
        plan = " ".join(r[3] for r in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM outbox WHERE status = 'pending' AND due_at <= ? "
            "ORDER BY due_at, id LIMIT 100", ["2027-01-03"]).fetchall())
        store.close()
    timings.sort()
    print(f"  query plan: {plan}; last scan returned {len(due)} rows")
    return {"build 1M rows s": built, "scan p50 ms": timings[len(timings) // 2] * 1000,
            "scan max ms": timings[-1] * 1000}


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:24s} {value:10.3f}")
