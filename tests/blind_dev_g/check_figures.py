"""Re-derives every computed figure of the dev_g set from FACTS.md's rules (§7.2-§7.4, appendix A,
appendix B: consumer law Art. 55, Food Safety Law Art. 148). Stand-alone: imports nothing from the
project. Prints nothing when every figure agrees with questions.yaml."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

HOLIDAY_RANGES = [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
                  ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
                  ("2026-10-01", "2026-10-07")]
MAKEUP = {date.fromisoformat(d) for d in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09",
                                          "2026-09-20", "2026-10-10")}


def holidays() -> set[date]:
    days: set[date] = set()
    for a, b in HOLIDAY_RANGES:
        d, end = date.fromisoformat(a), date.fromisoformat(b)
        while d <= end:
            days.add(d)
            d += timedelta(days=1)
    return days


HOLIDAYS = holidays()


def is_workday(d: date) -> bool:
    return d in MAKEUP or (d.weekday() < 5 and d not in HOLIDAYS)


def working_days(start: date, n: int) -> date:
    d, count = start, 0
    while count < n:
        d += timedelta(days=1)
        count += is_workday(d)
    return d


def calendar_days(start: date, n: int) -> date:
    return start + timedelta(days=n)


def seventy_two(t0: datetime, edits: list[datetime]) -> datetime:
    deadline = t0 + timedelta(hours=72)
    for e in sorted(edits):
        if e >= deadline:
            break
        if e >= deadline - timedelta(hours=24):
            deadline = e + timedelta(hours=24)
    return deadline


def next_open_12315(now: datetime) -> datetime:
    t = now
    while True:
        if t.weekday() < 5:
            for a, b in (((8, 30), (12, 0)), ((14, 0), (17, 30))):
                start, end = t.replace(hour=a[0], minute=a[1]), t.replace(hour=b[0], minute=b[1])
                if t < start:
                    return start
                if start <= t < end:
                    return t
        t = (t + timedelta(days=1)).replace(hour=0, minute=0)


def art55(price: int) -> int:
    return max(3 * price, 500)


def art148(price: int) -> int:
    return max(10 * price, 1000)


def dt(s: str) -> datetime:
    return datetime.fromisoformat(s)


# question id -> (derived figure, how it is written first in the expect groups)
FIGURES = {
    "dgq001": str(art55(260)),
    "dgq002": str(art148(680)),
    "dgq003": calendar_days(date(2026, 9, 28), 7).isoformat(),
    "dgq004": seventy_two(dt("2026-08-10T12:00"), [dt("2026-08-12T20:00")]).strftime("%Y-%m-%d|%H:%M"),
    "dgq021": str(art55(120)),
    "dgq022": (dt("2026-04-30T20:00") + timedelta(days=15)).strftime("%Y-%m-%d|%H:%M"),
    "dgq023": (dt("2026-12-03T15:00") + timedelta(days=9)).strftime("%Y-%m-%d|%H:%M"),
    "dgq024": working_days(date(2026, 2, 9), 5).isoformat(),
    "dgq041": str(art148(75)),
    "dgq042": seventy_two(dt("2026-11-27T10:30"), []).strftime("%Y-%m-%d|%H:%M"),
    "dgq043": calendar_days(date(2026, 1, 25), 30).isoformat(),
    "dgq044": calendar_days(date(2026, 12, 20), 15).isoformat(),
    "dgq061": str(art55(2400)),
    "dgq062": working_days(date(2026, 4, 30), 2).isoformat(),
    "dgq063": working_days(date(2026, 9, 18), 1).isoformat(),
    "dgq064": (dt("2026-11-29T22:15") + timedelta(hours=72)).strftime("%Y-%m-%d|%H:%M"),
    "dgq081": str(art55(350)),
    "dgq082": str(art148(199)),
    "dgq083": next_open_12315(dt("2026-12-12T10:00")).strftime("%Y-%m-%d|%H:%M"),
    "dgq084": (dt("2026-10-08T09:00") + timedelta(days=15)).strftime("%Y-%m-%d|%H:%M"),
}
WEEKDAYS = {"dgq024": (date(2026, 2, 9), 0), "dgq062": (date(2026, 4, 30), 3), "dgq063": (date(2026, 9, 18), 4),
            "dgq083": (date(2026, 12, 12), 5)}


def main() -> None:
    questions = yaml.safe_load((Path(__file__).parent / "questions.yaml").read_text(encoding="utf-8"))["questions"]
    by_id = {q["id"]: q for q in questions}
    computed = {q["id"] for q in questions if "computed" in q.get("tags", [])}
    if computed != set(FIGURES):
        print("computed tags differ from FIGURES:", sorted(computed ^ set(FIGURES)))
    for qid, figure in FIGURES.items():
        expect = by_id[qid]["expect"]
        parts = figure.split("|")
        for part, group in zip(parts, expect, strict=False):
            if part not in group:
                print(f"{qid}: derived {part!r}, expect group starts {group[:3]}")
    for qid, (d, wd) in WEEKDAYS.items():
        if d.weekday() != wd:
            print(f"{qid}: {d} is weekday {d.weekday()}, question says {wd}")


if __name__ == "__main__":
    main()
