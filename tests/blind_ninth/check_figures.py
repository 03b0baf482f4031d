"""Re-derive every computed figure of the ninth blind set from FACTS.md's rules, stand-alone.

Implements FACTS.md §7.2 (hours, days, calendar_days, working_days, next_open), §7.4 (amount edits
in the 72-hour window), appendix A (2026 holidays and make-up workdays), appendix B (consumer law
Art. 55: 3x, at least 500; Food Safety Law Art. 148: 10x, at least 1000) and §9.1 (official numbers
9510211 and 12315 only). It imports nothing from the project; it reads questions.yaml beside it only
to check that each item's first `expect` group holds the figure derived here. Prints nothing when all
agree; otherwise prints each disagreement and exits 1.
"""

from __future__ import annotations

import re
import sys
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
MAKEUP = {date.fromisoformat(x) for x in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09",
                                          "2026-09-20", "2026-10-10")}
OFFICIAL = {"9510211", "12315"}


def workday(d: date) -> bool:
    return d in MAKEUP or (d.weekday() < 5 and d not in HOLIDAYS)


def hours(t: datetime, n: int) -> datetime:
    return t + timedelta(hours=n)


def days(t: datetime, n: int) -> datetime:
    return t + timedelta(days=n)


def calendar_days(d: date, n: int) -> datetime:
    return datetime.combine(d + timedelta(days=n), time(23, 59, 59))


def working_days(d: date, n: int) -> datetime:
    count = 0
    while count < n:
        d += timedelta(days=1)
        count += workday(d)
    return datetime.combine(d, time(23, 59, 59))


def seller_reply(t0: datetime, edits: list[datetime]) -> datetime:
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
            for start, end in slots:
                s, e = datetime.combine(d, start), datetime.combine(d, end)
                if now < e:  # [start, end): inside returns now, before returns start
                    return max(now, s)
        d += timedelta(days=1)
        now = datetime.combine(d, time(0, 0))


def art55(price: float) -> float:
    return float(max(3 * price, 500))


def art148(price: float) -> float:
    return float(max(10 * price, 1000))


def official(number: str) -> bool:
    return re.sub(r"\D", "", number) in OFFICIAL


T = datetime.fromisoformat
D = date.fromisoformat

# id -> (derived figure, text that must appear in the item's first expect group)
CASES = {
    "b9q001": (art55(260), "780"),
    "b9q004": (art148(320), "3200"),
    "b9q011": (calendar_days(D("2026-07-10"), 30), "2026-08-09"),
    "b9q015": (days(T("2026-08-18 22:00"), 15), "2026-09-02 22:00"),
    "b9q020": (seller_reply(T("2026-10-12 08:00"), [T("2026-10-14 20:00")]), "2026-10-15 20:00"),
    "b9q025": (working_days(D("2026-02-13"), 5), "2026-02-27"),
    "b9q033": (art55(99), "500"),
    "b9q036": (art148(59), "1000"),
    "b9q039": (calendar_days(D("2026-03-30"), 7), "2026-04-06"),
    "b9q045": (days(T("2026-06-05 10:10"), 15), "2026-06-20 10:10"),
    "b9q050": (working_days(D("2026-04-30"), 2), "2026-05-07"),
    "b9q056": (next_open_12315(T("2026-11-14 10:00")), "2026-11-16 08:30"),
    "b9q065": (art55(1450), "4350"),
    "b9q068": (art55(75), "500"),
    "b9q073": (calendar_days(D("2026-05-11"), 15), "2026-05-26"),
    "b9q078": (days(T("2026-12-20 09:30"), 15), "2027-01-04 09:30"),
    "b9q083": (hours(T("2026-01-30 19:00"), 72), "2026-02-02 19:00"),
    "b9q089": (working_days(D("2026-09-30"), 1), "2026-10-08"),
    "b9q097": (art55(168), "504"),
    "b9q100": (art148(101), "1010"),
    "b9q104": (calendar_days(D("2026-09-28"), 7), "2026-10-05"),
    "b9q109": (days(T("2026-04-25 09:40"), 9), "2026-05-04 09:40"),
    "b9q114": (seller_reply(T("2026-03-02 12:00"), [T("2026-03-03 18:00")]), "2026-03-05 12:00"),
    "b9q119": (official("0571-2828-2058"), False),
    "b9q129": (art55(2399), "7197"),
    "b9q133": (art148(888), "8880"),
    "b9q137": (days(T("2026-02-10 20:15"), 15), "2026-02-25 20:15"),
    "b9q142": (seller_reply(T("2026-05-06 10:00"), []), "2026-05-09 10:00"),
    "b9q147": (next_open_12315(T("2026-12-09 12:30")), "2026-12-09 14:00"),
    "b9q156": (official("4008-123-456"), False),
}
# weekdays the question texts state
WEEKDAYS = {"2026-02-13": 4, "2026-09-30": 2, "2026-11-14": 5, "2026-12-09": 2, "2026-04-30": 3}


def main() -> int:
    bad = []
    for day, wd in WEEKDAYS.items():
        if D(day).weekday() != wd:
            bad.append(f"{day} is not weekday {wd}")
    items = {q["id"]: q for q in yaml.safe_load((Path(__file__).parent / "questions.yaml")
                                                .read_text(encoding="utf-8"))["questions"]}
    tagged = {i for i, q in items.items() if "computed" in q.get("tags", [])}
    if tagged != set(CASES):
        bad.append(f"computed tags {sorted(tagged ^ set(CASES))} differ from the cases here")
    for qid, (got, want) in CASES.items():
        expect = items[qid]["expect"]
        if isinstance(got, bool):
            if got is not want or "9510211" not in expect[0]:
                bad.append(f"{qid}: official={got}, want {want}")
            continue
        if isinstance(got, float):
            text = f"{got:.0f}" if got == int(got) else f"{got}"
            if text != want or want not in expect[0]:
                bad.append(f"{qid}: derived {text}, file says {want} / {expect[0][:2]}")
            continue
        day, _, clock = want.partition(" ")
        if got.date().isoformat() != day:
            bad.append(f"{qid}: derived {got}, want {want}")
        if clock and got.strftime("%H:%M") != clock:
            bad.append(f"{qid}: derived {got}, want {want}")
        if not clock and got.time() != time(23, 59, 59):
            bad.append(f"{qid}: derived {got}, want end of {day}")
        groups = list(expect)
        if qid != "b9q147" and day not in groups[0]:  # b9q147 asks only the time, same day
            bad.append(f"{qid}: {day} not in the date group")
        if clock:
            hh, mm = clock.split(":")
            forms = {clock, f"{int(hh)}:{mm}"}
            if not forms & set(groups[-1]):
                bad.append(f"{qid}: {clock} not in the time group {groups[-1][:3]}")
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
