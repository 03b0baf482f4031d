"""How well screenshots were read: per field, the share of images showing that field whose value
was read exactly; how many values were read that the image does not show; whether each bad
image was refused and each good one accepted; and the CPU time per image."""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from typing import Any

DATES = ("created_at", "paid_at", "shipped_at", "success_at", "received_at",
         "refund_requested_at", "refund_decided_at")
FIELDS = ("order_no", "amount", "shop", "item", "status", "carrier", "tracking_no",
          "refund_status", "refund_amount", *DATES)
OURS = ("taobao", "tmall")
# The floors the issue sets (share of images showing the field, read exactly).
FLOORS = {"order_no": 0.98, "amount": 0.98, "dates": 0.95, "shop": 0.90}


@dataclass
class Tally:
    right: int = 0
    shown: int = 0

    @property
    def share(self) -> float:
        return self.right / self.shown if self.shown else 1.0


@dataclass
class Report:
    images: int = 0
    fields: dict[str, Tally] = field(default_factory=dict)
    wrong_fills: list[str] = field(default_factory=list)  # values read that are not there
    refusals: Tally = field(default_factory=Tally)  # bad images refused
    accepted: Tally = field(default_factory=Tally)  # good images taken
    said: Tally = field(default_factory=Tally)  # seller's promises/refusals found, with date
    said_extra: int = 0
    cpu: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def tally(self, name: str) -> Tally:
        return self.fields.setdefault(name, Tally())


def same(name: str, truth: Any, read: str | None) -> bool:
    if read is None:
        return False
    if name in DATES:
        return str(truth)[:10] == read[:10]
    if name == "item":
        full, got = _squeeze(str(truth)), _squeeze(read).rstrip("….")
        return len(got) >= min(8, len(full)) and full.startswith(got)
    if name in ("shop",):
        return _squeeze(str(truth)) == _squeeze(read)
    return str(truth) == read


def add(report: Report, name: str, truth: dict[str, Any], reading: dict[str, Any],
        cpu: float) -> None:
    report.images += 1
    report.cpu.append(cpu)
    bad = truth["kind"] in ("photo", "unreadable", "other") or truth["platform"] not in OURS
    refused = reading["problem"] is not None
    (report.refusals if bad else report.accepted).shown += 1
    if bad == refused:
        (report.refusals if bad else report.accepted).right += 1
    else:
        report.misses.append(f"{name}: {'accepted' if bad else 'refused'} ({reading['problem']})")
    read = {k: v["value"] for k, v in reading["fields"].items()} if not refused else {}
    shown = truth["fields"] if not bad else {}
    for f in FIELDS:
        if f in shown:
            ok = same(f, shown[f], read.get(f))
            report.tally(f).shown += 1
            report.tally(f).right += ok
            if f in DATES:
                report.tally("dates").shown += 1
                report.tally("dates").right += ok
            if not ok:
                report.misses.append(f"{name}: {f} {shown[f]!r} read {read.get(f)!r}")
        elif f in read and f not in truth.get("partial", ()):
            report.wrong_fills.append(f"{name}: {f} {read[f]!r} is not on it")
    _said(report, name, truth.get("statements", []), reading["said"] if not refused else [])


def _said(report: Report, name: str, truth: list[dict[str, Any]],
          read: list[dict[str, Any]]) -> None:
    got = [(s["kind"], s["key"], s["date"]) for s in read]
    for s in truth:
        report.said.shown += 1
        want = (s["kind"], s["key"], s["date"])
        if want in got:
            report.said.right += 1
            got.remove(want)
        else:
            report.misses.append(f"{name}: said {want} not found")
    report.said_extra += len(got)
    report.misses.extend(f"{name}: said {g} is not there" for g in got)


def lines(report: Report) -> list[str]:
    out = [f"{report.images} images"]
    for name in ("order_no", "amount", "dates", "shop", *[f for f in FIELDS if f not in
                                                             ("order_no", "amount", "shop")]):
        t = report.fields.get(name)
        if t is not None and t.shown:
            floor = FLOORS.get(name)
            mark = "" if floor is None else f"  (floor {floor:.0%})"
            out.append(f"  {name:20s} {t.share:7.1%}  {t.right}/{t.shown}{mark}")
    out.append(f"  {'wrong fills':20s} {len(report.wrong_fills)}")
    out.append(f"  {'bad images refused':20s} {report.refusals.share:7.1%}  "
               f"{report.refusals.right}/{report.refusals.shown}")
    out.append(f"  {'good images taken':20s} {report.accepted.share:7.1%}  "
               f"{report.accepted.right}/{report.accepted.shown}")
    out.append(f"  {'seller said (w/ day)':20s} {report.said.share:7.1%}  "
               f"{report.said.right}/{report.said.shown}, {report.said_extra} extra")
    if report.cpu:
        cpu = sorted(report.cpu)
        out.append(f"  CPU per image: mean {statistics.mean(cpu):.2f} s, median "
                   f"{statistics.median(cpu):.2f} s, p90 {cpu[int(len(cpu) * 0.9)]:.2f} s, "
                   f"max {cpu[-1]:.2f} s")
    return out


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
