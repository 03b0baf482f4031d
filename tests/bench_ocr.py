"""Benchmark: reading screenshots (issue 17, must-show 4). The frozen seed range of the
synthetic set (tests/screens/generate.py FROZEN, never tuned on) is rendered into a temporary
folder and read by the real engine (bot/evidence/ocr.py); printed per field: the share of
images showing that field whose value was read exactly, and the CPU time per image (the
process's own, so a busy machine does not inflate it).

`python -m tests.bench_ocr [--seeds 1000-1119] [--misses]` prints the figures.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import date
from pathlib import Path

from bot.evidence import ocr
from knowledge.loader import load_kb
from tests.screens import score
from tests.screens.generate import FROZEN, seed_range, write


def measure(seeds: range | list[int]) -> score.Report:
    report = score.Report()
    ocr.engine()  # built once per process, as the bot does; not counted per image
    words = load_kb().ocr_words
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp:
        folder = Path(tmp)
        write(seeds, folder)
        truths = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        for name, truth in truths.items():
            started = time.process_time()
            reading = ocr.read(folder / name, date.fromisoformat(truth["today"]), words)
            cpu = time.process_time() - started
            score.add(report, name, truth, reading.to_json(), cpu)
    return report


def run() -> dict[str, float]:
    """For tests/bench.py: the figures of the whole frozen range."""
    report = measure(FROZEN)
    print("\n".join("  " + line for line in score.lines(report)))
    figures = {f"{name} %": t.share * 100 for name, t in report.fields.items()
               if name in ("order_no", "amount", "dates", "shop", "item")}
    figures["bad images refused %"] = report.refusals.share * 100
    figures["wrong fills"] = float(len(report.wrong_fills))
    figures["cpu per image mean s"] = sum(report.cpu) / len(report.cpu)
    figures["cpu per image max s"] = max(report.cpu)
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description="screenshot reading: accuracy and CPU per image")
    ap.add_argument("--seeds", type=seed_range, default=FROZEN)
    ap.add_argument("--misses", action="store_true", help="list every miss")
    args = ap.parse_args()
    report = measure(args.seeds)
    print("\n".join(score.lines(report)))
    if args.misses:
        print("\n".join([*report.misses, *report.wrong_fills]))


if __name__ == "__main__":
    main()
