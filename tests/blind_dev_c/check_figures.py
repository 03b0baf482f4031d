"""Re-derive dev round C's computed figures from FACTS.md rules (stand-alone; imports nothing from
the project). Prints nothing when every figure agrees with questions.yaml; exits 1 on a mismatch."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import yaml

# Appendix A: 2026 holidays (off) and make-up workdays (on).
HOLIDAYS = set()
for a, b in [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
             ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
             ("2026-10-01", "2026-10-07")]:
    d, end = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
    while d <= end:
        HOLIDAYS.add(d)
        d += dt.timedelta(days=1)
MAKEUP = {dt.date.fromisoformat(s) for s in
          ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")}
OFFICIAL = {"9510211", "12315"}


def art55(price: float) -> float:          # 消保法 Art. 55: 3x, at least 500
    return max(3 * price, 500)


def art148(price: float) -> float:         # 食品安全法 Art. 148: 10x, at least 1000 (food only)
    return max(10 * price, 1000)


def hours(t: dt.datetime, n: int) -> dt.datetime:
    return t + dt.timedelta(hours=n)


def days(t: dt.datetime, n: int) -> dt.datetime:
    return t + dt.timedelta(days=n)


def calendar_days(d: dt.date, n: int) -> dt.date:   # event day not counted; deadline day n, 23:59:59
    return d + dt.timedelta(days=n)


def is_workday(d: dt.date) -> bool:
    return d in MAKEUP or (d.weekday() < 5 and d not in HOLIDAYS)


def working_days(d: dt.date, n: int) -> dt.date:
    while n:
        d += dt.timedelta(days=1)
        n -= is_workday(d)
    return d


def reply_72h(t0: dt.datetime, edits: list[dt.datetime]) -> dt.datetime:   # FACTS §7.4
    deadline = t0 + dt.timedelta(hours=72)
    for e in sorted(edits):
        if e >= deadline:
            break
        if e >= deadline - dt.timedelta(hours=24):
            deadline = e + dt.timedelta(hours=24)
    return deadline


def next_open_12315(t: dt.datetime) -> dt.datetime:   # Mon-Fri [08:30,12:00) and [14:00,17:30)
    slots = [(dt.time(8, 30), dt.time(12, 0)), (dt.time(14, 0), dt.time(17, 30))]
    day = t.date()
    while True:
        if day.weekday() < 5:
            for start, end in slots:
                s, e = dt.datetime.combine(day, start), dt.datetime.combine(day, end)
                if t < e:
                    return max(t, s)
        day += dt.timedelta(days=1)
        t = dt.datetime.combine(day, dt.time(0, 0))


def official(number: str) -> bool:
    return "".join(ch for ch in number if ch.isdigit()) in OFFICIAL


T = dt.datetime.fromisoformat
Dd = dt.date.fromisoformat
# question id -> (derived figure, the first alternative of the first expect group as written)
CHECKS = {
    "dcq001": (art55(230), "690"),
    "dcq002": (art148(260), "2600"),
    "dcq003": (days(T("2026-02-10 09:15"), 15), "2026-02-25 09:15"),
    "dcq004": (hours(T("2026-12-20 22:10"), 72), "2026-12-23 22:10"),
    "dcq005": (official("400-118-6677"), False),
    "dcq021": (art55(166), "500"),
    "dcq022": (reply_72h(T("2026-03-02 10:00"), [T("2026-03-04 22:00")]), "2026-03-05 22:00"),
    "dcq023": (official("9510211"), True),
    "dcq024": (next_open_12315(T("2026-11-30 12:30")), "2026-11-30 14:00"),
    "dcq041": (art55(1350), "4050"),
    "dcq042": (art148(120), "1200"),
    "dcq043": (working_days(Dd("2026-04-30"), 2), "2026-05-07"),
    "dcq044": (calendar_days(Dd("2026-11-10"), 30), "2026-12-10"),
    "dcq045": (official("0571 2828 2058"), False),
    "dcq061": (art55(4200), "12600"),
    "dcq062": (reply_72h(T("2026-08-14 20:00"), []), "2026-08-17 20:00"),
    "dcq063": (working_days(Dd("2026-09-18"), 1), "2026-09-20"),
    "dcq064": (official("171-2093-4456"), False),
    "dcq081": (art148(75), "1000"),
    "dcq082": (calendar_days(Dd("2026-04-28"), 7), "2026-05-05"),
    "dcq083": (days(T("2026-06-25 15:30"), 9), "2026-07-04 15:30"),
    "dcq084": (next_open_12315(T("2026-03-07 10:00")), "2026-03-09 08:30"),
}

SAME_DAY = {"dcq024"}


def render(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return f"{value:g}"


def main() -> int:
    here = Path(__file__).resolve().parent
    questions = {q["id"]: q for q in yaml.safe_load((here / "questions.yaml").read_text("utf-8"))["questions"]}
    bad = 0
    computed = {i for i, q in questions.items() if "computed" in q.get("tags", [])}
    if computed != set(CHECKS):
        print("computed tags and CHECKS differ:", sorted(computed ^ set(CHECKS)))
        bad += 1
    for qid, (value, want) in CHECKS.items():
        got = render(value)
        if got != want:
            print(f"{qid}: rule gives {got}, table says {want}")
            bad += 1
            continue
        expect = questions[qid]["expect"]
        flat = ["".join(a.lower().split()) for g in expect for a in g]
        if isinstance(want, bool):
            ok = any(("不在官方" in a or "notofficial" in a) for a in flat) != want
        else:
            date_part, _, time_part = want.partition(" ")
            # a same-day answer (dcq024: the hotline opens again that afternoon) needs only the time
            same_day = qid in SAME_DAY
            ok = (same_day or date_part in flat) and (not time_part or time_part in flat)
        if not ok:
            print(f"{qid}: {want} is not among the expect alternatives")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
