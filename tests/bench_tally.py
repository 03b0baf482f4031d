"""Benchmark: the shops' tally of collective complaints at 100k counted cases over 10k shops
(issue 18, must-show 7). Target: the shopper's tally query under 5 ms at p99, from an index.

Shops are drawn Zipf-like (a few shops have thousands of cases, most a handful), and each query
asks for the shop of a random counted case, as a shopper who just agreed to be counted would:
the big shops are asked about as often as they are complained about. Reported beside it: the
plan SQLite uses (it must name the covering index, not scan), the advisers' `/shop` summary and
a similar-names look-up, each p50/p99, and the tally query's CPU time p99 (the wall figure
includes waiting for a core on a busy machine).

`python -m tests.bench_tally` prints the figures.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from bot.store.sqlite import Store
from bot.store.tally import OTHERS_SQL, Tally
from knowledge.shops import grams

CASES, SHOPS, QUERIES = 100_000, 10_000, 2_000
CATEGORIES = ("quality", "counterfeit", "not_as_described", "not_received", "late_shipping",
              "after_sales_refused", "fraud", "other")
WORDS = "耐克阿迪小米华为苹果三只松鼠良品铺子优衣库海澜之家安踏李宁美的格力海尔森马太平鸟"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def fill(store: Store, rng: random.Random) -> list[tuple[int, int]]:
    """CASES cases of CASES // 3 shoppers, all counted at SHOPS shops; (shop, user) per case."""
    db = store.db
    at = "2026-11-01T10:00:00+08:00"
    users = CASES // 3
    names = {}
    while len(names) < SHOPS:
        name = "".join(rng.sample(WORDS, rng.randint(2, 5))) + str(rng.randint(1, 999))
        names.setdefault(name, len(names) + 1)
    weights = [1 / (i + 1) ** 0.9 for i in range(SHOPS)]
    with store.transaction():
        db.conn.executemany("INSERT INTO users (id, chat_id, lang, created_at, updated_at) "
                       "VALUES (?, ?, 'zh', ?, ?)", [(u, u, at, at) for u in range(1, users + 1)])
        db.conn.executemany("INSERT INTO shops (id, key, name, platform, created_at) "
                       "VALUES (?, ?, ?, 'tmall', ?)",
                       [(i, n, n + "旗舰店", at) for n, i in names.items()])
        db.conn.executemany("INSERT OR IGNORE INTO shop_grams (gram, shop_id) VALUES (?, ?)",
                       [(g, i) for n, i in names.items() for g in grams(n)])
        picks = rng.choices(range(1, SHOPS + 1), weights=weights, k=CASES)
        rows, tally = [], []
        for case_id, shop in enumerate(picks, 1):
            user = rng.randint(1, users)
            month = f"2026-{rng.randint(1, 11):02d}"
            opened = f"{month}-{rng.randint(1, 28):02d}T10:00:00+08:00"
            rows.append((case_id, user, rng.choice(CATEGORIES), opened))
            tally.append((case_id, shop, user, rows[-1][2], month, opened,
                          opened if rng.random() < 0.4 else None, opened))
        db.conn.executemany("INSERT INTO cases (id, user_id, category, status, fields, created_at, "
                       "updated_at) VALUES (?, ?, ?, 'negotiating', '{}', ?, ?)",
                       [(c, u, cat, o, o) for c, u, cat, o in rows])
        db.conn.executemany("INSERT INTO shop_tally (case_id, shop_id, user_id, category, month, "
                       "opened_at, resolved_at, consented_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       tally)
    db.execute("ANALYZE")
    return [(t[1], t[2]) for t in tally]


def timed(call: object, args: list[tuple[object, ...]],
          cpu: list[float] | None = None) -> list[float]:
    """Wall milliseconds per call; `cpu`: this thread's CPU milliseconds too (what the query
    costs whatever else the machine's cores are busy with)."""
    out = []
    for a in args:
        started, used = time.perf_counter(), time.thread_time()
        call(*a)  # type: ignore[operator]
        out.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.thread_time() - used) * 1000)
    return out


def run() -> dict[str, float]:
    rng = random.Random(18)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "tally.db")
        asked = fill(store, rng)
        tally = Tally(store.db)
        plan = " ".join(str(r[-1]) for r in store.db.execute(
            f"EXPLAIN QUERY PLAN {OTHERS_SQL}", [1, 1]).fetchall())
        if "shop_tally_shop" not in plan or "SCAN" in plan.replace("SCAN shop_tally USING", ""):
            raise AssertionError(f"the tally query does not use its index: {plan}")
        print(f"  plan: {plan}")
        sample = [rng.choice(asked) for _ in range(QUERIES)]
        shops = {shop: n for n, (shop, _) in enumerate(asked)}
        biggest = max(range(1, SHOPS + 1), key=lambda s: sum(1 for x, _ in asked[:20000] if x == s))
        timed(tally.others, sample[:100])  # warm the page cache
        cpu: list[float] = []
        others = timed(lambda s, u: tally.others(s, u, "quality"), sample, cpu)
        names = [store.db.execute("SELECT name FROM shops WHERE id = ?", [s]).fetchone()[0]
                 for s, _ in sample[:300]]
        report = timed(tally.report, [(n,) for n in names])
        similar = timed(tally.similar, [(n[:-1] + "x",) for n in names])
        big = timed(tally.others, [(biggest, 0)] * 200)
        store.close()
    return {"cases": CASES, "shops": SHOPS, "shops_with_cases": len(shops),
            "tally_p50_ms": percentile(others, 0.5), "tally_p99_ms": percentile(others, 0.99),
            "tally_cpu_p99_ms": percentile(cpu, 0.99),
            "tally_biggest_shop_p99_ms": percentile(big, 0.99),
            "shop_report_p50_ms": percentile(report, 0.5),
            "shop_report_p99_ms": percentile(report, 0.99),
            "similar_names_p99_ms": percentile(similar, 0.99)}


if __name__ == "__main__":
    for key, value in run().items():
        print(f"  {key:32s} {value:12.2f}")
