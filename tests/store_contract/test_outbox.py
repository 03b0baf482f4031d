"""The outbox queue: what is due, in which order, and the reminders' rescheduling."""

from __future__ import annotations

import json

import pytest

from bot.store.contract import Store
from bot.store.records import STATUSES
from tests.store_contract.given import AT, case, key, reminder, reply, row

JOBS = frozenset({"download_file", "evidence_op"})


def test_due_rows_come_in_due_time_then_id_order(store: Store) -> None:
    late = reply(store, 1, key(5), payload={"text": "第二", "buttons": []})
    early = reply(store, 2, key(1))
    same = reply(store, 1, key(1))
    reply(store, 1, key(30))  # not due yet
    due = store.due(key(10))
    assert [r["id"] for r in due] == [early, same, late]
    assert due[2]["payload"] == {"text": "第二", "buttons": []}
    assert {k: due[2][k] for k in ("user_id", "chat_id", "kind", "due_at", "attempts")} == {
        "user_id": 1, "chat_id": 1, "kind": "send_text", "due_at": key(5), "attempts": 0}
    assert [r["id"] for r in store.due(key(10), limit=1)] == [early]


def test_a_payload_given_as_json_text_is_the_same_row_as_its_dict(store: Store) -> None:
    payload = {"text": "第二", "buttons": [[{"label": "好", "data": "f:1:y"}]], "n": None}
    with store.transaction():
        as_text = store.enqueue(1, 1, "send_text", json.dumps(payload, ensure_ascii=False),
                                key(1), AT)
        as_dict = store.enqueue(2, 2, "send_text", payload, key(1), AT)
    due = {r["id"]: r["payload"] for r in store.due(key(10))}
    assert due[as_text] == due[as_dict] == payload


def test_rows_enqueued_together_are_the_rows_enqueued_one_by_one(store: Store) -> None:
    """An event's replies go in one statement: ids ascending in the order given, each row as
    `enqueue` would have written it."""
    first = reply(store, 1, key(0))
    with store.transaction():
        store.enqueue_all([(1, 1, "send_text", {"text": "一"}, key(1), AT, None),
                           (1, 1, "mark_chosen", '{"choice": "二"}', key(1), AT, 5),
                           (2, 2, "send_text", {"text": "三"}, key(2), AT, None)])
        store.enqueue_all([(3, 3, "send_text", {"text": "四"}, key(3), AT, None)])
        store.enqueue_all([])
    due = store.due(key(10))
    assert [r["id"] for r in due][0] == first
    assert [(r["chat_id"], r["kind"], r["payload"], r["case_id"]) for r in due[1:]] == [
        (1, "send_text", {"text": "一"}, None), (1, "mark_chosen", {"choice": "二"}, 5),
        (2, "send_text", {"text": "三"}, None), (3, "send_text", {"text": "四"}, None)]
    assert [r["id"] for r in due] == sorted(r["id"] for r in due)


def test_a_chat_waiting_out_a_retry_holds_its_rows_back(store: Store) -> None:
    first, later = reply(store, 1, key(0)), reply(store, 1, key(1))
    other = reply(store, 2, key(1))
    with store.transaction():
        store.rows.retry(first, key(20), "network: down", AT)
    assert [r["id"] for r in store.due(key(10))] == [other]
    assert [r["id"] for r in store.due(key(25))] == [first, later, other]


def test_apart_kinds_are_not_due_and_do_not_hold_a_chat(store: Store) -> None:
    job = reply(store, 1, key(0), kind="download_file")
    text = reply(store, 1, key(1))
    with store.transaction():
        store.rows.retry(job, key(30), "network: down", AT)
    assert [r["id"] for r in store.due(key(10), apart=JOBS)] == [text]
    assert [r["id"] for r in store.due(key(10))] == []  # without `apart` the job holds it


def test_jobs_wait_for_the_replies_their_chat_was_given_before(store: Store) -> None:
    notice = reply(store, 1, key(0))
    job = reply(store, 1, key(0), kind="evidence_op", payload={"op": "export"})
    reply(store, 1, key(0), kind="reminder", payload={"rule": "r", "key": "k"})
    other_job = reply(store, 2, key(0), kind="download_file")
    after = reply(store, 1, key(0))  # a reply queued after the job does not hold it
    assert [r["id"] for r in store.jobs_due(key(5), JOBS)] == [other_job]
    with store.transaction():
        store.mark_sent(notice, AT)
    due = store.jobs_due(key(5), JOBS)
    assert [r["id"] for r in due] == [job, other_job] and due[0]["payload"] == {"op": "export"}
    assert after not in [r["id"] for r in due]
    with store.transaction():
        store.rows.retry(job, key(30), "429", AT)
    assert [r["id"] for r in store.jobs_due(key(5), JOBS, limit=5)] == [other_job]


@pytest.mark.parametrize(("settle", "status"), [("mark_sent", "sent"),
                                                ("mark_skipped", "skipped")])
