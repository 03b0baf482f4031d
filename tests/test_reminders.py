"""A case walked from filing to resolution on a controlled clock: every reminder's time and text."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from dialogs.reminder_plan import quiet
from tests.chat import Chat, FakeClock

CST = "+08:00"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + CST)


def pending(chat: Chat) -> list[tuple[str, str]]:
    rows = chat.store.db.execute(
        "SELECT due_at, key FROM outbox WHERE kind='reminder' AND status='pending' "
        "ORDER BY due_at").fetchall()
    return [(datetime.fromisoformat(r[0]).astimezone(at("2026-01-01T00:00").tzinfo)
             .isoformat(timespec="minutes"), r[1]) for r in rows]


def file_not_received(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("未收到货")
    for text in ("淘宝", "某某数码专营店", "1234567890123456789", "蓝牙耳机", "199", "11月10日",
                 "11月11日", "11月20日"):
        chat.send(text)
    chat.click("跳过")  # refund not requested yet
    chat.send("物流显示 11 月 19 日已签收，但我没有收到，快递柜和门卫都没有。")
    chat.click("仅退款")
    chat.click("确认提交")


def test_a_case_from_filing_to_resolution(tmp_path: Path) -> None:
    clock = FakeClock(at("2026-11-27T10:00"))  # a Friday
    chat = Chat(tmp_path / "w.db", clock=clock)
    file_not_received(chat)
    filed = chat.last
    assert "交易成功后 15 天" in filed and "前申请售后" in filed
    assert "2026-12-05 00:00" in filed and "估算" in filed  # a bare date counts from 00:00
    # success_15d: 2 days and 1 day before, moved out of the night to 08:00.
    assert pending(chat) == [("2026-12-03T08:00+08:00", "success_15d:before_2d:2026-12-05T00:00+08:00"),
                             ("2026-12-04T08:00+08:00", "success_15d:before_1d:2026-12-05T00:00+08:00")]

    # The shopper requests the refund now: the seller's 72 hours start.
    chat.click("记录进展")
    chat.click("申请退款/维权")
    assert "什么时候发生" in chat.last
    chat.click("刚刚")
    assert "卖家应在 2026-11-30 10:00† 前处理你的退款申请" in chat.last
    assert ("2026-11-30T10:00+08:00", "seller_reply_72h:expired:2026-11-30T10:00+08:00") \
        in pending(chat)

    # Nothing is due before its time.
    clock.advance(days=2, hours=23)
    assert chat.dispatch_due() == []
    clock.advance(hours=1, minutes=1)
    sent = chat.dispatch_due()
    assert len(sent) == 1 and "卖家做到了吗" in sent[0]
    assert "原定" not in sent[0]  # on time: no apology
    chat.click("卖家拒绝了")
    assert "卖家拒绝" in chat.last and "平台应在 2026-12-02 23:59 前介入处理" in chat.last
    assert "平台介入" in chat.last  # the next rung, from the knowledge base
    assert ("2026-12-03T08:00+08:00", "intervention_2wd:expired:2026-12-02T23:59+08:00") \
        in pending(chat)  # due at midnight, moved to the morning

    clock.at = at("2026-12-03T08:00")
    sent = chat.dispatch_due()
    assert len(sent) == 2
    assert any("还剩 1 天 16 小时" in s and "交易成功后" in s for s in sent)
    assert any("平台原应在 2026-12-02 23:59 前介入处理" in s for s in sent)

    chat.click("记录进展")
    chat.click("申请客服介入")
    chat.click("刚刚")
    assert "平台介入中" in chat.last
    chat.click("记录进展")
    chat.click("已解决")
    chat.click("刚刚")
    assert "已解决" in chat.last
    assert pending(chat) == []  # a resolved case has nothing left to remind
    clock.advance(days=30)
    assert chat.dispatch_due() == []
    chat.close()


def test_remind_later_and_done(tmp_path: Path) -> None:
    clock = FakeClock(at("2026-11-27T10:00"))
    chat = Chat(tmp_path / "w.db", clock=clock)
    file_not_received(chat)
    clock.at = at("2026-12-03T08:00")
    sent = chat.dispatch_due()
    assert len(sent) == 1 and "交易成功后" in sent[0]
    chat.click("稍后提醒")
    assert "2026-12-04 08:00" in chat.last  # a day later, still before the deadline
    chat.click("已处理")
    assert "不再提醒" in chat.last
    clock.advance(days=3)
    assert chat.dispatch_due() == []
    chat.close()


def test_after_downtime_a_late_reminder_says_so_and_a_passed_one_gives_advice(
        tmp_path: Path) -> None:
    clock = FakeClock(at("2026-11-27T10:00"))
    chat = Chat(tmp_path / "w.db", clock=clock)
    file_not_received(chat)
    chat.close()  # the service is down from before the first reminder until a restart
    clock.at = at("2026-12-04T09:30")
    chat = Chat(tmp_path / "w.db", clock=clock)
    sent = chat.dispatch_due()
    assert len(sent) == 1  # the two overdue reminders of one window: only the latest goes out
    assert "原定 2026-12-04 08:00" in sent[0] and "服务中断" in sent[0]
    clock.at = at("2026-12-06T09:00")
    chat2 = Chat(tmp_path / "w2.db", clock=FakeClock(at("2026-11-27T10:00")))
    file_not_received(chat2)
    chat2.clock.at = at("2026-12-06T09:00")
    sent = chat2.dispatch_due()
    assert len(sent) == 1 and "已在 2026-12-05 00:00 截止" in sent[0]
    assert "按现在的情况" in sent[0]
    chat.close()
    chat2.close()


def test_a_reminder_printed_late_without_downtime_does_not_apologise(tmp_path: Path) -> None:
    """A terminal waiting for the next line prints a due reminder only then: the service was
    running all along, so there was no interruption to apologise for."""
    clock = FakeClock(at("2026-11-27T10:00"))
    chat = Chat(tmp_path / "w.db", clock=clock)
    file_not_received(chat)
    for day in range(28, 32):  # running: a delivery pass now and then, nothing due yet
        clock.at = at(f"2026-11-{day}T10:00") if day <= 30 else at("2026-12-01T10:00")
        assert chat.dispatch_due() == []
    clock.at = at("2026-12-03T11:30")  # due 08:00, printed hours later, never down
    sent = chat.dispatch_due()
    assert len(sent) == 1 and "交易成功后" in sent[0]
    assert "服务中断" not in sent[0] and "原定" not in sent[0]
    chat.close()


def test_no_reminder_at_night() -> None:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Asia/Shanghai")
    deadline = at("2026-12-10T23:59")
    assert quiet(at("2026-12-08T23:30"), deadline, zone, before=True) == at("2026-12-09T08:00")
    assert quiet(at("2026-12-09T03:00"), deadline, zone, before=True) == at("2026-12-09T08:00")
    assert quiet(at("2026-12-09T12:00"), deadline, zone, before=True) == at("2026-12-09T12:00")
    early = at("2026-12-10T02:00")  # the deadline itself is at night
    assert quiet(at("2026-12-09T23:00"), early, zone, before=True) == at("2026-12-09T21:00")
    assert quiet(at("2026-12-10T02:00"), early, zone) == at("2026-12-10T08:00")


CHILD = """
import asyncio, json, os, signal, sys
from bot.delivery.outbox import Delivery
from bot.scheduler import Scheduler
from bot.service import Service
from bot.store.sqlite import Store
from knowledge.loader import load_kb
from tests.chat import FakeClock
from datetime import datetime

