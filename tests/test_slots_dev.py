"""A regression guard on the slots' labelled sets (tests/data/slots_dev.yaml, slots_fresh.yaml
and slots_probe13.yaml, all DEV DATA: their first sights are in their headers). Not a measure of
how well the finder generalises (the sets were used to find what to fix), only that what was
read right keeps being read right, and that a wrong value stays rarer than a question: every
value filled is checked against what a careful human would fill from the same words."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.loader import load_kb
from tests.slots_eval import DEV, evaluate

FRESH = Path(__file__).parent / "data" / "slots_fresh.yaml"
PROBE = Path(__file__).parent / "data" / "slots_probe13.yaml"


@pytest.mark.parametrize(("labelled", "precision", "recall"),
                         [(DEV, 0.99, 0.95), (FRESH, 0.99, 0.97), (PROBE, 0.99, 0.94)],
                         ids=["dev", "fresh", "probe13"])
def test_the_form_fills_what_the_words_say_and_little_else(labelled: Path, precision: float,
                                                          recall: float) -> None:
    overall, _, misses = evaluate(load_kb(), labelled)
    tp, fp, fn = (sum(c.values()) for c in (overall.tp, overall.fp, overall.fn))
    assert tp / (tp + fp) >= precision, misses
    assert tp / (tp + fn) >= recall, misses
