"""Snapshot.clone: the engine changes the copy, the store compares it with the original, so a
clone must equal its original and share no list, dict or changeable object with it."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from dialogs.snapshot import (
    Case,
    CaseEvent,
    CaseNote,
    Desk,
    EvidenceNote,
    HandoverNote,
    Session,
    Snapshot,
)
from dialogs.tally_notes import Counts, ShopRef, TallyNote


def full_snapshot() -> Snapshot:
    """Every field that can hold a list, dict or object holds one."""
    session = Session(user_id=7, chat_id=7, trail=["shop", "item"], label_batch=[3], guess_others=["quality"],
                      pending_files=[{"file_id": "a", "sizes": [1, 2]}],
                      pending_notes=[{"text": "x", "kind": "story"}],
                      screen_offer={"fields": {"shop": "A"}, "ids": [1, 2]},
                      shown={"f3:!keep": "✅ 保留"})
    case = Case(id=1, user_id=7, fields={"shop": "A", "item": "B"},
                events=[CaseEvent("paid", "2026-11-10T00:00:00+08:00", id=1)],
                meta={"understood": {"shop": "A"}, "acks": ["r1"]},
                notes=[CaseNote("told", "2026-11-10T00:00:00+08:00", "story")])
    tally = TallyNote(case_id=1, shop="A", others=Counts(2, (("fake", 2),)),
                      similar=(ShopRef(1, "A"),))
    return Snapshot(session=session, cases={1: case}, recent=["hi"], tally={1: tally},
                    evidence=[EvidenceNote(1, 1, None, "photo", 3, "ab", "image/png", "t")],
                    handover=HandoverNote(1, "waiting", 1, None, "t"), desk=Desk(True))


def mutable_parts(value: Any, found: dict[int, Any]) -> dict[int, Any]:
    """id -> object of every list, dict and non-frozen dataclass reachable from `value`."""
    if isinstance(value, (list, dict)) or is_dataclass(value) and \
            not type(value).__dataclass_params__.frozen:  # type: ignore[attr-defined]
        found[id(value)] = value
    children = value.values() if isinstance(value, dict) else value if \
        isinstance(value, (list, tuple)) else [getattr(value, f.name) for f in fields(value)] \
        if is_dataclass(value) else []
    for child in children:
        mutable_parts(child, found)
    return found


def test_a_clone_equals_its_original_and_shares_nothing_changeable() -> None:
    original = full_snapshot()
    twin = original.clone()
    assert twin == original
    shared = mutable_parts(original, {}).keys() & mutable_parts(twin, {}).keys()
    assert not shared


def test_changing_the_clone_leaves_the_original_as_it_was() -> None:
    original, untouched = full_snapshot(), full_snapshot()
    twin = original.clone()
    twin.session.trail.append("amount")
    twin.session.pending_files[0]["sizes"].append(3)
    twin.session.screen_offer["fields"]["shop"] = "B"  # type: ignore[index]
    twin.session.shown["f3:!back"] = "⬅️ 上一步"
    twin.cases[1].fields["amount"] = "9"
    twin.cases[1].events[0].note = "date_only"
    twin.cases[1].meta["understood"]["item"] = "B"
    twin.cases[1].notes.append(CaseNote("more", "t"))
    twin.tally[1].counted = True
    twin.evidence[0].label = "order"
    twin.handover.state = "taken"  # type: ignore[union-attr]
    twin.desk.waiting = 4
    twin.recent.append("again")
    assert original == untouched


SCALAR_HINTS = {"str", "int", "float", "bool", "str | None", "int | None"}


def test_the_full_snapshot_fills_every_field_a_copy_must_look_into() -> None:
    """The copiers are generated from the classes' annotations; a field added later (a list, a
    dict, an object) must be filled in full_snapshot too, so the tests above check that it is
    copied and never shared."""
    original = full_snapshot()
    holders = [original, original.session, original.cases[1], original.tally[1]]
    for holder in holders:
        for f in fields(holder):
            if str(f.type) not in SCALAR_HINTS:
                assert getattr(holder, f.name), f"{type(holder).__name__}.{f.name} is empty"
    for kind in (CaseEvent, CaseNote, EvidenceNote, HandoverNote, Desk):
        assert all(str(f.type) in SCALAR_HINTS for f in fields(kind)), kind.__name__
