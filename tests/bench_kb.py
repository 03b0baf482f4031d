"""Knowledge-base benchmarks: start-up cost, search latency on the real base and on a base 100x larger.

Run: .venv/bin/python -m tests.bench_kb   (also part of `make bench` through tests.bench)
"""

from __future__ import annotations

import random
import subprocess
import sys
import time

from knowledge.loader import DATA_DIR, load_unchecked
from knowledge.schema import Entry
from knowledge.search import SearchIndex, rank
from tests.kb_eval import load_questions

SCALE = 100
# made-up product and shop words, so the synthetic entries are not 100 copies of the same postings
_SYLLABLES = "安宝彩达恩芳刚华佳凯丽明宁欧鹏琪荣思泰威欣雅钰泽卓"
_GOODS = "鞋 包 表 裙 灯 锅 杯 床 伞 帽 耳机 手机 电脑 相机 音箱 面膜 口红 奶粉 茶叶 键盘".split()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _queries() -> list[str]:
    data = load_questions()
    return [item["q"] for item in data["answerable"]] + list(data["unanswerable"])


def _latencies(search: object, queries: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for question in queries:
            started = time.perf_counter()
            search(question)  # type: ignore[operator]
            times.append(time.perf_counter() - started)
    return times


def synthetic_entries(entries: list[Entry], scale: int, seed: int = 7) -> list[Entry]:
    """`scale` copies of every entry, each with its own made-up shop and goods keywords.

    The copies keep the original questions, so every posting list is `scale` times longer —
    the worst case for query time.
    """
    rng = random.Random(seed)
    out = []
    for copy in range(scale):
        for entry in entries:
            shop = "".join(rng.sample(_SYLLABLES, 3)) + "旗舰店"
            goods = rng.choice(_GOODS)
            out.append(entry.model_copy(update={
                "id": f"{entry.id}_{copy}",
                "keywords": [*entry.keywords, shop, goods],
            }))
    return out


def cold_start_ms() -> float:
    """A fresh interpreter: imports, YAML, validation, jieba dictionary, index."""
    code = "from knowledge.loader import load_kb; load_kb().ask('七天无理由怎么算')"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return (time.perf_counter() - started) * 1000


def run() -> dict[str, float]:
    figures: dict[str, float] = {}
    figures["cold start (new process) ms"] = cold_start_ms()

    started = time.perf_counter()
    kb, problems = load_unchecked(DATA_DIR)
    assert kb is not None and not problems, problems
    figures["load + validate ms"] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    index = kb.build_index()
    figures["build index ms"] = (time.perf_counter() - started) * 1000

    queries = _queries()
    real = _latencies(lambda q: rank(kb, index, q), queries, rounds=5)
    figures["real base: documents"] = float(len(index.doc_entry))
    figures["real base ask p50 ms"] = _percentile(real, 0.50) * 1000
    figures["real base ask p99 ms"] = _percentile(real, 0.99) * 1000
    classify = _latencies(kb.classify, queries, rounds=3)
    figures["classify p50 ms"] = _percentile(classify, 0.50) * 1000
    figures["classify p99 ms"] = _percentile(classify, 0.99) * 1000

    big_entries = synthetic_entries(kb.entries, SCALE)
    started = time.perf_counter()
    big = SearchIndex(big_entries, kb.terms)
    figures[f"{SCALE}x base: build index s"] = time.perf_counter() - started
    figures[f"{SCALE}x base: documents"] = float(len(big.doc_entry))
    large = _latencies(big.search, queries, rounds=1)
    figures[f"{SCALE}x base search p50 ms"] = _percentile(large, 0.50) * 1000
    figures[f"{SCALE}x base search p99 ms"] = _percentile(large, 0.99) * 1000
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"  {key:36s} {value:12.2f}")
