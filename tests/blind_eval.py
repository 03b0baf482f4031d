"""Blind evaluation on the frozen set (tests/blind/README.md): `python -m tests.blind_eval`;
`--set second` grades the second blind set (tests/blind_second/README.md) the same way,
`--set third` the third (tests/blind_third/README.md), `--set fourth` the fourth
(tests/blind_fourth/README.md), `--set fifth` the fifth (tests/blind_fifth/README.md),
`--set sixth` the sixth (tests/blind_sixth/README.md), `--set dev_a` dev round A
(tests/blind_dev_a/README.md; graded once on first sight, then dev data), `--set dev_b` dev round
B (tests/blind_dev_b/README.md; likewise graded once on first sight, then dev data), `--set dev_c`
dev round C (tests/blind_dev_c/README.md; graded once on first sight, then dev data), `--set dev_d` dev
round D (tests/blind_dev_d/README.md; graded once on first sight, then dev data), `--set seventh`
the seventh (tests/blind_seventh/README.md; graded once by the coordinator after this session's work),
`--set eighth` the eighth (tests/blind_eighth/README.md; graded once by the coordinator at the end of
the session of 2026-12-07 afternoon), `--set ninth` the ninth (tests/blind_ninth/README.md; graded
once by the coordinator at the end of the session), `--set dev_e` dev round E
(tests/blind_dev_e/README.md; graded once by the coordinator at first sight, then dev data), `--set tenth`
the tenth (tests/blind_tenth/README.md; the session's honest set, graded once by the coordinator after
the session's final landing), `--set dev_f` dev round F (tests/blind_dev_f/README.md; graded once by
the coordinator at first sight, then dev data), `--set eleventh` the eleventh
(tests/blind_eleventh/README.md; the session's honest set, graded once by the coordinator after the
session's final landing, then spent), `--set dev_g` dev round G (tests/blind_dev_g/README.md; graded
once by the coordinator at first sight, then dev data).

The questions and openings go through the public command line, `weiquan kb ask - --json` and
`weiquan kb classify - --json` (CONTRACT.md), run in this process, so whatever those commands
do is what is measured. A question counts as answered correctly when the base gives an answer
and every `expect` group has one alternative in the reply the shopper sees (the answer and its
sources line), compared after NFKC, lower case and removing whitespace, and also with Traditional
characters read as Simplified on both sides (a question asked in Traditional is answered in
Traditional, knowledge/script.py: 儘快 in the reply is the 盡快 or 尽快 of an expect group). An
out-of-scope question counts as correct when the base gives no answer (`answer` is null).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

BLIND_DIR = Path(__file__).resolve().parent / "blind"
# Each set: its folder and its two files; both are graded by the same rules.
SETS = {
    "frozen": (BLIND_DIR, "frozen_questions.yaml", "frozen_complaints.yaml"),
    "second": (BLIND_DIR.parent / "blind_second", "questions.yaml", "complaints.yaml"),
    "third": (BLIND_DIR.parent / "blind_third", "questions.yaml", "complaints.yaml"),
    "fourth": (BLIND_DIR.parent / "blind_fourth", "questions.yaml", "complaints.yaml"),
    "fifth": (BLIND_DIR.parent / "blind_fifth", "questions.yaml", "complaints.yaml"),
    "sixth": (BLIND_DIR.parent / "blind_sixth", "questions.yaml", "complaints.yaml"),
    "dev_a": (BLIND_DIR.parent / "blind_dev_a", "questions.yaml", "complaints.yaml"),
    "dev_b": (BLIND_DIR.parent / "blind_dev_b", "questions.yaml", "complaints.yaml"),
    "dev_c": (BLIND_DIR.parent / "blind_dev_c", "questions.yaml", "complaints.yaml"),
    "dev_d": (BLIND_DIR.parent / "blind_dev_d", "questions.yaml", "complaints.yaml"),
    "seventh": (BLIND_DIR.parent / "blind_seventh", "questions.yaml", "complaints.yaml"),
    "eighth": (BLIND_DIR.parent / "blind_eighth", "questions.yaml", "complaints.yaml"),
    "ninth": (BLIND_DIR.parent / "blind_ninth", "questions.yaml", "complaints.yaml"),
    "dev_e": (BLIND_DIR.parent / "blind_dev_e", "questions.yaml", "complaints.yaml"),
    "tenth": (BLIND_DIR.parent / "blind_tenth", "questions.yaml", "complaints.yaml"),
    "dev_f": (BLIND_DIR.parent / "blind_dev_f", "questions.yaml", "complaints.yaml"),
    "eleventh": (BLIND_DIR.parent / "blind_eleventh", "questions.yaml", "complaints.yaml"),
    "dev_g": (BLIND_DIR.parent / "blind_dev_g", "questions.yaml", "complaints.yaml"),
}
STYLES = ("simplified", "voice", "traditional", "english", "fragment")


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def load(name: str, key: str, folder: Path = BLIND_DIR) -> list[dict[str, Any]]:
    with (folder / name).open(encoding="utf-8") as fh:
        return list(yaml.safe_load(fh)[key])


def run_cli(argv: list[str], lines: Sequence[str]) -> list[dict[str, Any]]:
    """Run `weiquan ARGV` in this process with LINES on stdin; one JSON object per line back."""
    from bot.cli import main

    out = io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO("".join(line.replace("\n", " ") + "\n" for line in lines))
    try:
        with contextlib.redirect_stdout(out):
            code = main(argv)
    finally:
        sys.stdin = old_stdin
    if code != 0:
        raise RuntimeError(f"weiquan {' '.join(argv)} exited {code}")
    results = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    if len(results) != len(lines):
        raise RuntimeError(f"weiquan {' '.join(argv)}: {len(results)} results for {len(lines)} inputs")
    return results


def matches(expect: list[list[str]], text: str) -> list[list[str]]:
    """The expect groups NOT found in TEXT (empty list: all found), as written or script-folded."""
    hay = norm(text)
    folded = fold(hay)
    return [group for group in expect if not any(norm(alt) in hay or fold(norm(alt)) in folded for alt in group)]


@functools.lru_cache(maxsize=1)
def _to_simplified() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("t2s").convert


def fold(text: str) -> str:
    """TEXT with its Traditional characters as Simplified ones (OpenCC t2s; Simplified text is
    left as it is)."""
    return _to_simplified()(text)


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def pct(self) -> float:
        return 100.0 * self.right / self.total if self.total else float("nan")

    def cell(self) -> str:
        return f"{self.pct:5.1f}% ({self.right}/{self.total})" if self.total else "—"


@dataclass
class Report:
    answers: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    answers_strict: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    oos: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    classifier: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    tags: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[str] = field(default_factory=list)


def keys(item: dict[str, Any]) -> Iterable[str]:
    return ("all", f"style:{item['style']}", f"lang:{item['lang']}")


def grade_questions(report: Report, questions: list[dict[str, Any]]) -> None:
    replies = run_cli(["kb", "ask", "-", "--json"], [q["q"] for q in questions])
    for q, reply in zip(questions, replies, strict=True):
        answer = reply.get("answer")
        if q.get("out_of_scope"):
            ok = answer is None
            for key in keys(q):
                report.oos[key].add(ok)
            if not ok:
                report.misses.append(f"[oos {q['id']} {q['style']}] {q['q']}\n    answered ({reply.get('entry')}): "
                                     f"{_short(answer)}")
            continue
        seen = (answer or "") + "\n" + "；".join(reply.get("sources") or [])
        missing = matches(q["expect"], seen) if answer is not None else q["expect"]
        ok = not missing
        strict_ok = answer is not None and not matches(q["expect"], answer)
        for key in keys(q):
            report.answers[key].add(ok)
            report.answers_strict[key].add(strict_ok)
        for tag in q.get("tags", []):
            report.tags[tag].add(ok)
        if not ok:
            got = "no answer" if answer is None else f"({reply.get('entry')}) {_short(answer)}"
            report.misses.append(f"[ans {q['id']} {q['style']} {q['aspect']} {q['fact']}] {q['q']}\n"
                                 f"    missing {[g[0] for g in missing]}; got {got}")


def grade_complaints(report: Report, complaints: list[dict[str, Any]]) -> None:
    results = run_cli(["kb", "classify", "-", "--json"], [c["text"] for c in complaints])
    for c, result in zip(complaints, results, strict=True):
        ok = result.get("category") == c["category"]
        for key in keys(c):
            report.classifier[key].add(ok)
        if not ok:
            report.misses.append(f"[cls {c['id']} {c['style']}] {c['text']}\n"
                                 f"    want {c['category']}, got {result.get('category')} "
                                 f"({result.get('confidence')})")


def _short(text: str | None, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit] + "…"


def load_set(name: str = "frozen") -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The questions and complaint openings of blind set NAME (a key of SETS)."""
    folder, questions, complaints = SETS[name]
    return load(questions, "questions", folder), load(complaints, "complaints", folder)


