"""'12315现在能打吗' says whether agents are on duty now and, if not, when they next are: computed
from the hours the knowledge base holds and the engine's clock (issue 11, smaller items)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.chat import Chat, FakeClock


def ask(db: Path, at: str, question: str, lang: str = "zh") -> str:
    chat = Chat(db, lang=lang, clock=FakeClock(datetime.fromisoformat(at)))
    reply = chat.send(question)[0]
    chat.close()
    return reply


@pytest.mark.parametrize(("lang", "question", "expected"), [
    ("zh", "12315现在能打吗", "下一次开放是 周一（2026-11-30）08:30"),
    ("en", "can I call 12315 now?", "they next open Monday (2026-11-30) at 08:30")])
def test_saturday_evening_says_monday_0830(db: Path, lang: str, question: str,
                                           expected: str) -> None:
    reply = ask(db, "2026-11-28T20:00:00+08:00", question, lang)  # a Saturday
    assert expected in reply and ("周六 20:00" in reply or "Saturday 20:00" in reply)


def test_during_hours_it_says_open_until(db: Path) -> None:
    assert "在人工服务时间内，这一段到 12:00" in ask(db, "2026-11-27T10:00:00+08:00", "12315现在能打吗")


def test_lunchtime_says_today_afternoon(db: Path) -> None:
    assert "下一次开放是 今天（2026-11-27）14:00" in ask(db, "2026-11-27T12:30:00+08:00",
                                                      "12315几点能打通")


def test_the_clock_is_the_bots_not_the_machines(db: Path) -> None:
    """A bot whose clock says 2026-09-30 evening answers for that moment (National Day next)."""
    reply = ask(db, "2026-09-30T18:00:00+08:00", "12315现在能打吗")
    assert "明天（2026-10-01）08:30" in reply and "法定节假日" in reply
