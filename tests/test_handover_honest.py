"""转人工 tells the truth (issue 11, must-show 4): no advisers means no pretend queue; outside
the advisers' hours the request is kept and the shopper is told when someone will see it."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest

from bot.desk.config import DeskConfig
from dialogs.flows.desk import QueueEntry, queue_text
from knowledge.loader import load_kb
from tests.chat import T0, Chat, FakeClock

GROUP, ADVISER = -100500, 777
DESK = DeskConfig(GROUP, frozenset({ADVISER}), time(9, 0), time(21, 0))
WORDS = {
    "zh": {"human": "转人工", "none": "没有配备人工顾问", "queued": "前面还有",
           "closed": "不在顾问服务时间", "tomorrow": "明天 09:00", "today": "今天 09:00",
           "relay": "会转给顾问", "sources": "来源：", "fill": "投诉", "pick": "假货"},
    "en": {"human": "/human", "none": "no human adviser", "queued": "in the queue",
           "closed": "outside the advisers' hours", "tomorrow": "tomorrow at 09:00",
           "today": "today at 09:00", "relay": "goes to the adviser", "sources": "Source",
           "fill": "/complain", "pick": "Counterfeit"},
}


def requests(chat: Chat) -> list[tuple[str, ...]]:
    return chat.store.db.execute("SELECT state FROM handovers").fetchall()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_adviser_configured_says_so_and_keeps_no_queue(db: Path, lang: str) -> None:
    w = WORDS[lang]
    chat = Chat(db, user_id=5, lang=lang)
    first = chat.send(w["human"])[-1]
    assert w["none"] in first and "9510211" in first and "12315" in first
    assert w["sources"] in first  # the official channels come with where they are from
    assert requests(chat) == []  # nobody could ever see a queued request
    second = chat.send(w["human"])[-1]
    assert w["none"] in second and w["relay"] not in second
    assert requests(chat) == []
    chat.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_adviser_mid_form_the_next_message_is_the_answer(db: Path, lang: str) -> None:
    w = WORDS[lang]
    chat = Chat(db, user_id=5, lang=lang)
    chat.send(w["fill"])
    chat.click(w["pick"])
    chat.click("天猫" if lang == "zh" else "Tmall")
    chat.send(w["human"])
    again = chat.send(w["human"])
    assert w["none"] in again[0] and w["relay"] not in "\n".join(again)
    chat.send("小李数码专营店")  # the shop question was pending: handled as its answer
    case = chat.store.db.execute("SELECT fields FROM cases").fetchone()[0]
    assert "小李数码专营店" in case
    assert requests(chat) == []
    chat.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_adviser_within_hours_queues(db: Path, lang: str) -> None:
    w = WORDS[lang]
    chat = Chat(db, user_id=5, lang=lang, desk=DESK)
    reply = chat.send(w["human"])[-1]
    assert w["queued"] in reply and w["closed"] not in reply and w["none"] not in reply
    assert requests(chat) == [("waiting",)]
    chat.close()


@pytest.mark.parametrize(("lang", "hour", "day"), [("zh", 23, "tomorrow"), ("en", 23, "tomorrow"),
                                                   ("zh", 7, "today"), ("en", 7, "today")])
def test_outside_hours_says_when_it_will_be_seen(db: Path, lang: str, hour: int,
                                                 day: str) -> None:
    w = WORDS[lang]
    chat = Chat(db, user_id=5, lang=lang, desk=DESK, clock=FakeClock(T0.replace(hour=hour)))
    reply = chat.send(w["human"])[-1]
    assert w["closed"] in reply and w[day] in reply and "12315" in reply
    assert requests(chat) == [("waiting",)]  # kept: an adviser will see it in the morning
    assert chat.transport.group(GROUP)
    chat.close()


def test_an_old_pretend_request_is_closed_when_no_adviser_exists(db: Path) -> None:
    chat = Chat(db, user_id=5)
    chat.store.db.execute("INSERT INTO handovers (user_id, chat_id, state, reason, requested_at)"
                          " VALUES (5, 5, 'waiting', 'x', ?)", [T0.isoformat()])
    assert "没有配备人工顾问" in chat.send("转人工")[-1]
    assert requests(chat) == [("closed",)]
    chat.close()


def test_queue_wait_is_never_negative() -> None:
    entry = QueueEntry(1, 5, None, "waiting", (T0 + timedelta(seconds=40)).isoformat())
    line = queue_text([entry], T0, load_kb()).split("\n")[1]
    assert line.endswith("已等 0h00m")


def test_a_restart_with_weiquan_now_does_not_run_time_backwards(tmp_path: Path) -> None:
    """The real cause of "已等 -1h59m": every process started its clock at WEIQUAN_NOW again."""
    from bot.app import build
    from bot.config import load_settings

    settings = load_settings(now=T0, db=tmp_path / "w.db", data_dir=tmp_path)
    first = build(settings, source="test")
    first.store.mark_processed("test", 1, 5, (T0 + timedelta(minutes=2)).isoformat())
    first.store.close()
    again = build(settings, source="test")
    assert again.clock.now() >= T0 + timedelta(minutes=2)
    again.store.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_start_and_help_promise_advisers_only_when_there_are_some(db: Path, lang: str) -> None:
    promise = "转给人工顾问" if lang == "zh" else "hand you to a human adviser"
    alone = Chat(db, user_id=5, lang=lang)
    assert promise not in alone.send("/start")[-1]
    assert ("没有人工顾问" if lang == "zh" else "no human advisers") in alone.send("/help")[-1]
    alone.close()
    staffed = Chat(db, user_id=6, lang=lang, desk=DESK)
    assert promise in staffed.send("/start")[-1]
    staffed.close()


def test_a_group_without_any_adviser_is_no_adviser(db: Path) -> None:
    """WEIQUAN_OPERATOR_CHAT set but WEIQUAN_OPERATORS empty: nobody could answer a request."""
    chat = Chat(db, user_id=5, desk=DeskConfig(GROUP, frozenset(), time(9, 0), time(21, 0)))
    assert "没有配备人工顾问" in chat.send("转人工")[-1]
    assert requests(chat) == [] and chat.transport.group(GROUP) == []
    chat.close()
