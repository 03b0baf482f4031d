"""Retention's purges, liveness (was the service down?) and the read-only probes."""

from __future__ import annotations

import pytest

from bot.store.contract import Probes, Store
from tests.store_contract.given import AT, case, handover, key, reply, row, said

OLD, NEW, CUT = "2026-01-01T00:00:00+00:00", "2026-06-01T00:00:00+00:00", "2026-03-01T00:00:00"


def test_old_texts_are_blanked_batch_by_batch(store: Store) -> None:
    case_id = case(store, 1)
    settled = [reply(store, 1, key(i)) for i in range(3)]
    waiting = reply(store, 1, key(5))
    remind = reply(store, 1, key(6), kind="reminder", payload={"rule": "r", "key": "k"},
                   case_id=case_id)
    with store.transaction():
        for r in (*settled, remind):
            store.rows.sent(r, OLD)
        store.rows.sent(settled[2], NEW)  # no effect: already sent, at OLD
    with store.transaction():
        assert store.purges.old_texts(CUT, 2) == 2
    with store.transaction():
        assert store.purges.old_texts(CUT, 2) == 1
        assert store.purges.old_texts(CUT, 2) == 0
    assert store.due(key(59))[0]["payload"] == {"text": "好的"}  # the waiting one is whole
    assert row(store, waiting)["status"] == "pending"
    assert [r["rule"] for r in store.cases.reminders(case_id)] == ["r"]  # reminders stay whole
    assert row(store, settled[0])["status"] == "sent"  # the row stays, counted


def test_old_recent_messages_and_update_ids_go_but_the_newest_id_stays(store: Store) -> None:
    with store.transaction():
        said(store, 1, "旧", OLD)
        said(store, 1, "新", NEW)
        store.mark_processed("telegram", 1, 1, OLD)
        store.mark_processed("telegram", 2, 1, OLD)
    with store.transaction():
        assert store.purges.old_recent_messages(CUT, 100) == 1
        assert store.purges.old_update_ids(CUT, 100) == 1
    assert store.handovers.recent(1) == ["新"]
    assert not store.is_processed("telegram", 1) and store.is_processed("telegram", 2)


def test_old_closed_cases_without_an_open_hand_over_are_dropped(store: Store) -> None:
    gone = case(store, 1, status="closed", at=OLD)
    helped = case(store, 2, status="closed", at=OLD)
    handover(store, "open", 2, case_id=helped)
    case(store, 3, status="closed", at=NEW)
    case(store, 4, status="negotiating", at=OLD)
    assert store.purges.old_cases(CUT) == [(gone, 1)]
    queued = reply(store, 1, key(0), case_id=gone)
    with store.transaction():
        store.purges.drop_case(gone, 1)
    assert store.user_cases(1) == [] and store.cases.record(gone) is None
    assert store.load(1, 1, "zh", "Asia/Shanghai").session.current_case_id is None
    assert store.due(key(59))[0]["id"] == queued and store.due(key(59))[0]["case_id"] is None


def test_a_heartbeat_never_goes_back(store: Store) -> None:
    with store.transaction():
        store.heartbeat("2026-05-01T10:05:00")
        store.heartbeat("2026-05-01T10:01:00")
        store.record_start("2026-05-01T10:30:00", gap_after="2026-05-01T10:04:00")
    assert not store.was_down_at("2026-05-01T10:10:00")  # seen at 10:05: no gap


@pytest.mark.parametrize(("at", "down"), [
    ("2026-05-01T09:59:59", False), ("2026-05-01T10:00:00", True),
    ("2026-05-01T11:00:00", True), ("2026-05-01T12:00:00", False)])
def test_a_start_after_a_gap_records_the_downtime(store: Store, at: str, down: bool) -> None:
    with store.transaction():
        store.record_start("2026-05-01T09:00:00", gap_after="2026-05-01T08:00:00")  # first start
        store.heartbeat("2026-05-01T10:00:00")
        store.record_start("2026-05-01T12:00:00", gap_after="2026-05-01T11:50:00")
    assert store.was_down_at(at) is down


def test_probes_read_what_the_store_wrote(store: Store, probes: Probes) -> None:
    assert probes.ping() is None
    assert probes.gauges(("pending",)) == ([], 0, 0)
    reply(store, 1, key(0))
    remind = reply(store, 1, key(0), kind="reminder", payload={"rule": "r", "key": "k"})
    with store.transaction():
        store.rows.sent(remind, AT)
    handover(store, "open", 1)
    gauges = probes.gauges(("pending", "failed"))
    assert gauges.outbox == [("pending", "send_text", 1)]
    assert (gauges.reminders_sent, gauges.handovers_waiting) == (1, 1)


def test_a_dropped_cases_newest_row_is_not_sent_and_its_id_is_not_handed_out_again(
        store: Store) -> None:
    gone = case(store, 1, status="closed", at=OLD)
    later = reply(store, 1, key(5), kind="reminder", payload={"rule": "a", "key": "k"},
                  case_id=gone)
    with store.transaction():
        store.purges.drop_case(gone, 1)
    assert [r["id"] for r in store.due(key(59))] == []  # the reminder does not go
    assert reply(store, 2, key(6)) > later
