"""Floors on the frozen blind set (tests/blind/README.md): a regression in what a new shopper
gets answered or classified fails here. The floors are the first-sight figures (2026-12-06,
commit ac533bb) rounded down to a whole percent; they are only ever raised, never lowered.
Raised on 2026-12-07 to one percent under the figures then reached (one question of slack)."""

from __future__ import annotations

import pytest

from tests.blind_eval import Report, evaluate

ANSWERS_FLOOR = 87.0  # answered with the fact asked (first sight 65.7%, 77.5% at the end of the 2026-12-06 session, 84.0% after issue 12's languages work, 88.2% after the third session of 2026-12-07)
OUT_OF_SCOPE_FLOOR = 96.0  # no confident answer out of scope (first sight 92.6%, 96.3% at the end of that session)
CLASSIFIER_FLOOR = 88.0  # right category (first sight 84.7%, 86.9% at the end of that session, 89.1% on 2026-12-07)


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate()


def test_the_frozen_set_is_the_size_the_protocol_asks(report: Report) -> None:
    assert report.answers["all"].total + report.oos["all"].total >= 150
    assert report.oos["all"].total >= 20
    assert report.classifier["all"].total >= 120


def test_answers_do_not_fall_below_first_sight(report: Report) -> None:
    assert report.answers["all"].pct >= ANSWERS_FLOOR, "\n".join(m for m in report.misses if m.startswith("[ans"))


def test_out_of_scope_questions_stay_unanswered(report: Report) -> None:
    assert report.oos["all"].pct >= OUT_OF_SCOPE_FLOOR, "\n".join(m for m in report.misses if m.startswith("[oos"))


def test_classifier_does_not_fall_below_first_sight(report: Report) -> None:
    assert report.classifier["all"].pct >= CLASSIFIER_FLOOR, "\n".join(m for m in report.misses if m.startswith("[cls"))
