"""The bot forgets on its own (issue 16, item 11): texts of sent and recent messages after 30
days, update ids after 7, a closed case (with its evidence files) after the configured time
only; open cases and fresh texts stay. Conversations through the chat client, real SQLite."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.ops.retention import Ages, Retention
from bot.store.cases import show_case
from tests.chat import Chat, FakeClock
from tests.scenario_form import fill


def photo(shade: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (shade, 120, 200 - shade)).save(out, "PNG")
    return out.getvalue()


def close_case(chat: Chat) -> None:
    for event in ("已解决", "结案"):
        chat.click("记录进展")
        chat.click(event)
        if "刚刚" in chat.buttons:
            chat.click("刚刚")


def evidence_files(chat: Chat) -> set[str]:
    return {p.name for p in (chat.store_dir / "evidence").rglob("*") if p.is_file()}


def payloads(chat: Chat, user: int) -> list[tuple[str, dict[str, object]]]:
    rows = chat.store.db.execute("SELECT kind, payload FROM outbox WHERE user_id=? AND status="
                                 "'sent'", [user]).fetchall()
    return [(kind, json.loads(payload)) for kind, payload in rows]


def two_shoppers(db: Path) -> tuple[Chat, Chat, FakeClock]:
    clock = FakeClock()
    closed, open_ = Chat(db, user_id=42, clock=clock), Chat(db, user_id=43, clock=clock)
    fill(closed, "质量问题", {"description": "耳机左耳没有声音，商家拒绝退货。"})
    closed.send_files((photo(10), "photo", "a.png"))
    close_case(closed)
    assert show_case(closed.store, 1)["status"] == "closed"  # type: ignore[index]
    fill(open_, "质量问题", {"description": "屏幕有坏点，商家不理。"})
    open_.send_files((photo(90), "photo", "b.png"))
    return closed, open_, clock


def test_old_texts_and_update_ids_go_cases_stay_by_default(db: Path) -> None:
    closed, open_, clock = two_shoppers(db)
    files = evidence_files(closed)
    assert len(files) == 2
    clock.advance(days=31)
    open_.send("你好，我想看看进展")  # fresh: kept
    store = closed.store
    counts = Retention(store, closed.evidence, clock, Ages()).purge()
    assert counts["texts"] > 10 and counts["update_ids"] > 10 and counts["cases"] == 0

    for kind, payload in payloads(closed, 42):
        assert payload == {} or kind == "reminder", (kind, payload)
    fresh = [p for _, p in payloads(open_, 43) if p]
    assert fresh and all("耳机" not in json.dumps(p, ensure_ascii=False) for p in fresh)
    recent = [text for (said,) in store.db.execute("SELECT recent FROM sessions")
              for text, _ in json.loads(said)]
    assert recent == ["你好，我想看看进展"]
    (left,) = store.db.execute("SELECT count(*) FROM processed_updates").fetchone()
    assert left == 1  # only the fresh update's id
    # Cases, their notes and evidence stay until /forget (no case retention configured).
    assert show_case(store, 1) is not None and show_case(store, 2) is not None
    assert evidence_files(closed) == files
    closed.send("/status")  # and the conversation goes on
    assert "#1" in closed.last
    closed.close()
    open_.close()


def test_a_closed_case_goes_after_its_retention_with_its_files(db: Path) -> None:
    closed, open_, clock = two_shoppers(db)
    mine = {p.name for p in (closed.store_dir / "evidence").rglob("*") if p.is_file()}
    clock.advance(days=10)
    keep_a_week = Ages(cases=timedelta(days=7))
    counts = Retention(closed.store, closed.evidence, clock, keep_a_week).purge()
    assert counts["cases"] == 1
    store = closed.store
    assert show_case(store, 1) is None
    assert show_case(store, 2) is not None  # open: stays however old
    for table in ("case_events", "case_notes", "evidence"):
        (n,) = store.db.execute(f"SELECT count(*) FROM {table} WHERE case_id=1").fetchone()
        assert n == 0, table
    assert len(evidence_files(closed)) == 1 and evidence_files(closed) < mine
    (n,) = store.db.execute("SELECT count(*) FROM outbox WHERE case_id=1").fetchone()
    assert n == 0
    # The shopper is not stuck on a case that no longer exists.
    closed.send("/status")
    assert closed.last and "#1" not in closed.last
    fill(closed, "质量问题", {})
    assert show_case(store, 3) is not None or show_case(store, 1) is not None
    closed.close()
    open_.close()


def test_the_purge_runs_at_start_and_stops_when_told(db: Path) -> None:
    closed, open_, clock = two_shoppers(db)
    clock.advance(days=31)
    retention = Retention(closed.store, closed.evidence, clock, Ages())

    async def run_then_stop() -> int:
        stop = asyncio.Event()
        task = asyncio.create_task(retention.run(stop, interval=3600))
        for _ in range(500):  # until the first purge has happened
            (left,) = closed.store.db.execute(
                "SELECT SUM(json_array_length(recent)) FROM sessions").fetchone()
            if left == 0:
                break
            await asyncio.sleep(0.01)
        stop.set()
        await asyncio.wait_for(task, 5)  # and the hour's wait ends at once
        return int(left)

    assert asyncio.run(run_then_stop()) == 0
    closed.close()
    open_.close()


@pytest.mark.slow
def test_the_running_bot_purges_by_itself(tmp_path: Path) -> None:
    """The real `weiquan run`: a conversation 40 days ago (WEIQUAN_NOW), then a restart today."""
    import sqlite3

    from tests.chat.process import ProcessChat
    from tests.chat.telegram_bot import TOKEN
    from tests.emulator import EmulatorThread
    from tests.test_telegram_process import BotProcess

    data = tmp_path / "data"
    with EmulatorThread(token=TOKEN) as emu:
        chat = ProcessChat(emu)
        then = chat.bot = BotProcess("ptb", emu.base, data,
                                     extra_env={"WEIQUAN_NOW": "2026-10-01T10:00:00+08:00"})
        try:
            then.ready(emu)
            chat.send("/start")
            chat.wait_reply("维权助手")
        finally:
            assert then.terminate() == 0, then.output()[-3000:]
        db = sqlite3.connect(data / "weiquan.db")
        sent = db.execute("SELECT count(*) FROM outbox WHERE status='sent' AND payload != '{}'"
                          ).fetchone()[0]
        assert sent >= 1
        db.close()
        now = BotProcess("ptb", emu.base, data,
                         extra_env={"WEIQUAN_NOW": "2026-11-10T10:00:00+08:00"})
        try:
            now.ready(emu)
            emu.wait_until(lambda: "retention: purged" in now.output(), 60)
        finally:
            assert now.terminate() == 0, now.output()[-3000:]
    db = sqlite3.connect(data / "weiquan.db")
    left = db.execute("SELECT count(*) FROM outbox WHERE status='sent' AND payload != '{}'"
                      ).fetchone()[0]
    ids = db.execute("SELECT count(*) FROM processed_updates").fetchone()[0]
    db.close()
    assert left == 0 and ids <= 1
