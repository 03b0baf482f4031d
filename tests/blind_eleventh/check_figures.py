"""Re-derive the eleventh set's 30 computed figures from FACTS.md's rules (§7.2-§7.4, appendix A,
appendix B Art. 55 / Food Safety Law Art. 148). Stand-alone: imports nothing from the project.
Prints nothing when every figure agrees with questions.yaml; otherwise prints the disagreements."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

HOLIDAYS = set()
for start, end in [
    ("2026-01-01", "2026-01-03"),
    ("2026-02-15", "2026-02-23"),
    ("2026-04-04", "2026-04-06"),
    ("2026-05-01", "2026-05-05"),
    ("2026-06-19", "2026-06-21"),
    ("2026-09-25", "2026-09-27"),
    ("2026-10-01", "2026-10-07"),
]:
    d, e = date.fromisoformat(start), date.fromisoformat(end)
    while d <= e:
        HOLIDAYS.add(d)
        d += timedelta(days=1)
MAKEUP = {
    date.fromisoformat(s)
    for s in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")
}


def workday(d: date) -> bool:
    return d in MAKEUP or (d.weekday() < 5 and d not in HOLIDAYS)


def working_days(start: date, n: int) -> date:
    d = start
    while n:
        d += timedelta(days=1)
        n -= workday(d)
    return d


def calendar_days(start: date, n: int) -> date:
    return start + timedelta(days=n)


def edits_72h(t0: datetime, edits: list[datetime]) -> datetime:
    deadline = t0 + timedelta(hours=72)
    for e in sorted(edits):
        if e >= deadline:
            break
        if e >= deadline - timedelta(hours=24):
            deadline = e + timedelta(hours=24)
    return deadline


def next_open(t: datetime) -> datetime:
    slots = [((8, 30), (12, 0)), ((14, 0), (17, 30))]
    day = t
    while True:
        if day.weekday() < 5:
            for (h1, m1), (h2, m2) in slots:
                a, b = day.replace(hour=h1, minute=m1), day.replace(hour=h2, minute=m2)
                if t < b and a <= t:
                    return t
                if t < a:
                    return a
        day = (day + timedelta(days=1)).replace(hour=0, minute=0)
        t = max(t, day)


def art55(price: int) -> int:
    return max(3 * price, 500)


def art148(price: int) -> int:
    return max(10 * price, 1000)


def dt(s: str) -> datetime:
    return datetime.fromisoformat(s)


D = date.fromisoformat
H = timedelta(hours=1)
# question id -> the figures FACTS' rules give (first alternative of each expect group)
FIGURES = {
    "e11q001": [str(art55(260))],
    "e11q002": [str(art148(320))],
    "e11q033": [str(art55(99))],
    "e11q034": [str(art148(66))],
    "e11q065": [str(art55(1350))],
    "e11q066": [str(art148(105))],
    "e11q097": [str(art55(168))],
    "e11q098": [str(art148(2380))],
    "e11q127": [str(art55(4200))],
    "e11q128": [str(art148(58))],
    "e11q129": [str(art55(45))],
    "e11q003": [calendar_days(D("2026-03-10"), 7).isoformat()],
    "e11q099": [calendar_days(D("2026-09-30"), 7).isoformat()],
    "e11q035": [calendar_days(D("2026-05-06"), 15).isoformat()],
    "e11q067": [calendar_days(D("2026-07-01"), 30).isoformat()],
    "e11q004": [dt("2026-04-20T10:15") + 15 * 24 * H],
    "e11q068": [dt("2026-08-12T09:40") + 15 * 24 * H],
    "e11q130": [dt("2026-02-10T22:00") + 15 * 24 * H],
    "e11q100": [dt("2026-11-25T11:30") + 9 * 24 * H],
    "e11q036": [dt("2026-06-05T19:10") + 72 * H],
    "e11q070": [dt("2026-03-03T10:00") + 72 * H],
    "e11q005": [edits_72h(dt("2026-08-03T12:00"), [dt("2026-08-05T18:00")])],
    "e11q101": [edits_72h(dt("2026-10-20T09:00"), [dt("2026-10-21T09:00")])],
    "e11q037": [working_days(D("2026-04-30"), 2).isoformat()],
    "e11q006": [working_days(D("2026-02-09"), 5).isoformat()],
    "e11q102": [working_days(D("2026-06-16"), 5).isoformat()],
    "e11q069": [working_days(D("2026-09-30"), 1).isoformat()],
    "e11q131": [working_days(D("2026-01-03"), 1).isoformat()],
    "e11q038": [next_open(dt("2026-11-14T10:00"))],
    "e11q132": [next_open(dt("2026-12-09T12:30"))],
}
WEEKDAYS = {
    "e11q006": ("2026-02-09", 0),
    "e11q102": ("2026-06-16", 1),
    "e11q131": ("2026-01-03", 5),
    "e11q038": ("2026-11-14", 5),
    "e11q132": ("2026-12-09", 2),
}


def expand(fig: object, qid: str) -> list[str]:
    if isinstance(fig, datetime):
        if qid == "e11q132":  # same day: only the time is asked
            return [fig.strftime("%H:%M")]
        if qid == "e11q038":
            return [fig.date().isoformat(), f"{fig.hour}:{fig.minute:02d}"]
        return [fig.date().isoformat(), fig.strftime("%H:%M")]
    return [str(fig)]


def main() -> None:
    here = Path(__file__).resolve().parent
    questions = {
        q["id"]: q
        for q in yaml.safe_load((here / "questions.yaml").read_text(encoding="utf-8"))["questions"]
    }
    computed = {k for k, q in questions.items() if "computed" in (q.get("tags") or [])}
    if computed != set(FIGURES):
        print("computed ids differ:", sorted(computed ^ set(FIGURES)))
    for qid, (day, wd) in WEEKDAYS.items():
        if D(day).weekday() != wd:
            print(qid, "weekday of", day, "is", D(day).weekday())
    for qid, figs in FIGURES.items():
        want = [x for f in figs for x in expand(f, qid)]
        got = [g[0] for g in questions[qid]["expect"]][: len(want)]
        if want != got:
            print(qid, "rules give", want, "yaml says", got)


if __name__ == "__main__":
    main()
