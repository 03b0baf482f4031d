"""Eighth blind set: re-derive every computed figure from the FACTS.md rules.

Stand-alone: implements FACTS.md §7.2-§7.4, appendix A (2026 calendar) and appendix B
(consumer law Art. 55: 3x, at least 500; Food Safety Law Art. 148: 10x, at least 1000) and
imports nothing from the project. Prints nothing when every figure agrees; exits 1 otherwise.
Run: python tests/blind_eighth/check_figures.py
"""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta

HOLIDAYS = [  # appendix A, days off (inclusive ranges)
    (date(2026, 1, 1), date(2026, 1, 3)), (date(2026, 2, 15), date(2026, 2, 23)),
    (date(2026, 4, 4), date(2026, 4, 6)), (date(2026, 5, 1), date(2026, 5, 5)),
    (date(2026, 6, 19), date(2026, 6, 21)), (date(2026, 9, 25), date(2026, 9, 27)),
    (date(2026, 10, 1), date(2026, 10, 7)),
]
MAKEUP = {date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
          date(2026, 9, 20), date(2026, 10, 10)}


def art55(price: float) -> float:
    return max(3 * price, 500)


def art148(price: float) -> float:
    return max(10 * price, 1000)


def hours(t: datetime, n: int) -> datetime:
    return t + timedelta(hours=n)


def days(t: datetime, n: int) -> datetime:
    return t + timedelta(days=n)


def calendar_days(d: date, n: int) -> date:
    return d + timedelta(days=n)  # day after = day 1, so day n is d + n


def is_workday(d: date) -> bool:
    if d in MAKEUP:
        return True
    if d.weekday() >= 5:
        return False
    return not any(a <= d <= b for a, b in HOLIDAYS)


def working_days(d: date, n: int) -> date:
    count = 0
    while count < n:
        d += timedelta(days=1)
        count += is_workday(d)
    return d


def seller_reply(t0: datetime, edits: list[datetime]) -> datetime:
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
                s, e = datetime.combine(d, start), datetime.combine(d, end)
                if s <= t < e:
                    return t
                if t < s:
                    return s
        d += timedelta(days=1)
        t = datetime.combine(d, time(0, 0))


DT = datetime
CASES = [
    # id, computed, expected
    ("b8q001", art55(260), 780), ("b8q002", art148(58), 1000),
    ("b8q003", calendar_days(date(2026, 5, 11), 7), date(2026, 5, 18)),
    ("b8q004", days(DT(2026, 12, 20, 9, 30), 15), DT(2027, 1, 4, 9, 30)),
    ("b8q005", seller_reply(DT(2026, 3, 2, 10), [DT(2026, 3, 4, 16)]), DT(2026, 3, 5, 16)),
    ("b8q033", art55(95), 500), ("b8q034", art148(320), 3200),
    ("b8q035", days(DT(2026, 2, 10, 20, 15), 15), DT(2026, 2, 25, 20, 15)),
    ("b8q036", days(DT(2026, 1, 27, 15), 15), DT(2026, 2, 11, 15)),
    ("b8q037", working_days(date(2026, 2, 9), 5), date(2026, 2, 14)),
    ("b8q065", art55(3333), 9999), ("b8q066", art148(99), 1000),
    ("b8q067", calendar_days(date(2026, 9, 28), 15), date(2026, 10, 13)),
    ("b8q068", hours(DT(2026, 5, 30, 22, 10), 72), DT(2026, 6, 2, 22, 10)),
    ("b8q069", working_days(date(2026, 4, 30), 2), date(2026, 5, 7)),
    ("b8q097", art55(1250), 3750), ("b8q098", art148(150), 1500),
    ("b8q099", calendar_days(date(2026, 7, 13), 30), date(2026, 8, 12)),
    ("b8q100", seller_reply(DT(2026, 8, 14, 11), []), DT(2026, 8, 17, 11)),
    ("b8q101", seller_reply(DT(2026, 10, 20, 9), [DT(2026, 10, 21, 20)]), DT(2026, 10, 23, 9)),
    ("b8q102", next_open_12315(DT(2026, 6, 13, 10)), DT(2026, 6, 15, 8, 30)),
    ("b8q129", art55(168), 504), ("b8q130", art148(2000), 20000),
    ("b8q131", days(DT(2026, 11, 25, 10), 9), DT(2026, 12, 4, 10)),
    ("b8q132", working_days(date(2026, 9, 30), 1), date(2026, 10, 8)),
    ("b8q133", next_open_12315(DT(2026, 12, 9, 12, 30)), DT(2026, 12, 9, 14)),
]
OFFICIAL = {"9510211", "12315"}
PHONES = [("b8q006", "0571-2828-6601", False), ("b8q038", "9510211", True),
          ("b8q070", "400-826-7015", False), ("b8q134", "17088451203", False)]


def main() -> int:
    bad = [f"{i}: got {got}, want {want}" for i, got, want in CASES if got != want]
    bad += [f"{i}: {num} official={want}" for i, num, want in PHONES
            if (num.replace("-", "") in OFFICIAL) != want]
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
