"""The accuracy floors of issue 17 on the frozen screenshots (never tuned on), read by the real
engine. The test reads every fifth image of the frozen range to stay fast; `make bench`
(tests/bench_ocr.py) reports the whole range."""

from __future__ import annotations

import pytest

from tests.bench_ocr import measure
from tests.screens import score
from tests.screens.generate import FROZEN

pytest.importorskip("rapidocr_onnxruntime")

SUBSET = list(FROZEN)[::5]


@pytest.fixture(scope="module")
def report() -> score.Report:
    return measure(SUBSET)


@pytest.mark.parametrize("name", sorted(score.FLOORS))
def test_field_floor(report: score.Report, name: str) -> None:
    tally = report.fields[name]
    assert tally.shown > 0, f"no frozen image of the subset shows {name}"
    misses = [m for m in report.misses if f": {name} " in m or name == "dates"]
    assert tally.share >= score.FLOORS[name], "\n".join(misses)


def test_bad_images_are_refused_and_nothing_is_filled_from_them(report: score.Report) -> None:
    assert report.refusals.shown > 0 and report.refusals.share == 1.0, report.misses
    assert report.accepted.share >= 0.95, report.misses
    assert report.wrong_fills == []


def test_the_sellers_promises_and_refusals_are_found(report: score.Report) -> None:
    assert report.said.shown > 0 and report.said.share >= 0.9, report.misses
