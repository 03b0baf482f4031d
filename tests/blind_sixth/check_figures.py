"""Throw-away check of the sixth blind set's computed figures, written from FACTS.md §7.2-§7.4,
appendix A (2026 holidays) and appendix B (Art. 55, Art. 148) only; it imports nothing from the
project. Run: `python tests/blind_sixth/check_figures.py` (prints nothing when all agree)."""
from datetime import date, datetime, time, timedelta

OFF = set()
for a, b in [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
             ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
             ("2026-10-01", "2026-10-07")]:
    d, e = date.fromisoformat(a), date.fromisoformat(b)
    while d <= e:
        OFF.add(d)
        d += timedelta(1)
MAKEUP = {date.fromisoformat(x) for x in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")}


def working_days(start: str, n: int) -> date:
    d, k = date.fromisoformat(start), 0
    while k < n:
        d += timedelta(1)
        k += d in MAKEUP or (d.weekday() < 5 and d not in OFF)
    return d


def calendar_days(start: str, n: int) -> date:
    return date.fromisoformat(start) + timedelta(n)


def plus(start: str, **kw) -> datetime:
    return datetime.fromisoformat(start) + timedelta(**kw)


def seller_72h(t0: str, edits: list[str]) -> datetime:
    deadline = datetime.fromisoformat(t0) + timedelta(hours=72)
    for e in sorted(datetime.fromisoformat(x) for x in edits):
        if e >= deadline:
            break
        if e >= deadline - timedelta(hours=24):
            deadline = e + timedelta(hours=24)
    return deadline


def next_open_12315(now: str) -> datetime:
    t = datetime.fromisoformat(now)
    for i in range(8):
        d = t.date() + timedelta(i)
        if d.weekday() >= 5:
            continue
        for a, b in ((time(8, 30), time(12)), (time(14), time(17, 30))):
            s, e = datetime.combine(d, a), datetime.combine(d, b)
            if i == 0 and s <= t < e:
                return t
            if s >= t:
                return s
    raise AssertionError


D, T = date.fromisoformat, datetime.fromisoformat
checks = {
    "b6q001 art55 680": (max(3 * 680, 500), 2040),
    "b6q033 art55 129": (max(3 * 129, 500), 500),
    "b6q066 art55 1999": (max(3 * 1999, 500), 5997),
    "b6q098 art55 170": (max(3 * 170, 500), 510),
    "b6q130 art55 3150": (max(3 * 3150, 500), 9450),
    "b6q002 art148 450": (max(10 * 450, 1000), 4500),
    "b6q034 art148 88": (max(10 * 88, 1000), 1000),
    "b6q067 art148 102": (max(10 * 102, 1000), 1020),
    "b6q099 art148 1288": (max(10 * 1288, 1000), 12880),
    "b6q131 art148 36": (max(10 * 36, 1000), 1000),
    "b6q003 no_reason_7d": (calendar_days("2026-06-16", 7), D("2026-06-23")),
    "b6q100 no_reason_7d": (calendar_days("2026-12-28", 7), D("2027-01-04")),
    "b6q068 quality_15d": (calendar_days("2026-08-03", 15), D("2026-08-18")),
    "b6q035 repair_30d": (calendar_days("2026-01-20", 30), D("2026-02-19")),
    "b6q004 success_15d": (plus("2026-03-08T16:40", days=15), T("2026-03-23T16:40")),
    "b6q101 success_15d": (plus("2026-09-21T08:05", days=15), T("2026-10-06T08:05")),
    "b6q069 closed_15d": (plus("2026-11-02T21:30", days=15), T("2026-11-17T21:30")),
    "b6q132 created_15d": (plus("2026-04-01T13:00", days=15), T("2026-04-16T13:00")),
    "b6q133 rights_center_9d": (plus("2026-07-15T18:20", days=9), T("2026-07-24T18:20")),
    "b6q036 late_ship_72h": (plus("2026-10-18T23:30", hours=72), T("2026-10-21T23:30")),
    "b6q037 seller_reply_72h": (seller_72h("2026-09-02T14:00", []), T("2026-09-05T14:00")),
    "b6q005 edit at hour 56": (seller_72h("2026-05-20T11:00", ["2026-05-22T19:00"]), T("2026-05-23T19:00")),
    "b6q070 edit at hour 40": (seller_72h("2026-06-01T08:00", ["2026-06-03T00:00"]), T("2026-06-04T08:00")),
    "b6q102 two edits": (seller_72h("2026-11-09T10:00", ["2026-11-11T16:00", "2026-11-12T15:00"]),
                         T("2026-11-13T15:00")),
    "b6q006 intervention_2wd": (working_days("2026-10-09", 2), D("2026-10-12")),
    "b6q071 report_fake_3_5wd": (working_days("2026-09-24", 5), D("2026-10-09")),
    "b6q134 report_fake_3_5wd": (working_days("2026-04-02", 5), D("2026-04-10")),
    "b6q103 report_banned_1wd": (working_days("2026-02-27", 1), D("2026-02-28")),
    "b6q038 hotline_12315_open": (next_open_12315("2026-12-15T17:45"), T("2026-12-16T08:30")),
    "b6q135 hotline_12315_open": (next_open_12315("2026-12-11T12:05"), T("2026-12-11T14:00")),
}
for name, (got, want) in checks.items():
    assert got == want, (name, got, want)
assert len(checks) == 30
