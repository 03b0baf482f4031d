"""The second blind set (tests/blind_second/README.md) loads through the harness and has the size
and spread the protocol asks for. Nothing here grades it: it is measured once, at first sight."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.blind_eval import STYLES, load_set, main

CATEGORIES = {"counterfeit", "quality", "not_as_described", "not_received", "late_shipping",
              "logistics_damage", "after_sales_refused", "broken_promise", "harassment",
              "malicious_review", "prohibited_goods", "fraud", "other"}


def test_the_second_set_is_the_size_and_spread_the_protocol_asks() -> None:
    questions, complaints = load_set("second")
    oos = [q for q in questions if q.get("out_of_scope")]
    assert len(questions) >= 150 and len(oos) >= 18
    assert all(n >= 25 for n in Counter(q["style"] for q in questions).values())
    assert set(Counter(q["style"] for q in questions)) == set(STYLES)
    assert len(complaints) >= 130
    per_category = Counter(c["category"] for c in complaints)
    assert set(per_category) == CATEGORIES and min(per_category.values()) >= 8


def test_every_answerable_question_says_what_a_right_answer_contains() -> None:
    questions, _ = load_set("second")
    ids = [q["id"] for q in questions]
    assert len(ids) == len(set(ids))
    for q in questions:
        assert q["lang"] in ("zh", "en") and q["style"] in STYLES and q["aspect"] and q["fact"]
        if not q.get("out_of_scope"):
            assert q["expect"] and all(group and all(alt.strip() for alt in group) for group in q["expect"])


def test_a_dry_run_of_the_second_set_prints_its_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--set", "second", "--dry-run"]) == 0
    out = capsys.readouterr().out
    questions, complaints = load_set("second")
    assert f"set second: {len(questions)} questions" in out and f"{len(complaints)} complaints" in out
    assert all(f"style:{style}" in out for style in STYLES)
