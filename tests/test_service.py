"""The service around the engine: one transaction per event, redelivery, and the outbox."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.delivery.outbox import Delivery
from bot.service import Service
from bot.store.sqlite import Store
from bot.transport import RetryLater
from dialogs.actions import Action
from dialogs.events import text_event
from knowledge.loader import load_kb
from tests.chat import Chat, FakeClock, RecordingTransport


def count(store: Store, table: str) -> int:
    return int(store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_a_redelivered_update_is_applied_once(chat: Chat) -> None:
    ev = text_event(chat.user_id, "投诉", chat.clock.now(), update_id=555, lang="zh")
    chat.dispatch(ev)
    rows_after_first = count(chat.store, "outbox")
    replies = chat.dispatch(ev)
    assert chat.last_outcome.applied is False and replies == []
    assert count(chat.store, "outbox") == rows_after_first
    chat.click("假货")
    chat.dispatch(text_event(chat.user_id, "淘宝", chat.clock.now(), update_id=556, lang="zh"))
    chat.dispatch(text_event(chat.user_id, "淘宝", chat.clock.now(), update_id=556, lang="zh"))
    assert chat.store.db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 1
    assert "店铺名称" in chat.last


def test_an_engine_failure_answers_and_changes_nothing(chat: Chat,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    chat.send("投诉")
    chat.click("假货")
    before = chat.store.db.execute("SELECT data FROM sessions").fetchone()[0]

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("bot.service.step", broken)
    replies = chat.send("天猫")
    assert replies and "出了点问题" in replies[0]
    assert chat.store.db.execute("SELECT data FROM sessions").fetchone()[0] == before


def test_state_and_replies_commit_together(db: Path) -> None:
    """If the transaction fails after the step, neither the new state nor the replies exist."""
    store = Store(db)
    service = Service(store, load_kb(), FakeClock(), source="test")

    def fail_enqueue(*args: object, **kw: object) -> int:
        raise OSError("disk full")

    store.enqueue = fail_enqueue  # type: ignore[method-assign]
    with pytest.raises(OSError):
        service.handle_now(text_event(1, "投诉", FakeClock().now(), update_id=9))
    assert count(store, "sessions") == 0 and count(store, "processed_updates") == 0
    assert count(store, "outbox") == 0
    store.close()


def test_replies_committed_before_a_crash_are_sent_after_restart(db: Path) -> None:
    clock = FakeClock()
    store = Store(db)
    Service(store, load_kb(), clock, source="test").handle_now(
        text_event(1, "/start", clock.now(), update_id=1))
    store.close()  # the process dies before its delivery loop ran

    store = Store(db)
    transport = RecordingTransport()
    assert asyncio.run(Delivery(store, transport, clock).deliver_due()) == 1
    assert "维权助手" in transport.sent[0].action.text  # type: ignore[union-attr]
    assert asyncio.run(Delivery(store, transport, clock).deliver_due()) == 0  # sent once
    store.close()


class FlakyTransport(RecordingTransport):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    async def deliver(self, action: Action, ref: int) -> None:
        self.calls += 1
        if self.calls == 2:
            raise RetryLater(0.01)
        await super().deliver(action, ref)


def test_retry_later_keeps_order_and_loses_nothing(db: Path) -> None:
    clock = FakeClock()
    store = Store(db)
    service = Service(store, load_kb(), clock, source="test")
    for i, text in enumerate(("/start", "/help", "/status")):
        service.handle_now(text_event(1, text, clock.now(), update_id=i))
    transport = FlakyTransport()
    delivery = Delivery(store, transport, clock)
    while asyncio.run(delivery.deliver_due()) or count_pending(store):
        clock.advance(seconds=1)  # the 429 moved the row's next try, nothing slept
    texts = [s.action.text for s in transport.sent]  # type: ignore[union-attr]
    assert len(texts) == 3
    assert "维权助手" in texts[0] and "/complain" in texts[1] and "还没有案件" in texts[2]
    store.close()


def count_pending(store: Store) -> int:
    return int(store.db.execute(
        "SELECT COUNT(*) FROM outbox WHERE status='pending'").fetchone()[0])


def test_two_users_never_see_each_other(db: Path) -> None:
    alice, bob = Chat(db, user_id=1), Chat(db, user_id=2)
    alice.send("投诉")
    alice.click("假货")
    bob.send("/status")
    assert "还没有案件" in bob.last
    bob.send("/cases")
    assert "还没有案件" in bob.last
    alice_case = alice.store.db.execute("SELECT id FROM cases").fetchone()[0]
    bob.send("/start")
    button = bob.keyboard_with("我的案件").action.buttons[0][0]
    from dialogs import callbacks
    from dialogs.actions import Button
    bob.press(Button("#", callbacks.case(alice_case)), 1)  # a guessed id
    assert "没找到这个案件" in bob.last
    assert button is not None
    alice.close()
    bob.close()


def test_schema_migrations_are_applied_once(db: Path) -> None:
    Store(db).close()
    store = Store(db)
    names = [r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations")]
    assert names == ["m001_core", "m002_evidence", "m003_reminders", "m004_handovers",
                     "m005_case_notes", "m006_delivery",
                     "m007_downtimes", "m008_desk_bans", "m009_shop_tally",
                     "m010_outbox_leases", "m011_album_parts", "m012_outbox_lighter",
                     "m013_outbox_sending", "m014_recent_in_session",
                     "m015_outbox_ids_without_sequence", "m016_users_by_chat"]
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_a_reschedule_asks_about_the_chat_without_reading_every_user(db: Path) -> None:
    """Whether the chat blocked the bot is asked in every reschedule (a case filed, progress
    recorded): through an index, not a scan of all users that every other event waits for."""
    from bot.store.outbox import BLOCKED_SQL

    store = Store(db)
    plan = " ".join(r[3] for r in store.db.execute(f"EXPLAIN QUERY PLAN {BLOCKED_SQL}", [1, 1]))
    assert "SCAN" not in plan and "users_chat" in plan, plan
    store.close()


def test_recent_messages_kept_before_they_moved_into_the_session_are_kept(db: Path) -> None:
    """A file from before m014: each user's last ten messages, oldest first, in their session
    row; the card shows what it showed."""
    from sqlite_utils import Database

    from bot.store.migrations import migrations

    old = Database(db)
    migrations.apply(old, stop_before="m014_recent_in_session")
    old.execute("INSERT INTO users VALUES (1, 1, 'zh', 't', 't', NULL)")
    old.execute("INSERT INTO sessions VALUES (1, 'idle', '{}', 't')")
    old.conn.executemany("INSERT INTO recent_messages (user_id, text, at) VALUES (?, ?, ?)",
                         [(1, f"第{i}条", f"2026-05-01T10:{i:02d}:00+08:00") for i in range(12)]
                         + [(2, "no session", "2026-05-01T10:00:00+08:00")])
    old.conn.commit()
    old.close()
    store = Store(db)
    assert store.handovers.recent(1) == [f"第{i}条" for i in range(2, 12)]
    assert store.handovers.recent(2) == []
    (said,) = store.db.execute("SELECT recent FROM sessions WHERE user_id=1").fetchone()
    assert json.loads(said)[0] == ["第2条", "2026-05-01T10:02:00+08:00"]
    store.close()


def test_an_outbox_from_before_m015_keeps_its_rows_and_hands_out_no_id_twice(db: Path) -> None:
    """A file whose outbox had AUTOINCREMENT, its newest rows deleted (ids 3 and 4): every row,
    column and index stays, the replies still go out, and the next id is 5, not 3."""
    from sqlite_utils import Database

    from bot.store.migrations import migrations

    old = Database(db)
    migrations.apply(old, stop_before="m015_outbox_ids_without_sequence")
    for _ in range(4):
        old.execute("INSERT INTO outbox (user_id, chat_id, kind, payload, due_at, created_at, "
                    "retry_at) VALUES (1, 1, 'send_text', '{\"text\": \"hi\"}', '2026', 't', "
                    "NULL)")
    old.execute("DELETE FROM outbox WHERE id > 2")
    old.conn.commit()
    indexes = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type='index' "
                                         "AND tbl_name='outbox'")}
    old.close()
    store = Store(db)
    assert [r["id"] for r in store.due("2027")] == [1, 2]
    assert {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='index' "
                                           "AND tbl_name='outbox'")} == indexes
    with store.transaction():
        assert store.enqueue(1, 1, "send_text", {"text": "again"}, "2026", "t") == 5
    store.close()


def test_the_delivery_scan_uses_the_index(db: Path) -> None:
    from bot.store.sqlite import DUE_SQL

    store = Store(db)
    plan = " ".join(r[3] for r in store.db.execute("EXPLAIN QUERY PLAN " + DUE_SQL,
                                                   ["2026-12-01", 100]))
    assert "USING INDEX outbox_due" in plan and "SCAN outbox" not in plan
    store.close()


def test_a_file_made_with_the_old_page_size_opens_and_keeps_its_conversations(db: Path) -> None:
    """New files get smaller pages (fewer bytes written per commit); a file made before that
    keeps its 4096-byte pages, migrates and serves as before."""
    import sqlite3

    old = sqlite3.connect(db)
    old.execute("PRAGMA page_size=4096")
    old.execute("PRAGMA journal_mode=WAL")
    old.close()
    store = Store(db)
    service = Service(store, load_kb(), FakeClock(), source="test")
    service.handle_now(text_event(1, "投诉", FakeClock().now(), update_id=1, lang="zh"))
    assert store.db.execute("PRAGMA page_size").fetchone()[0] == 4096
    assert count(store, "sessions") == 1 and count(store, "outbox") == 1
    store.close()
    again = Store(db)
    assert again.load(1, 1, "zh", "Asia/Shanghai").session.state == "choosing_category"
    again.close()
    fresh = Store(db.with_name("fresh.db"))
    assert fresh.db.execute("PRAGMA page_size").fetchone()[0] == 2048
    fresh.close()
