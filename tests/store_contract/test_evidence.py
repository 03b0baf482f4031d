"""Evidence rows: each query scoped to its user; a case keeps each content once."""

from __future__ import annotations

import pytest

from bot.store.contract import Store
from tests.store_contract.given import case, evidence

A, B, C = "a" * 64, "b" * 64, "c" * 64


def test_an_item_round_trips(store: Store) -> None:
    case_id = case(store, 1)
    kept = evidence(store, 1, case_id, A, size=123, caption="订单截图", label="order_page",
                    tg_unique_id="U1", file_name="x.jpg", forwarded=1,
                    captured_at="2026-04-30T08:00:00+08:00")
    got = store.evidence.get(1, kept.id)
    assert got == kept
    assert (got.sha256, got.size, got.caption, got.label, got.forwarded) == (
        A, 123, "订单截图", "order_page", 1)
    assert store.evidence.get(2, kept.id) is None  # another user's id is no id
    assert store.evidence.get(1, kept.id + 1) is None


def test_a_case_keeps_each_content_once(store: Store) -> None:
    case_id = case(store, 1)
    evidence(store, 1, case_id, A)
    with pytest.raises(store.errors):
        evidence(store, 1, case_id, A)
    evidence(store, 1, case(store, 1), A)  # another case may have it too


def test_finding_items(store: Store) -> None:
    case_id = case(store, 1)
    first = evidence(store, 1, case_id, A, tg_unique_id="U")
    evidence(store, 1, case_id, B, tg_unique_id="U")
    assert store.evidence.find(1, case_id, A) == first
    assert store.evidence.find(2, case_id, A) is None
    assert store.evidence.find(1, case_id, C) is None
    assert store.evidence.find_by_unique_id(1, case_id, "U") == first  # the oldest
    assert store.evidence.find_by_unique_id(1, case_id, "V") is None
    assert store.evidence.find_by_unique_id(2, case_id, "U") is None


def test_counts_and_usage_count_each_content_once(store: Store) -> None:
    one, two = case(store, 1), case(store, 1)
    evidence(store, 1, one, A, size=100)
    evidence(store, 1, one, B, size=50)
    evidence(store, 1, two, A, size=100)
    evidence(store, 2, case(store, 2), C, size=999)
    assert [store.evidence.count_in_case(1, c) for c in (one, two)] == [2, 1]
    assert store.evidence.count_in_case(2, one) == 0
    assert store.evidence.usage(1, A) == (2, 150, True)
    assert store.evidence.usage(1, C) == (2, 150, False)
    assert store.evidence.usage(3, A) == (0, 0, False)


def test_of_case_and_for_dossier_orders(store: Store) -> None:
    case_id = case(store, 1)
    late = evidence(store, 1, case_id, A, received_at="2026-05-02T10:00:00+08:00")
    early = evidence(store, 1, case_id, B, received_at="2026-05-01T10:00:00+08:00")
    assert [i.id for i in store.evidence.of_case(1, case_id)] == [late.id, early.id]
    assert store.evidence.of_case(2, case_id) == []
    listed = store.evidence.for_dossier(case_id)
    assert [i["id"] for i in listed] == [early.id, late.id]
    assert set(listed[0]) == {"id", "sha256", "kind", "label", "caption", "size", "mime",
                              "file_name", "received_at", "captured_at"}


def test_labels_change_only_for_their_owner(store: Store) -> None:
    item = evidence(store, 1, case(store, 1), A)
    with store.transaction():
        assert store.evidence.set_label(2, item.id, "receipt") is False
        assert store.evidence.set_label(1, item.id, "receipt") is True
    assert store.evidence.get(1, item.id).label == "receipt"  # type: ignore[union-attr]


@pytest.mark.parametrize(("scope", "count", "left"), [
    ({"item_id": "first"}, 1, 3), ({"case_id": "one"}, 2, 2), ({}, 3, 1)])
def test_deleting_returns_what_went_and_its_hashes(store: Store, scope: dict[str, str],
                                                   count: int, left: int) -> None:
    one, two = case(store, 1), case(store, 1)
    first = evidence(store, 1, one, A)
    evidence(store, 1, one, B)
    evidence(store, 1, two, A)
    evidence(store, 2, case(store, 2), C)
    names = {"first": first.id, "one": one}
    with store.transaction():
        gone, hashes = store.evidence.delete(1, **{k: names[v] for k, v in scope.items()})
    assert gone == count and hashes <= {A, B} and hashes
    assert len(store.evidence.hashes()) == left
    assert store.evidence.referenced(C)
    assert store.evidence.delete(2, item_id=first.id) == (0, set())


def test_hashes_list_every_row(store: Store) -> None:
    assert store.evidence.hashes() == []
    a = evidence(store, 1, case(store, 1), A)
    c = evidence(store, 2, case(store, 2), C)
    assert store.evidence.hashes() == [(a.id, A), (c.id, C)]
    assert store.evidence.referenced(A) and not store.evidence.referenced(B)
