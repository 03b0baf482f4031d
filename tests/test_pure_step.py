"""`step` is pure: a whole case — complaint, review, evidence, letter, progress, a reminder
falling due, a hand-over and the adviser's answer — runs with every way of opening a file made
to fail inside `step`. The knowledge object (facts, rules, letter templates, texts) is built
first; the module caches that once held rules, templates and texts are emptied, so a step that
still reached for them would have to read a file, and is caught."""

from __future__ import annotations

import builtins
import io
import os
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, time
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import bot.service
from bot.desk.config import DeskConfig
from dialogs.engine import step
from knowledge import deadline_rules, letter_book, texts
from knowledge.loader import load_kb
from knowledge.texts import default_texts
from tests.chat import Chat, FakeClock

GROUP, ADVISER = -100500, 777
DESK = DeskConfig(GROUP, frozenset({ADVISER}), time(9, 0), time(21, 0))
ERROR = default_texts().t("zh", "error.generic")
OPENERS: list[tuple[Any, str]] = [(builtins, "open"), (io, "open"), (os, "open"),
                                  (os, "listdir"), (os, "scandir")]


class FileGuard:
    """While `step` runs on this thread, every opener raises and is noted."""

    def __init__(self) -> None:
        self.inside: int | None = None  # the thread running `step`, while it does
        self.steps = 0
        self.caught: list[str] = []

    def wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if self.inside == threading.get_ident():
                self.caught.append(f"{name}{args[:1]!r}")
                raise PermissionError(f"step opened a file: {name}{args[:1]!r}")
            return real(*args, **kwargs)
        return guarded

    def step(self, *args: Any, **kwargs: Any) -> Any:
        self.inside, self.steps = threading.get_ident(), self.steps + 1
        try:
            return step(*args, **kwargs)
        finally:
            self.inside = None


@pytest.fixture
def guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[FileGuard]:
    load_kb()  # the knowledge object, built before the first event
    texts.default_texts.cache_clear()
    deadline_rules._default_rules.cache_clear()
    letter_book.default_book.cache_clear()
    watch = FileGuard()
    for module, name in OPENERS:
        monkeypatch.setattr(module, name, watch.wrap(name, getattr(module, name)))
    for name in ("open", "read_text", "read_bytes"):
        monkeypatch.setattr(Path, name, watch.wrap(f"Path.{name}", getattr(Path, name)))
    monkeypatch.setattr(bot.service, "step", watch.step)
    yield watch


def jpeg() -> bytes:
    buf = BytesIO()
    Image.new("RGB", (800, 600), (20, 120, 200)).save(buf, "JPEG")
    return buf.getvalue()


def test_a_whole_case_runs_without_step_opening_a_file(tmp_path: Path,
                                                       guard: FileGuard) -> None:
    clock = FakeClock(datetime.fromisoformat("2026-11-27T10:00:00+08:00"))
    chat = Chat(tmp_path / "w.db", clock=clock, desk=DESK)
    from tests.test_reminders import file_not_received

    file_not_received(chat)  # the complaint, its form and the review card
    assert "交易成功后 15 天" in chat.last
    for question in ("11月20日签收的，七天无理由退货到哪天？", "12315 现在有人接电话吗？"):
        answer = chat.send(question)  # dates computed by the rules, opening hours
        assert answer and guard.caught == [], (question, guard.caught)
        assert not any(ERROR in text for text in answer), answer
    kept = chat.send_files((jpeg(), "photo", "a.jpg"), caption="聊天截图")  # a report event
    assert kept and any("已保存" in text or "收到" in text for text in kept), kept
    assert "投诉" in chat.send("/letter")[-1]  # the templates, from the knowledge object
    chat.click("记录进展")
    chat.click("申请退款/维权")
    chat.click("刚刚")
    assert "72" in chat.last or "卖家" in chat.last
    clock.advance(days=3, minutes=1)
    due = chat.dispatch_due()  # a reminder falling due: worded by step
    assert len(due) == 1 and "卖家做到了吗" in due[0]
    assert "前面还有" in chat.send("转人工")[0]  # the hand-over
    card = chat.transport.group(GROUP)[-1].text
    assert "案件 #1" in card
    thread = chat.store.db.execute("SELECT thread_id FROM handovers").fetchone()[0]
    assert "顾问已接手" in chat.adviser(GROUP, ADVISER, "/take", thread)[0]  # a group event
    assert chat.adviser(GROUP, ADVISER, "您好，我来处理。", thread) == ["您好，我来处理。"]
    chat.close()
    assert guard.caught == []
    assert guard.steps >= 20  # every event above went through the guarded step
