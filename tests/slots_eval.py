"""Per-slot precision and recall of what the form fills from free text, on a labelled set
(default tests/data/slots_dev.yaml, DEV DATA: see its header).

`python -m tests.slots_eval` prints the figures per slot and per style, and `--misses` every
row that was not read as labelled. Openings go through dialogs.understood.fill with the row's
category (as intake does with a story told before the form); answers through the whole engine
step with the form waiting on the row's `asked` field. A wrong value counts against both
precision (it was filled) and recall (the right one was not).
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from dialogs import engine, forms, understood
from dialogs.context import Ctx
from dialogs.events import Incoming, Kind
from dialogs.snapshot import Case, CaseNote, Session, Snapshot
from dialogs.states import DialogState as D
from knowledge.base import KnowledgeBase
from knowledge.textnorm import simplified

DEV = Path(__file__).parent / "data" / "slots_dev.yaml"
ZONE = ZoneInfo("Asia/Shanghai")
DATES = frozenset(n for n, s in forms.SLOTS.items() if s.kind == "date")


@dataclass
class Score:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, slot: str, want: str | None, got: str | None) -> bool:
        """One field of one row; True when it was read as labelled."""
        if got is not None and want is not None and same(slot, want, got):
            self.tp[slot] += 1
            return True
        if got is not None:
            self.fp[slot] += 1
        if want is not None:
            self.fn[slot] += 1
        return got is None and want is None

    def figures(self, slot: str) -> tuple[float, float, int]:
        tp, fp, fn = self.tp[slot], self.fp[slot], self.fn[slot]
        return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0, tp + fn)


def group(slot: str) -> str:
    """Every date field is scored as "date", both amounts as "amount"."""
    return "date" if slot in DATES else "amount" if slot in forms.AMOUNT_SLOTS else slot


def same(slot: str, want: str, got: str) -> bool:
    if group(slot) == "amount":
        try:
            return Decimal(got) == Decimal(want)
        except InvalidOperation:
            return False
    if group(slot) == "date":
        return got[:10] == want
    if slot == "description":
        return True  # scored as present or not
    return any(_plain(got) == _plain(alt) for alt in want.split("|"))


def _plain(text: str) -> str:
    return " ".join(simplified(text).lower().split())


def read_row(kb: KnowledgeBase, row: dict[str, Any], today: date) -> dict[str, str]:
    """The fields the form holds after this one text."""
    now = datetime.combine(today, datetime.min.time().replace(hour=12), ZONE)
    case = Case(id=1, user_id=1, category=row["cat"], created_at=now.isoformat())
    session = Session(user_id=1, chat_id=1, lang="en" if row["style"] == "en" else "zh",
                      current_case_id=1)
    snap = Snapshot(session=session, cases={1: case}, next_case_id=2)
    text = str(row["text"])
    if "asked" not in row:
        case.notes.append(CaseNote(text=text, at=now.isoformat(), kind="story"))
        ev = Incoming(user_id=1, chat_id=1, kind=Kind.TEXT, at=now, text=text)
        understood.fill(Ctx(snap=snap, ev=ev, kb=kb, now=now), case, text, story=True)
        return {k: v for k, v in case.fields.items() if v}
    session.state, session.slot = D.FILLING.value, row["asked"]
    after, _ = engine.step(snap, Incoming(user_id=1, chat_id=1, kind=Kind.TEXT, at=now, text=text),
                           kb, now)
    stored = after.cases[1].fields
    return {k: v for k, v in stored.items() if v}


def evaluate(kb: KnowledgeBase, path: Path = DEV) -> tuple[Score, dict[str, Score], list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    today = data["today"]
    overall, by_style, misses = Score(), {}, []
    for row in data["rows"]:
        want = {k: str(v) for k, v in (row.get("want") or {}).items()}
        got = read_row(kb, row, today)
        style = by_style.setdefault(row["style"], Score())
        wrong = []
        for slot in sorted(set(want) | set(got)):
            if slot == "description" and slot not in want:
                continue
            w = None if want.get(slot) in (None, "False", "no") else want[slot]
            g = got.get(slot)
            ok = overall.add(group(slot), w, g)
            style.add(group(slot), w, g)
            if not ok:
                wrong.append(f"{slot}: want {w!r} got {g!r}")
        if wrong:
            misses.append(f"[{row['style']}] {row.get('asked', 'opening')}: {row['text']}\n    "
                          + "\n    ".join(wrong))
    return overall, by_style, misses


def report(overall: Score, by_style: dict[str, Score]) -> str:
    lines = [f"{'slot':<12} {'prec':>6} {'recall':>6} {'n':>4}"]
    slots = sorted(set(overall.tp) | set(overall.fp) | set(overall.fn))
    for slot in slots:
        p, r, n = overall.figures(slot)
        lines.append(f"{slot:<12} {p:6.1%} {r:6.1%} {n:4d}")
    tp, fp, fn = (sum(c.values()) for c in (overall.tp, overall.fp, overall.fn))
    lines.append(f"{'ALL':<12} {tp / (tp + fp):6.1%} {tp / (tp + fn):6.1%} {tp + fn:4d}")
    for style, score in sorted(by_style.items()):
        tp, fp, fn = (sum(c.values()) for c in (score.tp, score.fp, score.fn))
        lines.append(f"style {style:<6} {tp / (tp + fp):6.1%} {tp / (tp + fn):6.1%} {tp + fn:4d}")
    return "\n".join(lines)


def main() -> None:
    from knowledge.loader import load_kb

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", type=Path, default=DEV)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    overall, by_style, misses = evaluate(load_kb(), args.set)
    if args.misses:
        print("\n".join(misses))
    print(report(overall, by_style))


if __name__ == "__main__":
    main()