class Log:
    count = 0
    async def deliver(self, action, ref):
        Log.count += 1
        if Log.count == int(sys.argv[3]):
            os.kill(os.getpid(), signal.SIGKILL)
        with open(sys.argv[2], "a") as f:
            f.write(json.dumps({"ref": ref, "text": action.text[:40]}) + "\\n")
            f.flush(); os.fsync(f.fileno())

store = Store(sys.argv[1])
clock = FakeClock(datetime.fromisoformat("2026-12-20T09:00:00+08:00"))
scheduler = Scheduler(store, Service(store, load_kb(), clock, source="test"), clock)

async def due():
    await scheduler.run_once()  # the due reminders get their words
    await Delivery(store, Log(), clock).deliver_due()

asyncio.run(due())
"""


def test_killed_while_reminders_are_due_each_is_sent_exactly_once(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    for user in range(1, 5):  # four cases, each with reminders of several windows
        chat = Chat(db, user_id=user, clock=FakeClock(at("2026-11-27T10:00")))
        file_not_received(chat)
        chat.click("记录进展")
        chat.click("申请退款/维权")
        chat.click("刚刚")
        chat.close()
    log = tmp_path / "sent.jsonl"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    for kill_at in (2, 3, 999):
        proc = subprocess.run([sys.executable, "-c", CHILD, str(db), str(log), str(kill_at)],
                              env=env, timeout=60)
        assert proc.returncode == (-signal.SIGKILL if kill_at != 999 else 0)
    refs = [json.loads(line)["ref"] for line in log.read_text().splitlines()]
    assert len(refs) == len(set(refs)), "a reminder was sent twice"
    chat = Chat(db, user_id=1)
    left = chat.store.db.execute("SELECT COUNT(*) FROM outbox WHERE kind='reminder' AND "
                                 "status='pending' AND due_at <= ?",
                                 ["2026-12-20T01:00:00.000000+00:00"]).fetchone()[0]
    sent = chat.store.db.execute("SELECT COUNT(*) FROM outbox WHERE kind='reminder' AND "
                                 "status='sent'").fetchone()[0]
    assert left == 0 and sent == len(refs) and sent >= 4
    chat.close()


def test_reminder_times_are_stored_in_utc_and_shown_local(tmp_path: Path) -> None:
    chat = Chat(tmp_path / "w.db", clock=FakeClock(at("2026-11-27T10:00")))
    file_not_received(chat)
    from bot.store.cases import show_case

    case = show_case(chat.store, 1)
    assert case is not None
    assert [r["due_at"] for r in case["reminders"]] == ["2026-12-03T08:00:00+08:00",
                                                        "2026-12-04T08:00:00+08:00"]
    assert [(d["rule"], d["deadline"]) for d in case["deadlines"]] == [
        ("success_15d", "2026-12-05T00:00:00+08:00")]
    chat.close()


def test_timedelta_sanity() -> None:
    assert at("2026-11-30T10:00") - at("2026-11-27T10:00") == timedelta(hours=72)


def test_a_snooze_moved_onto_a_planned_reminder_sends_one_not_two(tmp_path: Path) -> None:
    # 稍后提醒 on the 2-days-before reminder of a midnight deadline: half the time left is
    # 04:00, quiet hours move it to 08:00 — the minute of the 1-day-before reminder.
    clock = FakeClock(at("2026-11-27T10:00"))
    chat = Chat(tmp_path / "w.db", clock=clock)
    file_not_received(chat)
    clock.at = at("2026-12-03T08:00")
    assert len(chat.dispatch_due()) == 1
    chat.click("稍后提醒")
    assert "2026-12-04 08:00" in chat.last
    slots = chat.store.db.execute(
        "SELECT due_at, COUNT(*) FROM outbox WHERE kind='reminder' AND status='pending' "
        "GROUP BY json_extract(payload, '$.rule'), due_at").fetchall()
    assert all(n == 1 for _, n in slots)
    clock.at = at("2026-12-04T08:00")
    assert len(chat.dispatch_due()) == 1  # one reminder in that slot, not two
    clock.advance(days=2)
    assert chat.dispatch_due() == []
    chat.close()


def test_a_reminder_being_sent_when_its_case_changes_ends_sent(tmp_path: Path) -> None:
    clock = FakeClock(at("2026-11-27T10:00"))
    chat = Chat(tmp_path / "w.db", clock=clock)
    file_not_received(chat)
    store = chat.store
    first = store.db.execute("SELECT id, key FROM outbox WHERE kind='reminder' "
                             "ORDER BY due_at LIMIT 1").fetchone()
    store.rows.sending(first[0], "2026-12-03T08:00:00+08:00")  # Telegram has it in hand
    chat.click("记录进展")  # meanwhile the shopper records progress: a reschedule
    chat.click("申请退款/维权")
    chat.click("刚刚")
    (status,) = store.db.execute("SELECT status FROM outbox WHERE id=?", [first[0]]).fetchone()
    assert status == "sending"  # not cancelled under the sender's feet
    again = store.db.execute("SELECT COUNT(*) FROM outbox WHERE key=? AND status='pending'",
                             [first[1]]).fetchone()[0]
    assert again == 0  # and not queued a second time
    store.mark_sent(first[0], "2026-12-03T08:00:01+08:00")
    assert store.db.execute("SELECT status FROM outbox WHERE id=?", [first[0]]).fetchone()[0] \
        == "sent"
    chat.close()
