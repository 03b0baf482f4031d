"""The typos helper's own dev questions (tests/data/careless_dev.yaml: careless Simplified written
from FACTS.md, not blind), graded like a blind set: `python -m tests.careless_dev` prints the
figure and the misses."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from tests import blind_eval

PATH = Path(__file__).resolve().parent / "data" / "careless_dev.yaml"


def main() -> int:
    report = blind_eval.Report()
    questions = yaml.safe_load(PATH.read_text(encoding="utf-8"))["questions"]
    blind_eval.grade_questions(report, questions)
    blind_eval.show(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
