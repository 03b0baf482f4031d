"""Knowledge-base benchmarks: build and cache load, search latency on the real base and on a base
100x larger. Latencies are wall time (p50/p99, what a user waits, including other processes on
the machine) and CPU time of the thread (p99: what the search itself costs). Start-up cost in
fresh processes is in tests/bench_startup.py.

Run: .venv/bin/python -m tests.bench_kb   (also part of `make bench` through tests.bench)
"""

from __future__ import annotations

import pickle
import random
import time

from knowledge import kbcache
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


def _latencies(search: object, queries: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """(wall, CPU) seconds of each call."""
    wall, cpu = [], []
    for _ in range(rounds):
        for question in queries:
            started, cpu_started = time.perf_counter(), time.thread_time()
            search(question)  # type: ignore[operator]
            wall.append(time.perf_counter() - started)
            cpu.append(time.thread_time() - cpu_started)
    return wall, cpu


def _report(figures: dict[str, float], name: str, times: tuple[list[float], list[float]]) -> None:
    wall, cpu = times
    figures[f"{name} p50 ms"] = _percentile(wall, 0.50) * 1000
    figures[f"{name} p99 ms"] = _percentile(wall, 0.99) * 1000
    figures[f"{name} p99 ms (CPU)"] = _percentile(cpu, 0.99) * 1000


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


def run() -> dict[str, float]:
    figures: dict[str, float] = {}
    started = time.process_time()
    kb, problems = load_unchecked(DATA_DIR)
    assert kb is not None and not problems, problems
    figures["YAML load + validate, CPU ms"] = (time.process_time() - started) * 1000
    started = time.process_time()
    index = kb.build_index()
    kb.boundaries  # noqa: B018
    kb.model  # noqa: B018
    figures["build search index + train classifier, CPU ms"] = (time.process_time() - started) * 1000
    blob = pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL)
    started = time.process_time()
    pickle.loads(blob)
    figures["load both from the cache, CPU ms"] = (time.process_time() - started) * 1000
    figures["cache file size KiB"] = len(blob) / 1024
    figures["cache folder (WEIQUAN_CACHE_DIR) exists"] = float(kbcache.cache_dir() is not None)

    queries = _queries()
    _latencies(kb.ask, queries, rounds=1)  # first use: dictionary parts, cn2an, OpenCC
    figures["real base: documents"] = float(len(index.doc_entry))
    _report(figures, "real base search", _latencies(index.search, queries, rounds=5))
    _report(figures, "real base rank (search + category)", _latencies(lambda q: rank(kb, index, q), queries, rounds=5))
    _report(figures, "real base ask (rank + answer rules)", _latencies(kb.ask, queries, rounds=5))
    _report(figures, "classify", _latencies(kb.classify, queries, rounds=3))

    big_entries = synthetic_entries(kb.entries, SCALE)
    started = time.process_time()
    big = SearchIndex(big_entries, kb.terms, kb.search_words, kb.normaliser, kb.glossary)
    figures[f"{SCALE}x base: build index, CPU s"] = time.process_time() - started
    figures[f"{SCALE}x base: documents"] = float(len(big.doc_entry))
    _report(figures, f"{SCALE}x base search", _latencies(big.search, queries, rounds=2))
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"  {key:36s} {value:12.2f}")
