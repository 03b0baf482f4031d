"""Rows that become events (bot/scheduler.py): reminders due and not worded yet, their words;
download jobs' reports waiting to be handed in."""

from __future__ import annotations

from bot.store.contract import Store
from tests.store_contract.given import AT, key, reply, row

WORDS = {"chat_id": 1, "text": "还剩 1 天", "buttons": [], "thread_id": None,
         "kind": "send_text"}


def test_due_reminders_are_those_without_words_in_due_order(store: Store) -> None:
    later = reply(store, 1, key(5), kind="reminder", payload={"rule": "r", "key": "a"})
    first = reply(store, 2, key(1), kind="reminder", payload={"rule": "r", "key": "b"})
    reply(store, 1, key(30), kind="reminder", payload={"rule": "r", "key": "c"})  # not yet
    reply(store, 1, key(0))  # a reply is not a reminder
    due = store.due_reminders(key(10))
    assert [r["id"] for r in due] == [first, later]
    assert due[1]["payload"] == {"rule": "r", "key": "a"} and due[1]["due_at"] == key(5)
    with store.transaction():
        store.word_reminder(first, WORDS)
    assert [r["id"] for r in store.due_reminders(key(10))] == [later]
    due_now = {r["id"]: r for r in store.due(key(10))}
    assert due_now[first]["payload"]["message"] == WORDS  # the sender finds its words
    assert store.due_reminders(key(10), limit=0) == []


def test_words_go_only_on_a_pending_reminder_and_a_restart_takes_them_back(
        store: Store) -> None:
    worded = reply(store, 1, key(1), kind="reminder", payload={"rule": "r", "key": "a"})
    sent = reply(store, 1, key(1), kind="reminder", payload={"rule": "r", "key": "b"})
    with store.transaction():
        store.mark_sent(sent, AT)
        store.word_reminder(sent, WORDS)  # too late: it went out
        store.word_reminder(worded, WORDS)
        assert store.unword_reminders() == 1
    assert [r["id"] for r in store.due_reminders(key(10))] == [worded]
    assert row(store, sent)["status"] == "sent"


def test_a_report_waits_on_its_sending_job_until_the_row_is_marked_sent(store: Store) -> None:
    job = reply(store, 7, key(0), kind="download_file", payload={"files": []})
    other = reply(store, 8, key(0), kind="download_file", payload={"files": []})
    with store.transaction():
        store.rows.sending(job, AT)
        store.rows.sending(other, AT)
        store.keep_report(job, {"case_id": 3, "results": [{"status": "stored"}]})
    assert store.reports_waiting() == [{"id": job, "user_id": 7, "chat_id": 7, "report": {
        "case_id": 3, "results": [{"status": "stored"}]}}]
    with store.transaction():
        store.mark_sent(job, AT)
    assert store.reports_waiting() == []