def evaluate(name: str = "frozen") -> Report:
    report = Report()
    questions, complaints = load_set(name)
    grade_questions(report, questions)
    grade_complaints(report, complaints)
    return report


def counts(name: str) -> str:
    """How many items set NAME holds, by style and category, without running anything."""
    questions, complaints = load_set(name)
    oos = [q for q in questions if q.get("out_of_scope")]
    lines = [f"set {name}: {len(questions)} questions ({len(oos)} out of scope), {len(complaints)} complaints"]
    for style in STYLES:
        n_q = sum(q["style"] == style for q in questions)
        n_o = sum(q["style"] == style for q in oos)
        n_c = sum(c["style"] == style for c in complaints)
        lines.append(f"  style:{style:12} questions {n_q:3} (oos {n_o:2})  complaints {n_c:3}")
    tags: dict[str, int] = defaultdict(int)
    for q in questions:
        for tag in q.get("tags", []):
            tags[tag] += 1
    lines += [f"  tag:{tag:14} questions {n:3}" for tag, n in sorted(tags.items())]
    categories: dict[str, int] = defaultdict(int)
    for c in complaints:
        categories[c["category"]] += 1
    lines += [f"  category:{cat:20} complaints {n:3}" for cat, n in sorted(categories.items())]
    return "\n".join(lines)


