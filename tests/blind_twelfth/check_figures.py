"""Re-derive the twelfth set's 30 computed figures from FACTS.md's rules (§7.2-§7.4, appendix A,
appendix B) and check that each is in the item's expect groups. Stand-alone: imports nothing from the
project. Prints nothing when all agree."""

from __future__ import annotations

import sys
import unicodedata
from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml

HOLIDAYS_2026 = [(date(2026, 1, 1), date(2026, 1, 3)), (date(2026, 2, 15), date(2026, 2, 23)),
                 (date(2026, 4, 4), date(2026, 4, 6)), (date(2026, 5, 1), date(2026, 5, 5)),
                 (date(2026, 6, 19), date(2026, 6, 21)), (date(2026, 9, 25), date(2026, 9, 27)),
                 (date(2026, 10, 1), date(2026, 10, 7))]
MAKEUP_2026 = {date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
               date(2026, 9, 20), date(2026, 10, 10)}


def is_workday(d: date) -> bool:
    if d in MAKEUP_2026:
        return True
    if any(a <= d <= b for a, b in HOLIDAYS_2026):
        return False
    return d.weekday() < 5


def working_days(start: date, n: int) -> date:
    d, count = start, 0
    while count < n:
        d += timedelta(days=1)
        count += is_workday(d)
    return d


def calendar_days(start: date, n: int) -> date:
    return start + timedelta(days=n)


def next_open_12315(now: datetime) -> datetime:
    spans = [(time(8, 30), time(12, 0)), (time(14, 0), time(17, 30))]
    d = now
    while True:
        if d.weekday() < 5:
            for a, b in spans:
                if d.time() < b:
                    return d if d.time() >= a else datetime.combine(d.date(), a)
        d = datetime.combine(d.date() + timedelta(days=1), time(0, 0))


def seller_reply(t0: datetime, edits: list[datetime]) -> datetime:
    deadline = t0 + timedelta(hours=72)
    for e in sorted(edits):
        if e >= deadline:
            break
        if e >= deadline - timedelta(hours=24):
            deadline = e + timedelta(hours=24)
    return deadline


def art55(price: int) -> int:
    return max(3 * price, 500)


def art148(price: int) -> int:
    return max(10 * price, 1000)


DT = datetime
# id -> the figure: an int amount, a date, or a datetime (date and time both expected)
FIGURES = {
    "t12q001": art55(260),
    "t12q002": art148(65),
    "t12q003": calendar_days(date(2026, 9, 28), 7),                       # no_reason_7d
    "t12q004": seller_reply(DT(2026, 11, 3, 20, 0), []),                   # seller_reply_72h
    "t12q005": working_days(date(2026, 4, 30), 5),                         # report_fake_3_5wd
    "t12q006": DT(2026, 12, 1, 10, 15) + timedelta(days=9),                # rights_center_9d
    "t12q033": art55(1200),
    "t12q034": art148(380),
    "t12q035": calendar_days(date(2026, 12, 20), 15),                      # quality_15d
    "t12q036": working_days(date(2026, 9, 30), 2),                         # intervention_2wd
    "t12q037": next_open_12315(DT(2026, 12, 12, 10, 0)),                   # Saturday morning
    "t12q038": DT(2026, 5, 1, 9, 30) + timedelta(days=15),                 # success_15d
    "t12q065": art55(99),
    "t12q066": art148(150),
    "t12q067": calendar_days(date(2026, 2, 10), 30),                       # repair_30d
    "t12q068": DT(2026, 6, 18, 22, 0) + timedelta(hours=72),               # late_ship_72h
    "t12q069": working_days(date(2026, 1, 2), 1),                          # report_banned_1wd
    "t12q070": DT(2026, 8, 10, 15, 20) + timedelta(days=15),               # created_15d
    "t12q097": art55(1650),
    "t12q098": art148(120),
    "t12q099": calendar_days(date(2026, 2, 12), 7),                        # no_reason_7d
    "t12q100": seller_reply(DT(2026, 10, 12, 10, 0), [DT(2026, 10, 14, 16, 0)]),  # §7.4 edit
    "t12q101": DT(2026, 3, 3, 18, 45) + timedelta(days=15),                # closed_15d
    "t12q102": DT(2026, 7, 20, 11, 0) + timedelta(days=5),                 # complaint_5d
    "t12q129": art55(230),
    "t12q130": art148(45),
    "t12q131": next_open_12315(DT(2026, 12, 18, 17, 40)),                  # Friday after 17:30
    "t12q132": working_days(date(2026, 10, 9), 5),                         # report_fake_3_5wd
    "t12q133": DT(2026, 6, 30, 23, 10) + timedelta(days=15),               # success_15d
    "t12q134": (DT(2026, 11, 25) + timedelta(days=3)).date(),              # human_agent_3d
}


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def main() -> int:
    items = yaml.safe_load((Path(__file__).parent / "questions.yaml").read_text(encoding="utf-8"))["questions"]
    computed = {q["id"]: q for q in items if "computed" in q.get("tags", [])}
    bad = []
    if set(computed) != set(FIGURES):
        bad.append(f"computed ids differ: {sorted(set(computed) ^ set(FIGURES))}")
    for qid, fig in FIGURES.items():
        groups = [[norm(a) for a in g] for g in computed.get(qid, {}).get("expect", [])]
        if isinstance(fig, int):
            want = [str(fig)]
        elif isinstance(fig, datetime):
            want = [fig.date().isoformat(), f"{fig.hour:02d}:{fig.minute:02d}"]
        else:
            want = [fig.isoformat()]
        for w, g in zip(want, (groups + [[]] * len(want))[:len(want)], strict=True):
            if w not in g:
                bad.append(f"{qid}: {w} not in {g[:3]}")
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
