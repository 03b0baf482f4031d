"""Re-derive the computed figures of dev round B (tests/blind_dev_b) from the FACTS.md rules.

Stand-alone: imports nothing from the project. FACTS.md §7.2-§7.4 (hours, days, calendar_days,
working_days with appendix A's 2026 calendar, next_open for 12315, the 72 h edit rule), appendix B
(消保法 Art. 55: 3x, at least 500; 食品安全法 Art. 148: 10x, at least 1000, food only) and §9.1
(official numbers 9510211 and 12315). Prints nothing when every figure agrees with questions.yaml.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import yaml

H = dt.timedelta(hours=1)
HOLIDAYS = set()
for a, b in [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
             ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
             ("2026-10-01", "2026-10-07")]:
    d, e = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
    while d <= e:
        HOLIDAYS.add(d)
        d += dt.timedelta(days=1)
MAKEUP = {dt.date.fromisoformat(x) for x in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09",
                                            "2026-09-20", "2026-10-10")}


def workday(d: dt.date) -> bool:
    return d in MAKEUP or (d.weekday() < 5 and d not in HOLIDAYS)


def art55(price: float) -> float:
    return max(3 * price, 500)


def art148(price: float) -> float:
    return max(10 * price, 1000)


def hours(t: dt.datetime, n: int) -> dt.datetime:
    return t + n * H


def days(t: dt.datetime, n: int) -> dt.datetime:
    return t + dt.timedelta(days=n)


def calendar_days(d: dt.date, n: int) -> dt.date:
    return d + dt.timedelta(days=n)


def working_days(d: dt.date, n: int) -> dt.date:
    while n:
        d += dt.timedelta(days=1)
        n -= workday(d)
    return d


def seller_72h(t0: dt.datetime, edits: list[dt.datetime]) -> dt.datetime:
    deadline = t0 + 72 * H
    for e in sorted(edits):
        if e >= deadline:
            break
        if e >= deadline - 24 * H:
            deadline = e + 24 * H
    return deadline


def next_open_12315(t: dt.datetime) -> dt.datetime:
    while True:
        if t.weekday() < 5:
            for a, b in ((dt.time(8, 30), dt.time(12)), (dt.time(14), dt.time(17, 30))):
                if t.time() < a:
                    return dt.datetime.combine(t.date(), a)
                if a <= t.time() < b:
                    return t
        t = dt.datetime.combine(t.date() + dt.timedelta(days=1), dt.time(0))


def official(number: str) -> bool:
    return re.sub(r"\D", "", number) in {"9510211", "12315"}


T = dt.datetime
D = dt.date
# id -> (derived figure as text, the text that must appear in the item's first expect group)
CHECKS = {
    "bdq001": (art55(260), "780"),
    "bdq002": (calendar_days(D(2026, 9, 29), 7), "2026-10-06"),
    "bdq003": (days(T(2026, 4, 28, 9, 30), 9), "2026-05-07 09:30"),
    "bdq004": (hours(T(2026, 6, 18, 22, 10), 72), "2026-06-21 22:10"),
    "bdq021": (art55(1450), "4350"),
    "bdq022": (art148(75), "1000"),
    "bdq023": (days(T(2026, 2, 10, 20, 15), 15), "2026-02-25 20:15"),
    "bdq024": (working_days(D(2026, 10, 9), 1), "2026-10-10"),
    "bdq041": (art55(168), "504"),
    "bdq042": (calendar_days(D(2026, 5, 2), 15), "2026-05-17"),
    "bdq043": (working_days(D(2026, 4, 30), 2), "2026-05-07"),
    "bdq044": (days(T(2026, 12, 20, 9, 0), 15), "2027-01-04 09:00"),
    "bdq061": (art55(99), "500"),
    "bdq062": (art148(99.9), "1000"),
    "bdq063": (calendar_days(D(2026, 11, 10), 30), "2026-12-10"),
    "bdq064": (seller_72h(T(2026, 8, 10, 12), [T(2026, 8, 12, 18)]), "2026-08-13 18:00"),
    "bdq065": (next_open_12315(T(2026, 12, 12, 10)), "2026-12-14 08:30"),
    "bdq081": (art55(3999), "11997"),
    "bdq082": (art148(230), "2300"),
    "bdq083": (seller_72h(T(2026, 12, 3, 10), []), "2026-12-06 10:00"),
    "bdq084": (working_days(D(2026, 2, 13), 5), "2026-02-27"),
    "bdq085": (official("400-820-6699"), "9510211"),
}


def render(v) -> str:
    if isinstance(v, bool):
        return "9510211" if not v else "official"
    if isinstance(v, float):
        return str(int(v)) if v == int(v) else str(v)
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def main() -> int:
    qs = {q["id"]: q for q in yaml.safe_load((Path(__file__).parent / "questions.yaml").read_text("utf-8"))["questions"]}
    bad = 0
    tagged = {i for i, q in qs.items() if "computed" in q.get("tags", [])}
    if tagged != set(CHECKS):
        print("computed tags differ:", sorted(tagged ^ set(CHECKS)))
        bad += 1
    for i, (value, want) in CHECKS.items():
        got = render(value)
        if got != want:
            print(f"{i}: derived {got}, written {want}")
            bad += 1
        date_part, _, time_part = want.partition(" ")
        groups = qs[i]["expect"]
        if date_part not in groups[0]:
            print(f"{i}: {date_part} not in first expect group")
            bad += 1
        if time_part and not any(time_part in g for g in groups[1:]):
            print(f"{i}: time {time_part} not in an expect group")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