def test_a_settled_row_is_not_due_again(store: Store, settle: str, status: str) -> None:
    row_id = reply(store, 1, key(0))
    with store.transaction():
        getattr(store, settle)(row_id, AT)
    assert store.due(key(10)) == [] and row(store, row_id)["status"] == status


def test_skipping_touches_only_pending_rows(store: Store) -> None:
    row_id = reply(store, 1, key(0))
    with store.transaction():
        store.rows.sending(row_id, AT)
        store.mark_skipped(row_id, AT)
    assert row(store, row_id)["status"] == "sending"


def _reminders(store: Store, case_id: int) -> list[tuple[str, str]]:
    return [(r["rule"], r["status"]) for r in store.cases.reminders(case_id)]


def test_reschedule_replaces_the_waiting_reminders(store: Store) -> None:
    case_id = case(store, 1)
    with store.transaction():
        store.reschedule(case_id, 1, 1, [reminder("a", key(10)), reminder("b", key(20))], AT)
    with store.transaction():
        store.reschedule(case_id, 1, 1, [reminder("c", key(30))], AT)
    assert _reminders(store, case_id) == [("c", "pending")]


def test_reschedule_never_repeats_a_sent_key_or_a_taken_window(store: Store) -> None:
    case_id = case(store, 1)
    with store.transaction():
        store.reschedule(case_id, 1, 1, [reminder("a", key(10), "k1")], AT)
    sent = store.due(key(10))[0]["id"]
    with store.transaction():
        store.mark_sent(sent, AT)
        store.reschedule(case_id, 1, 1, [
            reminder("a", key(40), "k1"),  # the same key: already sent
            reminder("a", key(10), "k2"),  # another key in the same window (rule, minute)
            reminder("a", key(11), "k3"),  # the next minute: a window of its own
            reminder("b", key(11), "k4"),
            reminder("b", key(11), "k5"),  # twice in one call: once
        ], AT)
    assert sorted(_reminders(store, case_id)) == [("a", "pending"), ("a", "sent"),
                                                  ("b", "pending")]


def test_reminders_of_a_user_who_blocked_the_bot_wait_suspended(store: Store) -> None:
    case_id = case(store, 1)
    store.rows.block(1, AT, "403")
    with store.transaction():
        store.reschedule(case_id, 1, 1, [reminder("a", key(10))], AT)
    assert store.due(key(59)) == []
    with store.transaction():
        assert store.rows.unblock(1)
    assert [r["kind"] for r in store.due(key(59))] == ["reminder"]


@pytest.mark.parametrize(("other_due", "other_rule", "now", "expected"), [
    (key(20), "a", key(30), True),    # a later one of the window is due: this one stays quiet
    (key(20), "a", key(15), False),   # the later one is not due yet
    (key(5), "a", key(30), False),    # the other is earlier
    (key(20), "b", key(30), False),   # another rule
    (key(10), "a", key(30), True),    # the same minute, a newer row
])
def test_later_reminder_due(store: Store, other_due: str, other_rule: str, now: str,
                            expected: bool) -> None:
    case_id = case(store, 1)
    this = reply(store, 1, key(10), "reminder", {"rule": "a", "key": "x"}, case_id)
    reply(store, 1, other_due, "reminder", {"rule": other_rule, "key": "y"}, case_id)
    assert store.later_reminder_due(case_id, "a", key(10), now, this) is expected


def test_network_back_makes_rows_waiting_on_the_network_due_now(store: Store) -> None:
    net, limit = reply(store, 1, key(0)), reply(store, 2, key(0))
    with store.transaction():
        store.rows.retry(net, key(50), "network: connection refused", AT)
        store.rows.retry(limit, key(50), "429: retry after 30s", AT)
        store.network_back(key(5))
    assert [r["id"] for r in store.due(key(5))] == [net]


def test_last_keyboard_is_the_last_text_the_chat_was_sent(store: Store) -> None:
    assert store.last_keyboard(1) is None
    shown = reply(store, 1, key(0), payload={"text": "选", "buttons": [[{"label": "是"}]]})
    unsent = reply(store, 1, key(1), payload={"text": "未发", "buttons": []})
    reply(store, 2, key(2))
    with store.transaction():
        store.mark_sent(shown, AT)
    assert store.last_keyboard(1) == (shown, {"text": "选", "buttons": [[{"label": "是"}]]})
    assert unsent != shown and store.last_keyboard(2) is None


def test_the_outbox_listing_counts_every_state_and_lists_the_newest(store: Store) -> None:
    ids = [reply(store, 1, key(i)) for i in range(3)]
    with store.transaction():
        store.rows.end(ids[0], "failed", "400 bad request")
    counts, rows = store.outbox_listing(("pending", "failed"), 2)
    assert counts == {**{s: 0 for s in STATUSES}, "pending": 2, "failed": 1}
    assert [r["id"] for r in rows] == [ids[2], ids[1]]
    _, failed = store.outbox_listing(("failed",), 10)
    assert [(r["id"], r["status"], r["error"], r["chat"]) for r in failed] == [
        (ids[0], "failed", "400 bad request", 1)]
