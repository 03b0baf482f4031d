"""Re-derive the computed figures of dev round E from the FACTS.md rules (§7.2-§7.4, §9.1,
appendix A calendar, appendix B Art. 55 / Food Safety Law Art. 148). Stand-alone: imports nothing
from the project. Prints nothing when every figure agrees with questions.yaml; exits 1 otherwise."""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml

# Appendix A: 2026 official holidays and make-up workdays.
HOLIDAYS = set()
for a, b in [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
             ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
             ("2026-10-01", "2026-10-07")]:
    d, end = date.fromisoformat(a), date.fromisoformat(b)
    while d <= end:
        HOLIDAYS.add(d)
        d += timedelta(days=1)
MAKEUP = {date.fromisoformat(x) for x in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09",
                                         "2026-09-20", "2026-10-10")}
WHITELIST = {"9510211", "12315"}


def art55(price: float) -> float:
    return max(3 * price, 500)


def art148(price: float) -> float:
    return max(10 * price, 1000)


def hours(t: datetime, n: int) -> datetime:
    return t + timedelta(hours=n)


def days(t: datetime, n: int) -> datetime:
    return t + timedelta(days=n)


def calendar_days(d: date, n: int) -> date:
    return d + timedelta(days=n)  # the event day does not count; day n ends at 23:59:59


def is_workday(d: date) -> bool:
    return d in MAKEUP or (d.weekday() < 5 and d not in HOLIDAYS)


def working_days(d: date, n: int) -> date:
    k = 0
    while k < n:
        d += timedelta(days=1)
        k += is_workday(d)
    return d


def seller_72h(t0: datetime, edits: list[datetime]) -> datetime:
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
        if d.weekday() < 5:  # FACTS §16 #24: Monday to Friday only
            for a, b in slots:
                start, end = datetime.combine(d, a), datetime.combine(d, b)
                if start <= t < end:
                    return t
                if t < start:
                    return start
        d += timedelta(days=1)
        t = datetime.combine(d, time(0, 0))


def official(number: str) -> bool:
    return "".join(ch for ch in number if ch.isdigit()) in WHITELIST


dt = datetime.fromisoformat
# id -> (figure as written in expect[0][0], the rule applied by hand)
CASES = {
    "de_q001": (str(int(art55(230))), "690"),
    "de_q002": (str(int(art148(60))), "1000"),
    "de_q003": (calendar_days(date(2026, 9, 29), 7).isoformat(), "2026-10-06"),
    "de_q004": (working_days(date(2026, 4, 30), 2).isoformat(), "2026-05-07"),
    "de_q021": (str(int(art55(99))), "500"),
    "de_q022": (str(int(art148(258))), "2580"),
    "de_q023": (days(dt("2026-05-01T10:15"), 15).date().isoformat(), "2026-05-16"),
    "de_q024": (working_days(date(2026, 6, 18), 1).isoformat(), "2026-06-22"),
    "de_q025": ("not official" if not official("0571-2828-2058") else "official", "not official"),
    "de_q041": (str(int(art55(1680))), "5040"),
    "de_q042": (str(int(round(art148(99.9)))), "1000"),
    "de_q043": (calendar_days(date(2026, 2, 10), 15).isoformat(), "2026-02-25"),
    "de_q044": (working_days(date(2026, 2, 13), 5).isoformat(), "2026-02-27"),
    "de_q045": ("official" if official("9510211") else "not official", "official"),
    "de_q061": (str(int(art55(166))), "500"),
    "de_q062": (str(int(art148(120))), "1200"),
    "de_q063": (seller_72h(dt("2026-03-10T20:00"), [dt("2026-03-13T08:00")]).isoformat(), "2026-03-14T08:00:00"),
    "de_q064": ("not official" if not official("400-826-1177") else "official", "not official"),
    "de_q081": (str(int(art55(2599))), "7797"),
    "de_q082": (days(dt("2026-08-27T09:30"), 9).isoformat(), "2026-09-05T09:30:00"),
    "de_q083": (next_open_12315(dt("2026-03-18T12:00")).isoformat(), "2026-03-18T14:00:00"),
    "de_q084": (hours(dt("2026-12-30T22:10"), 72).isoformat(), "2027-01-02T22:10:00"),
}


def main() -> int:
    bad = 0
    items = {q["id"]: q for q in yaml.safe_load((Path(__file__).parent / "questions.yaml").read_text("utf-8"))["questions"]}
    computed = {i for i, q in items.items() if "computed" in q.get("tags", [])}
    if computed != set(CASES):
        print("computed ids differ:", sorted(computed ^ set(CASES)))
        bad += 1
    for qid, (got, by_hand) in CASES.items():
        if got != by_hand:
            print(f"{qid}: rule gives {got}, by hand {by_hand}")
            bad += 1
            continue
        exp = items[qid]["expect"]
        flat = [alt for group in exp for alt in group]
        if "T" in got:  # date and time: both must be in the expect groups
            d, hm = got.split("T")
            # the 12315 question names a weekday, not a date: only the time is asked
            want = [hm[:5]] if items[qid]["fact"].endswith("hotline_12315_open") else [d, hm[:5]]
        elif got in ("official", "not official"):
            want = ["9510211"]
        else:
            want = [got]
        for w in want:
            if w not in flat and w.lstrip("0") not in flat:
                print(f"{qid}: {w} not among the expected alternatives")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
