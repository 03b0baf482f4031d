"""The styles helper's own dev questions (tests/data/styles_dev.yaml: written from FACTS.md, not
blind), graded like a blind set: `python -m tests.styles_dev` prints the figure by style and the
misses; `python -m tests.styles_dev NAME.yaml` grades another dev file of tests/data with the
same keys (fragments_dev.yaml: bare fragments and out-of-scope requests; styles_dev2.yaml: the styles
helper's second batch, English with pinyin, Taiwan and Cantonese, and out of scope in both)."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from tests import blind_eval

PATH = Path(__file__).resolve().parent / "data" / "styles_dev.yaml"


def main(argv: list[str]) -> int:
    path = PATH.with_name(argv[0]) if argv else PATH
    report = blind_eval.Report()
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    blind_eval.grade_questions(report, questions)
    blind_eval.show(report)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
