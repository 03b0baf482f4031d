"""Re-derive the computed figures of the tenth blind set from FACTS.md's rules alone.

Stand-alone: imports nothing from the project. Implements FACTS.md §7.2 (hours, days,
calendar_days, working_days, next_open), §7.4 (72 h window with amount edits), appendix A
(2026 holidays and make-up workdays) and appendix B (consumer law Art. 55: 3x, at least 500;
Food Safety Law Art. 148: 10x, at least 1000, food only). Prints nothing when every figure
agrees with the one written in questions.yaml; otherwise prints the disagreement and exits 1.
"""
from __future__ import annotations

import sys
from datetime import date, datetime, timedelta

HOLIDAYS = set()
for a, b in [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
             ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
             ("2026-10-01", "2026-10-07")]:
    d, end = date.fromisoformat(a), date.fromisoformat(b)
    while d <= end:
        HOLIDAYS.add(d)
        d += timedelta(days=1)
MAKEUP = {date.fromisoformat(s) for s in
          ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")}


def workday(d: date) -> bool:
    return d in MAKEUP or (d.weekday() < 5 and d not in HOLIDAYS)


def art55(price: float) -> float:
    return max(3 * price, 500)


def art148(price: float) -> float:
    return max(10 * price, 1000)


def hours(t: datetime, n: int) -> datetime:
    return t + timedelta(hours=n)


def days(t: datetime, n: int) -> datetime:
    return t + timedelta(days=n)


def calendar_days(d: date, n: int) -> date:
    return d + timedelta(days=n)


def working_days(d: date, n: int) -> date:
    while n:
        d += timedelta(days=1)
        n -= workday(d)
    return d


def next_open(t: datetime) -> datetime:
    """12315: Mon-Fri [08:30, 12:00) and [14:00, 17:30); holidays not considered (FACTS §16 #24)."""
    while True:
        if t.weekday() < 5:
            for (h1, m1), (h2, m2) in (((8, 30), (12, 0)), ((14, 0), (17, 30))):
                start, end = t.replace(hour=h1, minute=m1), t.replace(hour=h2, minute=m2)
                if t < start:
                    return start
                if t < end:
                    return t
        t = (t + timedelta(days=1)).replace(hour=0, minute=0)


def seller_72h(t0: datetime, edits: list[datetime]) -> datetime:
    deadline = t0 + timedelta(hours=72)
    for e in sorted(edits):
        if e >= deadline:
            break
        if e >= deadline - timedelta(hours=24):
            deadline = e + timedelta(hours=24)
    return deadline


D, T = date.fromisoformat, datetime.fromisoformat
CASES = [
    # id, computed, written in questions.yaml
    ("b10q003 Art.55 368", art55(368), 1104),
    ("b10q004 Art.148 mooncakes 59", art148(59), 1000),
    ("b10q005 no_reason_7d signed 04-28", calendar_days(D("2026-04-28"), 7), D("2026-05-05")),
    ("b10q006 success_15d 09-28 10:20", days(T("2026-09-28 10:20"), 15), T("2026-10-13 10:20")),
    ("b10q007 72h 11-20 14:35 edit 11-22 20:00", seller_72h(T("2026-11-20 14:35"), [T("2026-11-22 20:00")]),
     T("2026-11-23 20:00")),
    ("b10q035 Art.55 120", art55(120), 500),
    ("b10q036 Art.148 honey 238", art148(238), 2380),
    ("b10q037 rights_center_9d 08-03 21:10", days(T("2026-08-03 21:10"), 9), T("2026-08-12 21:10")),
    ("b10q038 report_banned_1wd Thu 04-30", working_days(D("2026-04-30"), 1), D("2026-05-06")),
    ("b10q039 quality_15d signed 01-25", calendar_days(D("2026-01-25"), 15), D("2026-02-09")),
    ("b10q067 Art.55 1680", art55(1680), 5040),
    ("b10q068 Art.148 pineapple cakes 101", art148(101), 1010),
    ("b10q069 intervention_2wd refused Wed 09-30", working_days(D("2026-09-30"), 2), D("2026-10-09")),
    ("b10q070 created_15d 07-22 11:45", days(T("2026-07-22 11:45"), 15), T("2026-08-06 11:45")),
    ("b10q071 12315 Fri 03-20 17:40", next_open(T("2026-03-20 17:40")), T("2026-03-23 08:30")),
    ("b10q099 Art.55 166", art55(166), 500),
    ("b10q100 Art.148 formula 1250", art148(1250), 12500),
    ("b10q101 no_reason_7d signed 12-27", calendar_days(D("2026-12-27"), 7), D("2027-01-03")),
    ("b10q102 late_ship_72h paid 06-18 22:15", hours(T("2026-06-18 22:15"), 72), T("2026-06-21 22:15")),
    ("b10q103 report_fake_3_5wd Mon 06-15", working_days(D("2026-06-15"), 5), D("2026-06-23")),
    ("b10q131 Art.55 2599", art55(2599), 7797),
    ("b10q132 Art.55 face cream 300 (not food)", art55(300), 900),
    ("b10q133 closed_15d 05-31 19:50", days(T("2026-05-31 19:50"), 15), T("2026-06-15 19:50")),
    ("b10q134 repair_30d signed 02-10", calendar_days(D("2026-02-10"), 30), D("2026-03-12")),
    ("b10q135 72h 03-02 10:20 edit 03-03 18:00", seller_72h(T("2026-03-02 10:20"), [T("2026-03-03 18:00")]),
     T("2026-03-05 10:20")),
    ("b10q136 12315 Wed 03-18 12:30", next_open(T("2026-03-18 12:30")), T("2026-03-18 14:00")),
]
OFFICIAL = {"9510211", "12315"}
PHONES = [("b10q008 0571-2828-2058", "0571-2828-2058", False), ("b10q040 九五幺零二幺幺", "9510211", True),
          ("b10q072 400-826-1688", "400-826-1688", False), ("b10q104 021-6188-3300", "021-6188-3300", False)]

bad = [f"{name}: computed {got}, written {want}" for name, got, want in CASES if got != want]
bad += [f"{name}: official? {n.replace('-', '') in OFFICIAL}" for name, n, want in PHONES
        if (n.replace("-", "") in OFFICIAL) != want]
print("\n".join(bad)) if bad else None
sys.exit(1 if bad else 0)