def table(report: Report) -> str:
    rows = ["all", *(f"style:{s}" for s in STYLES), "lang:zh", "lang:en"]
    head = f"{'':18} {'answers correct':>18} {'(answer text only)':>20} {'out of scope':>18} {'classifier':>18}"
    lines = [head, "-" * len(head)]
    for key in rows:
        lines.append(f"{key:18} {report.answers[key].cell():>18} {report.answers_strict[key].cell():>20} "
                     f"{report.oos[key].cell():>18} {report.classifier[key].cell():>18}")
    for tag, tally in sorted(report.tags.items()):
        lines.append(f"{'tag:' + tag:18} {tally.cell():>18}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.blind_eval", description=__doc__)
    parser.add_argument("--no-misses", action="store_true", help="print only the table")
    parser.add_argument("--set", choices=sorted(SETS), default="frozen", dest="set_name",
                        help="which blind set to grade (default: the frozen one)")
    parser.add_argument("--dry-run", action="store_true",
                        help="only load the set and print its counts; ask and classify nothing")
    args = parser.parse_args(argv)
    if args.dry_run:
        print(counts(args.set_name))
        return 0
    show(evaluate(args.set_name), misses=not args.no_misses)
    return 0


def show(report: Report, misses: bool = True) -> None:
    """Print the table and, unless told not to, every miss."""
    print(table(report))
    if misses:
        print(f"\n{len(report.misses)} misses:")
        for miss in report.misses:
            print(miss)


if __name__ == "__main__":
    sys.exit(main())
