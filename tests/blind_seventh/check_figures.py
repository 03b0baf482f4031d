"""Re-derive the seventh blind set's computed figures from FACTS.md's rules (stand-alone).

Implements FACTS.md §7.2-§7.4 (hours, days, calendar_days, working_days with appendix A's 2026
calendar, the 72 h window with amount edits, 12315's opening hours), appendix B (消保法 Art. 55:
3x, at least 500; 食品安全法 Art. 148: 10x, at least 1000) and §9.1's whitelist of official numbers.
Imports nothing from the project. Checks each figure against the hand-worked value written below
and against the `expect` groups of questions.yaml; prints nothing when all agree.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml

HOLIDAYS = set()
for a, b in [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
             ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
             ("2026-10-01", "2026-10-07")]:
    d, end = date.fromisoformat(a), date.fromisoformat(b)
    while d <= end:
        HOLIDAYS.add(d)
        d += timedelta(days=1)
MAKEUP = {date.fromisoformat(s) for s in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09",
                                          "2026-09-20", "2026-10-10")}


def is_workday(d: date) -> bool:
    return d in MAKEUP or (d.weekday() < 5 and d not in HOLIDAYS)


def hours(t: datetime, n: int) -> datetime:
    return t + timedelta(hours=n)


def days(t: datetime, n: int) -> datetime:
    return t + timedelta(days=n)


def calendar_days(d: date, n: int) -> datetime:
    return datetime.combine(d + timedelta(days=n), time(23, 59, 59))


def working_days(d: date, n: int) -> datetime:
    while n:
        d += timedelta(days=1)
        n -= is_workday(d)
    return datetime.combine(d, time(23, 59, 59))


def seller_reply_72h(t0: datetime, edits: list[datetime]) -> datetime:
    deadline = t0 + timedelta(hours=72)
    for e in sorted(edits):
        if e >= deadline:
            break
        if e >= deadline - timedelta(hours=24):
            deadline = e + timedelta(hours=24)
    return deadline


def next_open_12315(t: datetime) -> datetime:
    slots = [(time(8, 30), time(12, 0)), (time(14, 0), time(17, 30))]
    d = t.date()
    while True:
        if d.weekday() < 5:
            for start, end in slots:
                if d == t.date() and start <= t.time() < end:
                    return t
                s = datetime.combine(d, start)
                if s >= t:
                    return s
        d += timedelta(days=1)


def art55(price: int) -> int:
    return max(3 * price, 500)


def art148(price: int) -> int:
    return max(10 * price, 1000)


OFFICIAL = {"9510211", "12315"}


def official(number: str) -> bool:
    return re.sub(r"\D", "", number) in OFFICIAL


dt = datetime.fromisoformat
dd = date.fromisoformat
# (question id, computed figure, figure worked by hand, strings that must be in the expect groups)
CASES = [
    ("b7q001", art55(260), 780, ["780"]),
    ("b7q002", art148(75), 1000, ["1000"]),
    ("b7q003", calendar_days(dd("2026-09-28"), 7), dt("2026-10-05 23:59:59"), ["2026-10-05"]),
    ("b7q004", days(dt("2026-11-25 15:00"), 9), dt("2026-12-04 15:00"), ["2026-12-04", "15:00"]),
    ("b7q005", working_days(dd("2026-04-30"), 2), dt("2026-05-07 23:59:59"), ["2026-05-07"]),
    ("b7q006", official("4008-123-567"), False, ["9510211"]),
    ("b7q033", art55(99), 500, ["500"]),
    ("b7q034", art55(4200), 12600, ["12600"]),
    ("b7q035", calendar_days(dd("2026-02-10"), 7), dt("2026-02-17 23:59:59"), ["2026-02-17"]),
    ("b7q036", days(dt("2026-12-20 10:00"), 15), dt("2027-01-04 10:00"), ["2027-01-04", "10:00"]),
    ("b7q037", working_days(dd("2026-02-13"), 5), dt("2026-02-27 23:59:59"), ["2026-02-27"]),
    ("b7q038", official("九五幺零二幺幺".translate(str.maketrans("零幺二五九", "01259"))), True, ["9510211"]),
    ("b7q065", art55(1500), 4500, ["4500"]),
    ("b7q066", art148(320), 3200, ["3200"]),
    ("b7q067", calendar_days(dd("2026-04-25"), 15), dt("2026-05-10 23:59:59"), ["2026-05-10"]),
    ("b7q068", hours(dt("2026-06-18 22:00"), 72), dt("2026-06-21 22:00"), ["2026-06-21", "22:00"]),
    ("b7q069", working_days(dd("2026-09-30"), 1), dt("2026-10-08 23:59:59"), ["2026-10-08"]),
    ("b7q070", official("021-6088-9527"), False, ["9510211"]),
    ("b7q097", art55(2399), 7197, ["7197"]),
    ("b7q098", art148(158), 1580, ["1580"]),
    ("b7q099", calendar_days(dd("2026-10-15"), 30), dt("2026-11-14 23:59:59"), ["2026-11-14"]),
    ("b7q100", days(dt("2026-08-10 09:30"), 15), dt("2026-08-25 09:30"), ["2026-08-25", "09:30"]),
    ("b7q101", seller_reply_72h(dt("2026-03-10 10:00"), [dt("2026-03-12 12:00")]), dt("2026-03-13 12:00"),
     ["2026-03-13", "12:00"]),
    ("b7q102", next_open_12315(dt("2026-03-14 10:00")), dt("2026-03-16 08:30"), ["2026-03-16", "08:30"]),
    ("b7q129", art55(166), 500, ["500"]),
    ("b7q130", art148(2000), 20000, ["20000"]),
    ("b7q131", days(dt("2026-05-30 20:15"), 15), dt("2026-06-14 20:15"), ["2026-06-14", "20:15"]),
    ("b7q132", seller_reply_72h(dt("2026-08-04 08:00"), [dt("2026-08-05 04:00")]), dt("2026-08-07 08:00"),
     ["2026-08-07", "08:00"]),
    ("b7q133", next_open_12315(dt("2026-07-22 12:30")), dt("2026-07-22 14:00"), ["14:00"]),
    ("b7q134", days(dt("2026-01-10 09:00"), 5), dt("2026-01-15 09:00"), ["2026-01-15", "09:00"]),
]


def norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).lower().split())


def main() -> None:
    here = Path(__file__).resolve().parent
    qs = {q["id"]: q for q in yaml.safe_load((here / "questions.yaml").read_text(encoding="utf-8"))["questions"]}
    computed = {i for i, q in qs.items() if "computed" in q.get("tags", [])}
    if computed != {c[0] for c in CASES}:
        print("computed tags differ:", sorted(computed ^ {c[0] for c in CASES}))
    for qid, got, hand, needles in CASES:
        if got != hand:
            print(f"{qid}: rule gives {got}, hand gives {hand}")
        alts = {norm(a) for g in qs[qid]["expect"] for a in g}
        for needle in needles:
            if norm(needle) not in alts:
                print(f"{qid}: {needle} not in expect")


if __name__ == "__main__":
    main()
