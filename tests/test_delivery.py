"""The outbox sender on a real SQLite file and a controlled clock: retries that outlast outages,
per-chat order, one chat's trouble never holding up another, and a state for every row."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from bot.delivery.outbox import Delivery
from bot.delivery.retry_policy import RetryPolicy
from bot.service import Service
from bot.store.sqlite import Store
from bot.transport import Blocked, RetryLater, Transient, Uncertain, Undeliverable
from dialogs.actions import Action, SendText
from dialogs.events import text_event
from knowledge.loader import load_kb
from tests.chat import Chat, FakeClock, RecordingTransport, Sent

Fault = Callable[[Action], Exception | None]


class ScriptedTransport(RecordingTransport):
    """The Bot API's side: `fault(action)` may answer an error instead of accepting."""

    def __init__(self) -> None:
        super().__init__()
        self.fault: Fault = lambda _a: None
        self.calls = 0

    async def deliver(self, action: Action, ref: int) -> None:
        self.calls += 1
        error = self.fault(action)
        if error is not None:
            raise error
        self.sent.append(Sent(ref, action))


@pytest.fixture
def setup(db: Path) -> tuple[Store, Service, FakeClock, ScriptedTransport, Delivery]:
    clock = FakeClock()
    store = Store(db)
    service = Service(store, load_kb(), clock, source="test")
    transport = ScriptedTransport()
    delivery = Delivery(store, transport, clock, policy=RetryPolicy())
    return store, service, clock, transport, delivery


def say(service: Service, user: int, text: str, update_id: int) -> None:
    service.handle_now(text_event(user, text, service.clock.now(), update_id=update_id))


def statuses(store: Store) -> dict[str, int]:
    return dict(store.db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall())


def texts_to(transport: RecordingTransport, chat: int) -> list[str]:
    return [s.action.text for s in transport.sent
            if isinstance(s.action, SendText) and s.action.chat_id == chat]


def test_a_day_long_outage_loses_nothing_and_keeps_each_chats_order(setup) -> None:  # type: ignore[no-untyped-def]
    store, service, clock, transport, delivery = setup
    down = {"on": True}
    transport.fault = lambda _a: Transient("502 Bad Gateway") if down["on"] else None
    for i, (user, text) in enumerate([(1, "/start"), (2, "/help"), (1, "/help"),
                                      (2, "/status"), (1, "/status")]):
        say(service, user, text, i)
    tries = 0
    for _ in range(400):  # 30 hours of trouble, looked at as the loop would
        asyncio.run(delivery.deliver_due())
        clock.advance(minutes=5)
        tries += 1
        if clock.now() - FakeClock().now() > timedelta(hours=30):
            break
    assert statuses(store) == {"pending": 5}  # retried for over a day, nothing given up
    attempts = store.db.execute("SELECT MAX(attempts) FROM outbox").fetchone()[0]
    assert attempts >= 2 * 30  # tried every few minutes (backoff capped at 5 min), not once
    down["on"] = False
    while asyncio.run(delivery.deliver_due()):
        clock.advance(seconds=1)
    assert statuses(store) == {"sent": 5}
    one, two = texts_to(transport, 1), texts_to(transport, 2)
    assert "维权助手" in one[0] and "/complain" in one[1] and "还没有案件" in one[2]
    assert "/complain" in two[0] and "还没有案件" in two[1]


def test_after_the_retry_window_a_row_fails_with_the_reason(setup) -> None:  # type: ignore[no-untyped-def]
    store, service, clock, transport, delivery = setup
    transport.fault = lambda _a: Transient("connection refused")
    say(service, 1, "/help", 1)
    for _ in range(700):
        asyncio.run(delivery.deliver_due())
        clock.advance(minutes=5)
    (status, error), = store.db.execute("SELECT status, last_error FROM outbox").fetchall()
    assert status == "failed" and "gave up" in error and "connection refused" in error


def test_a_429_holds_only_its_chat_and_nothing_sleeps(setup) -> None:  # type: ignore[no-untyped-def]
    store, service, clock, transport, delivery = setup
    transport.fault = lambda a: RetryLater(20) if getattr(a, "chat_id", 0) == 1 and \
        clock.now() < start + timedelta(seconds=20) else None
    start = clock.now()
    say(service, 1, "/start", 1)
    say(service, 1, "/help", 2)
    say(service, 2, "/help", 3)
    began = time.monotonic()
    asyncio.run(delivery.deliver_due())
    assert time.monotonic() - began < 1.0  # the pass did not wait out the 20 s
    assert len(texts_to(transport, 2)) == 1 and texts_to(transport, 1) == []
    say(service, 2, "/status", 4)  # chat 2 goes on while chat 1 waits
    asyncio.run(delivery.deliver_due())
    assert len(texts_to(transport, 2)) == 2 and texts_to(transport, 1) == []
    clock.advance(seconds=21)
    asyncio.run(delivery.deliver_due())
    one = texts_to(transport, 1)
    assert len(one) == 2 and "维权助手" in one[0] and "/complain" in one[1]


def test_different_chats_are_sent_to_concurrently(setup) -> None:  # type: ignore[no-untyped-def]
    store, service, clock, _, _ = setup
    in_flight, peak = [0], [0]

    class Slow(RecordingTransport):
        async def deliver(self, action: Action, ref: int) -> None:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
            await asyncio.sleep(0.05)
            in_flight[0] -= 1
            self.sent.append(Sent(ref, action))

    slow = Slow()
    for user in range(1, 11):
        say(service, user, "/help", user)
        say(service, user, "/status", 100 + user)
    began = time.monotonic()
    assert asyncio.run(Delivery(store, slow, clock).deliver_due()) == 20
    assert peak[0] == 10  # one at a time per chat, all chats at once
    assert time.monotonic() - began < 0.05 * 20 / 2
    for user in range(1, 11):
        mine = texts_to(slow, user)
        assert "/complain" in mine[0] and "还没有案件" in mine[1]


