"""Re-derive the computed figures of dev round A from FACTS.md's rules; imports nothing from the project.

Rules: consumer law Art. 55 (3x, at least 500), Food Safety Law Art. 148 (10x, at least 1000; food
only), FACTS §7.2 (hours, days, calendar_days, working_days with appendix A's 2026 calendar),
§7.4 (amount edits in the last 24 h of the 72 h window), §9.1 (official numbers
9510211 and 12315). Prints nothing when every figure agrees with questions.yaml; exits 1 otherwise.
"""

from __future__ import annotations

import re
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

HOLIDAYS = [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
            ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
            ("2026-10-01", "2026-10-07")]
MAKEUP = {date.fromisoformat(d) for d in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20",
                                          "2026-10-10")}
OFF = {date.fromisoformat(a) + timedelta(days=i) for a, b in HOLIDAYS
       for i in range((date.fromisoformat(b) - date.fromisoformat(a)).days + 1)}
OFFICIAL = {"9510211", "12315"}


def art55(price: float) -> int:
    return round(max(3 * price, 500))


def art148(price: float) -> int:
    return round(max(10 * price, 1000))


def hours(t: datetime, n: int) -> datetime:
    return t + timedelta(hours=n)


def days(t: datetime, n: int) -> datetime:
    return t + timedelta(days=n)


def calendar_days(d: date, n: int) -> date:
    return d + timedelta(days=n)  # the day itself not counted; day n ends at 23:59:59


def is_workday(d: date) -> bool:
    return d in MAKEUP or (d.weekday() < 5 and d not in OFF)


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


def official(number: str) -> bool:
    return re.sub(r"\D", "", number) in OFFICIAL


dt = datetime.fromisoformat
dd = date.fromisoformat
# id -> (what the question gives, the figure by the rule); hand-derived values are in the README.
CASES = {
    "daq001": art55(260), "daq002": art55(166), "daq021": art55(3399), "daq022": art148(230),
    "daq041": art148(65), "daq061": art55(499), "daq062": art148(99.9), "daq063": art55(120),
    "daq081": art55(2150), "daq082": art148(168),
    "daq003": calendar_days(dd("2026-09-28"), 7), "daq004": days(dt("2026-12-20T22:15"), 15),
    "daq023": calendar_days(dd("2026-04-30"), 15), "daq042": days(dt("2026-05-28T09:10"), 15),
    "daq043": days(dt("2026-02-10T20:00"), 15),
    "daq044": seller_reply(dt("2026-03-02T09:00"), [dt("2026-03-04T20:00")]),
    "daq064": working_days(dd("2026-04-29"), 2), "daq083": calendar_days(dd("2026-07-10"), 30),
    "daq084": working_days(dd("2026-02-13"), 5),
    "daq024": official("9510211"), "daq065": official("4008-123-456"), "daq085": official("057128282058"),
}
HAND = {"daq001": 780, "daq002": 500, "daq021": 10197, "daq022": 2300, "daq041": 1000, "daq061": 1497,
        "daq062": 1000, "daq063": 500, "daq081": 6450, "daq082": 1680,
        "daq003": dd("2026-10-05"), "daq004": dt("2027-01-04T22:15"), "daq023": dd("2026-05-15"),
        "daq042": dt("2026-06-12T09:10"), "daq043": dt("2026-02-25T20:00"), "daq044": dt("2026-03-05T20:00"),
        "daq064": dd("2026-05-06"), "daq083": dd("2026-08-09"), "daq084": dd("2026-02-27"),
        "daq024": True, "daq065": False, "daq085": False}


def main() -> int:
    qs = {q["id"]: q for q in yaml.safe_load((Path(__file__).parent / "questions.yaml").read_text("utf-8"))["questions"]}
    errors = []
    computed = {i for i, q in qs.items() if "computed" in q.get("tags", [])}
    if computed != set(CASES):
        errors.append(f"computed tags {sorted(computed ^ set(CASES))} differ from the cases")
    # also check the sanity of the calendar helpers against FACTS §7.4's worked examples
    ex = [(dt("2026-07-06T09:00"), [], dt("2026-07-09T09:00")),
          (dt("2026-07-06T09:00"), [dt("2026-07-07T15:00")], dt("2026-07-09T09:00")),
          (dt("2026-07-06T09:00"), [dt("2026-07-08T21:00")], dt("2026-07-09T21:00")),
          (dt("2026-07-06T09:00"), [dt("2026-07-08T21:00"), dt("2026-07-09T20:00")], dt("2026-07-10T20:00"))]
    errors += [f"§7.4 example {t0} {e}" for t0, e, want in ex if seller_reply(t0, e) != want]
    for i, got in CASES.items():
        if got != HAND[i]:
            errors.append(f"{i}: rule gives {got}, hand gives {HAND[i]}")
            continue
        first = [g[0] for g in qs[i]["expect"]]
        if isinstance(got, bool):
            want = ["9510211"] if got else ["不在官方"]
            if first[0] != want[0]:
                errors.append(f"{i}: expect {first} does not say official={got}")
        elif isinstance(got, int):
            if first[0] != str(got):
                errors.append(f"{i}: expect {first[0]} != {got}")
        else:
            if first[0] != got.strftime("%Y-%m-%d"):
                errors.append(f"{i}: date {first[0]} != {got:%Y-%m-%d}")
            if isinstance(got, datetime) and (len(first) < 2 or first[1] != got.strftime("%H:%M")):
                errors.append(f"{i}: time {first[1:]} != {got:%H:%M}")
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
