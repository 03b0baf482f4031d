"""Users (language, case owners, forgetting) and cases as the CLI shows them."""

from __future__ import annotations

from bot.store.contract import Store
from tests.store_contract.given import (
    AT,
    case,
    evidence,
    handover,
    key,
    reminder,
    reply,
    said,
)

LATER = "2026-05-03T10:00:00+08:00"


def test_language_and_owner(store: Store) -> None:
    assert store.users.lang(1) is None and store.users.case_owner(1) is None
    with store.transaction():
        before = store.load(1, 1, "en", "Asia/Shanghai")
        store.save(before, before.clone(), AT)
    case_id = case(store, 2)
    assert store.users.lang(1) == "en" and store.users.case_owner(case_id) == 2


def test_forgetting_a_user_keeps_only_queued_replies_and_update_ids(store: Store) -> None:
    mine, theirs = case(store, 1), case(store, 2)
    with store.transaction():
        store.mark_processed("telegram", 5, 1, AT)
        store.reschedule(mine, 1, 1, [reminder("a", key(30))], AT)
        said(store, 1, "在吗")
    goodbye = reply(store, 1, key(0), case_id=mine)
    handover(store, "open", 1, case_id=mine)
    handover(store, "note", 1, adviser_id=9, text="记录")
    with store.transaction():
        store.evidence.delete(1)  # the evidence repository's part, files first
        store.users.forget(1)
    assert store.user_cases(1) == [] and store.handovers.note_for(1) is None
    assert store.handovers.recent(1) == [] and store.cases.listing(1) == []
    assert [r["id"] for r in store.due(key(59))] == [goodbye]
    assert store.due(key(59))[0]["case_id"] is None
    assert store.is_processed("telegram", 5)
    assert store.load(1, 1, "zh", "Asia/Shanghai").session.current_case_id is None
    assert [c.id for c in store.user_cases(2)] == [theirs]


def test_case_listing_newest_first(store: Store) -> None:
    a = case(store, 1, at=AT)
    b = case(store, 2, at=LATER)
    c = case(store, 1, at=LATER)
    assert [x["id"] for x in store.cases.listing(None)] == [c, b, a]
    assert store.cases.listing(1)[0] == {"id": c, "user": 1, "category": "quality",
                                         "status": "draft", "created_at": LATER}
    assert store.cases.listing(9) == []


def test_a_case_record_its_events_reminders_evidence_and_hand_over(store: Store) -> None:
    case_id = case(store, 1, fields={"order_no": "123"})
    record = store.cases.record(case_id)
    assert record is not None and record.fields == {"order_no": "123"}
    assert (record.user_id, record.status, record.created_at) == (1, "draft", AT)
    assert store.cases.record(case_id + 1) is None
    assert store.cases.events(case_id) == [{"kind": "opened", "at": AT}]
    with store.transaction():
        store.reschedule(case_id, 1, 1, [reminder("b", key(20)), reminder("a", key(10))], AT)
    assert [(r["rule"], r["kind"], r["due_at"], r["status"], r["sent_at"])
            for r in store.cases.reminders(case_id)] == [
        ("a", "before", key(10), "pending", None), ("b", "before", key(20), "pending", None)]
    item = evidence(store, 1, case_id, "f" * 64, size=7)
    assert store.cases.evidence(case_id) == [{
        "id": item.id, "sha256": "f" * 64, "label": None, "size": 7, "mime": "image/jpeg",
        "kind": "photo", "received_at": AT, "captured_at": None}]
    assert store.cases.latest_handover(case_id) is None
    handover(store, "open", 1, case_id=case_id)
    handover(store, "take", 1, LATER, adviser_id=9)
    assert store.cases.latest_handover(case_id) == {
        "state": "taken", "adviser": 9, "requested_at": AT, "taken_at": LATER,
        "closed_at": None}


def test_a_forgotten_users_newest_row_leaves_no_trace_and_its_id_is_not_handed_out_again(
        store: Store) -> None:
    reply(store, 2, key(0))
    sent = reply(store, 1, key(1), payload={"text": "您的订单号 123"})
    with store.transaction():
        store.mark_sent(sent, AT)
        store.users.forget(1)
    _, rows = store.outbox_listing(("sent", "cancelled"), 10)
    assert all(r["user"] != 1 and r["chat"] != 1 for r in rows)  # no row of theirs is left
    assert not [r for r in store.due(key(59)) if r["id"] == sent]  # nothing of it goes out
    assert reply(store, 2, key(2)) > sent  # a sender still holding `sent` settles no other row