def test_permanent_answers_end_the_row_with_why(setup) -> None:  # type: ignore[no-untyped-def]
    store, service, clock, transport, delivery = setup
    transport.fault = lambda a: Undeliverable("send_text: Bad Request: can't parse entities") \
        if getattr(a, "chat_id", 0) == 1 else None
    say(service, 1, "/help", 1)
    say(service, 2, "/help", 2)
    asyncio.run(delivery.deliver_due())
    rows = dict(store.db.execute("SELECT chat_id, status || ' ' || COALESCE(last_error, '') "
                                 "FROM outbox").fetchall())
    assert rows[1] == "failed send_text: Bad Request: can't parse entities"
    assert rows[2] == "sent "


def test_a_user_who_blocked_the_bot_gets_no_reminders_until_they_write_again(
        tmp_path: Path) -> None:
    from tests.test_reminders import at, file_not_received

    clock = FakeClock(at("2026-11-27T10:00"))
    transport = ScriptedTransport()
    chat = Chat(tmp_path / "w.db", clock=clock, transport=transport)
    file_not_received(chat)
    waiting = chat.store.db.execute("SELECT COUNT(*) FROM outbox WHERE kind='reminder' AND "
                                    "status='pending'").fetchone()[0]
    assert waiting == 2
    transport.fault = lambda _a: Blocked("Forbidden: bot was blocked by the user")
    chat.send("/status")
    rows = statuses(chat.store)
    assert rows["suspended"] == 2 and rows["failed"] == 2  # the /status reply and its picture
    reasons = [r[0] for r in chat.store.db.execute("SELECT last_error FROM outbox WHERE "
                                                   "status='failed'").fetchall()]
    assert all("blocked" in reason for reason in reasons)
    clock.at = at("2026-12-03T09:00")
    assert chat.dispatch_due() == []  # the reminder's time came while blocked: nothing tried
    transport.fault = lambda _a: None
    chat.send("/status")  # they are back
    assert any("交易成功后" in t for t in chat.texts[-2:])  # the due reminder comes now
    assert "suspended" not in statuses(chat.store)
    chat.close()


def test_rows_left_sending_by_a_crash_reminders_at_most_once_replies_again(
        setup) -> None:  # type: ignore[no-untyped-def]
    store, service, clock, transport, _ = setup
    say(service, 1, "/help", 1)
    store.db.execute("INSERT INTO outbox (user_id, chat_id, kind, payload, due_at, created_at, "
                     "status) VALUES (1, 1, 'reminder', '{}', '2026-01-01', '2026-01-01', "
                     "'sending')")
    store.db.execute("UPDATE outbox SET status='sending' WHERE kind='send_text'")
    asyncio.run(Delivery(store, transport, clock).deliver_due())  # a restart
    assert statuses(store) == {"sent": 1, "unknown": 1}
    assert len(texts_to(transport, 1)) == 1  # the reply, once more
    store.db.execute("UPDATE outbox SET status='sending' WHERE kind='send_text'")
    asyncio.run(Delivery(store, transport, clock).deliver_due())  # a second crash on it
    assert statuses(store) == {"sent": 1, "unknown": 1}  # a reply: once more per restart
    assert len(texts_to(transport, 1)) == 2


def test_a_timeout_is_unknown_for_a_reminder_and_one_more_try_for_a_reply(
        setup) -> None:  # type: ignore[no-untyped-def]
    store, service, clock, transport, delivery = setup
    transport.fault = lambda _a: Uncertain("Timed out")
    say(service, 1, "/help", 1)
    asyncio.run(delivery.deliver_due())
    assert statuses(store) == {"pending": 1}
    clock.advance(minutes=1)
    asyncio.run(delivery.deliver_due())
    (status, error), = store.db.execute("SELECT status, last_error FROM outbox").fetchall()
    assert status == "unknown" and "may have arrived" in error
    assert transport.calls == 2  # a slow Bot API got the reply twice at most, never three times


def test_weiquan_outbox_shows_what_waits_and_what_failed_and_why(
        setup, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    import json

    from bot.cli import main

    store, service, clock, transport, delivery = setup
    transport.fault = lambda a: Undeliverable("send_text: Bad Request: chat not found") \
        if getattr(a, "chat_id", 0) == 1 else Transient("502 Bad Gateway")
    say(service, 1, "/help", 1)
    say(service, 2, "/help", 2)
    asyncio.run(delivery.deliver_due())
    assert main(["outbox", "--json", "--db", str(store.path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["failed"] == 1 and report["counts"]["pending"] == 1
    why = {r["chat"]: (r["status"], r["error"], r["retry_at"]) for r in report["rows"]}
    assert why[1][:2] == ("failed", "send_text: Bad Request: chat not found")
    assert why[2][0] == "pending" and "502" in why[2][1] and why[2][2] is not None
    assert main(["outbox", "--status", "failed", "--db", str(store.path)]) == 0
    text = capsys.readouterr().out
    assert "chat not found" in text and "502" not in text.split("\n", 1)[1]


def test_a_store_error_mid_send_leaves_no_row_sending(setup) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    store, service, clock, transport, delivery = setup
    transport.fault = lambda _a: sqlite3.OperationalError("database is locked")
    say(service, 1, "/help", 1)
    asyncio.run(delivery.deliver_due())  # the call's bookkeeping failed after `sending`
    assert statuses(store) == {"sending": 1}
    transport.fault = lambda _a: None
    asyncio.run(delivery.deliver_due())  # settled like after a restart, then sent
    assert statuses(store) == {"sent": 1} and len(texts_to(transport, 1)) == 1
