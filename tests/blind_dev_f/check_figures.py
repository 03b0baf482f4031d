"""Re-derive every computed figure of dev round F from FACTS.md's rules; print nothing when all agree.

Stand-alone on purpose (imports nothing from the project): FACTS.md §7.2 (hours, days,
calendar_days, working_days, next_open), §7.4 (72 h window and amount edits), appendix A (2026
holidays and make-up workdays) and appendix B (消保法 Art. 55: 3x, at least 500; 食品安全法
Art. 148: 10x, at least 1000). Run: python tests/blind_dev_f/check_figures.py
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml

HOLIDAYS = [(date(2026, 1, 1), date(2026, 1, 3)), (date(2026, 2, 15), date(2026, 2, 23)),
            (date(2026, 4, 4), date(2026, 4, 6)), (date(2026, 5, 1), date(2026, 5, 5)),
            (date(2026, 6, 19), date(2026, 6, 21)), (date(2026, 9, 25), date(2026, 9, 27)),
            (date(2026, 10, 1), date(2026, 10, 7))]
MAKEUP = {date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
          date(2026, 10, 10)}


def is_workday(d: date) -> bool:
    if d in MAKEUP:
        return True
    if any(a <= d <= b for a, b in HOLIDAYS):
        return False
    return d.weekday() < 5


def working_days(start: date, n: int) -> date:
    d, left = start, n
    while left:
        d += timedelta(days=1)
        left -= is_workday(d)
    return d


def calendar_days(start: date, n: int) -> date:
    return start + timedelta(days=n)


def window_72h(t0: datetime, edits: list[datetime]) -> datetime:
    deadline = t0 + timedelta(hours=72)
    for e in sorted(edits):
        if e >= deadline:
            break
        if e >= deadline - timedelta(hours=24):
            deadline = e + timedelta(hours=24)
    return deadline


def next_open_12315(now: datetime) -> datetime:
    slots = [(time(8, 30), time(12, 0)), (time(14, 0), time(17, 30))]
    d = now.date()
    while True:
        if d.weekday() < 5:
            for a, b in slots:
                start, end = datetime.combine(d, a), datetime.combine(d, b)
                if now < end:
                    return max(now, start)
        d += timedelta(days=1)


def art55(price: int) -> int:
    return max(3 * price, 500)


def art148(price: int) -> int:
    return max(10 * price, 1000)


def dt(s: str) -> datetime:
    return datetime.fromisoformat(s)


def hm(t: datetime) -> str:
    return f"{t.hour}:{t.minute:02}"


# id -> (derived figures, one per expect group, in the first alternative's form)
DERIVED = {
    "dfq001": [str(art55(230)), "55条"],
    "dfq002": [str(art148(135)), "148条"],
    "dfq003": [(d := dt("2026-11-20T15:00") + timedelta(days=9)).date().isoformat(), f"{d.hour:02}:{d.minute:02}"],
    "dfq004": [(d := window_72h(dt("2026-08-10T10:00"), [dt("2026-08-12T22:00")])).date().isoformat(),
               f"{d.hour:02}:{d.minute:02}"],
    "dfq021": [str(art55(120)), "55条"],
    "dfq022": [(d := dt("2026-05-12T10:20") + timedelta(days=15)).date().isoformat(), f"{d.hour:02}:{d.minute:02}"],
    "dfq023": [working_days(date(2026, 9, 30), 5).isoformat()],
    "dfq024": [calendar_days(date(2026, 7, 20), 15).isoformat()],
    "dfq041": [str(art148(75)), "148条"],
    "dfq042": [calendar_days(date(2026, 3, 27), 7).isoformat()],
    "dfq043": [working_days(date(2026, 5, 8), 2).isoformat()],
    "dfq044": [(d := dt("2026-12-01T21:15") + timedelta(hours=72)).date().isoformat(), f"{d.hour:02}:{d.minute:02}"],
    "dfq061": [str(art55(4200)), "55条"],
    "dfq062": [str(art55(99)), "55条"],
    "dfq063": [(d := window_72h(dt("2026-12-03T20:00"), [])).date().isoformat(), f"{d.hour:02}:{d.minute:02}"],
    "dfq064": [(d := next_open_12315(dt("2026-12-12T10:00"))).date().isoformat(), hm(d)],
    "dfq081": [str(art148(260)), "148条"],
    "dfq082": [working_days(date(2026, 6, 18), 1).isoformat()],
    "dfq083": [f"{(d := next_open_12315(dt('2026-12-09T12:30'))).hour:02}:{d.minute:02}"],
    "dfq084": [calendar_days(date(2026, 1, 10), 30).isoformat()],
}


def main() -> None:
    path = Path(__file__).with_name("questions.yaml")
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    computed = {q["id"]: q for q in questions if "computed" in q.get("tags", [])}
    if set(computed) != set(DERIVED):
        print("computed ids differ:", sorted(set(computed) ^ set(DERIVED)))
    for qid, figures in DERIVED.items():
        first = [group[0] for group in computed[qid]["expect"]] if qid in computed else []
        if first != figures:
            print(f"{qid}: yaml {first} != derived {figures}")


if __name__ == "__main__":
    main()
