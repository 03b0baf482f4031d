"""Re-derive the computed figures of dev round D from FACTS.md's rules (stand-alone, imports nothing
from the project). Prints nothing when every figure agrees with questions.yaml; otherwise the mismatches.

Rules implemented: appendix B (消保法 Art. 55: 3x, at least 500; 食品安全法 Art. 148: 10x, at least 1000),
§7.2 ways of counting (hours, days, calendar_days, working_days with appendix A's 2026 calendar,
next_open for 12315), §7.3 rule lengths and §7.4 (72 h window with amount edits).
"""
from __future__ import annotations

import sys
import unicodedata
from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml

HOLIDAYS = set()
for start, end in [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
                   ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
                   ("2026-10-01", "2026-10-07")]:
    d, e = date.fromisoformat(start), date.fromisoformat(end)
    while d <= e:
        HOLIDAYS.add(d)
        d += timedelta(days=1)
MAKEUP = {date.fromisoformat(x) for x in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")}


def workday(d: date) -> bool:
    return d in MAKEUP or (d.weekday() < 5 and d not in HOLIDAYS)


def damages_55(price: float) -> float:
    return max(3 * price, 500)


def damages_148(price: float) -> float:
    return max(10 * price, 1000)


def hours(t: datetime, n: int) -> datetime:
    return t + timedelta(hours=n)


def days(t: datetime, n: int) -> datetime:
    return t + timedelta(days=n)


def calendar_days(d: date, n: int) -> date:
    return d + timedelta(days=n)  # the day itself does not count; deadline is day n, 23:59:59


def working_days(d: date, n: int) -> date:
    k = 0
    while k < n:
        d += timedelta(days=1)
        k += workday(d)
    return d


def seller_reply_72h(t0: datetime, edits: list[datetime]) -> datetime:
    deadline = t0 + timedelta(hours=72)
    for e in sorted(edits):
        if e >= deadline:
            break
        if e >= deadline - timedelta(hours=24):
            deadline = e + timedelta(hours=24)
    return deadline


def next_open_12315(now: datetime) -> datetime:
    slots = [(time(8, 30), time(12, 0)), (time(14, 0), time(17, 30))]
    day = now.date()
    while True:
        if day.weekday() < 5:
            for a, b in slots:
                start, end = datetime.combine(day, a), datetime.combine(day, b)
                if start <= now < end:
                    return now
                if now < start:
                    return start
        day += timedelta(days=1)
        now = datetime.combine(day, time(0, 0))


T = datetime.fromisoformat
D = date.fromisoformat
# question id -> (computed value, the strings it must be written as in the expect groups)
FIGURES = {
    "ddq001": (damages_55(260), "780"),
    "ddq002": (damages_148(75), "1000"),
    "ddq003": (calendar_days(D("2026-11-05"), 30), "2026-12-05"),
    "ddq004": (days(T("2026-02-24 15:30"), 9), "2026-03-05 15:30"),
    "ddq005": (hours(T("2026-05-30 22:00"), 72), "2026-06-02 22:00"),
    "ddq021": (damages_55(1450), "4350"),
    "ddq022": (damages_55(99), "500"),
    "ddq023": (days(T("2026-07-22 10:15"), 15), "2026-08-06 10:15"),
    "ddq024": (working_days(D("2026-04-30"), 2), "2026-05-07"),
    "ddq041": (damages_55(168), "504"),
    "ddq042": (damages_148(320), "3200"),
    "ddq043": (calendar_days(D("2026-09-28"), 7), "2026-10-05"),
    "ddq044": (working_days(D("2026-06-18"), 5), "2026-06-26"),
    "ddq045": (days(T("2026-10-25 20:00"), 15), "2026-11-09 20:00"),
    "ddq061": (damages_55(2288), "6864"),
    "ddq062": (damages_148(109), "1090"),
    "ddq063": (calendar_days(D("2026-05-25"), 15), "2026-06-09"),
    "ddq064": (seller_reply_72h(T("2026-08-10 10:00"), [T("2026-08-12 20:00")]), "2026-08-13 20:00"),
    "ddq065": (next_open_12315(T("2026-11-20 18:00")), "2026-11-23 08:30"),
    "ddq082": (working_days(D("2026-09-19"), 1), "2026-09-20"),
    "ddq083": (days(T("2026-12-20 09:00"), 15), "2027-01-04 09:00"),
}
OFFICIAL = {"9510211", "12315"}
PHONES = {"ddq025": "400-886-5231", "ddq081": "028-8666-1234"}  # both must be judged not official


def norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).lower().split())


def main() -> int:
    here = Path(__file__).resolve().parent
    qs = {q["id"]: q for q in yaml.safe_load((here / "questions.yaml").read_text(encoding="utf-8"))["questions"]}
    bad = []
    for qid, (value, want) in FIGURES.items():
        got = value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else (
            value.isoformat() if isinstance(value, date) else f"{value:g}")
        if got != want:
            bad.append(f"{qid}: computed {got}, written {want}")
        q = qs[qid]
        if "computed" not in q.get("tags", []):
            bad.append(f"{qid}: not tagged computed")
        parts = want.split(" ")
        for part in parts:
            if ":" in part:
                h, m = part.split(":")
                alts = {norm(a) for g in q["expect"] for a in g}
                if f"{h}:{m}" not in alts and f"{int(h)}:{m}" not in alts:
                    bad.append(f"{qid}: time {part} not in expect")
            elif "-" in part:
                if not any(part in g for g in q["expect"]):
                    bad.append(f"{qid}: date {part} not in expect")
            elif not any(part in g for g in q["expect"]):
                bad.append(f"{qid}: amount {part} not in expect")
    for qid, number in PHONES.items():
        digits = "".join(ch for ch in number if ch.isdigit())
        if digits in OFFICIAL:
            bad.append(f"{qid}: {number} is official")
        if qs[qid]["expect"] != [["9510211"]] or "computed" not in qs[qid].get("tags", []):
            bad.append(f"{qid}: phone item should point to 9510211 and be tagged computed")
    tagged = {q["id"] for q in qs.values() if "computed" in q.get("tags", [])}
    if tagged != set(FIGURES) | set(PHONES):
        bad.append(f"computed tag mismatch: {sorted(tagged ^ (set(FIGURES) | set(PHONES)))}")
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
