"""The category data the intake form uses (FACTS §2)."""

from __future__ import annotations

import pytest

from knowledge.loader import load_kb

FACTS_SLUGS = [
    "counterfeit", "quality", "not_as_described", "not_received", "late_shipping",
    "logistics_damage", "after_sales_refused", "broken_promise", "harassment",
    "malicious_review", "prohibited_goods", "fraud", "other",
]


def test_categories_in_facts_order() -> None:
    assert [c.slug for c in load_kb().categories] == FACTS_SLUGS


def test_category_lookup() -> None:
    kb = load_kb()
    assert kb.category("counterfeit").name.get("zh") == "假货"
    assert kb.category("counterfeit").name.get("en") == "Counterfeit"
    with pytest.raises(KeyError):
        kb.category("nope")


@pytest.mark.parametrize("slug", FACTS_SLUGS)
def test_category_is_complete(slug: str) -> None:
    c = load_kb().category(slug)
    assert len(c.name.zh) <= 8, "button label too long"
    assert c.description.zh and c.description.en
    assert c.next_step.zh.count("\n") >= 2 and c.next_step.en
    assert c.evidence_required and c.channels and c.sources and c.where_to_file


def test_load_is_cached() -> None:
    assert load_kb() is load_kb()
