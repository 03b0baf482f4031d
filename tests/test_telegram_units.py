"""The shared Telegram pieces on their own: splitting, escaping, reading updates, rates,
the transport's resumption and choices, the pipeline's order and offsets, token masking."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from bot.adapters.telegram.api import BadRequest, NotModified, Rows
from bot.adapters.telegram.limits import Limits, Pacer, RateLimiter
from bot.adapters.telegram.logs import MaskingFormatter
from bot.adapters.telegram.pipeline import Pipeline
from bot.adapters.telegram.text import MAX_CAPTION, chosen_text, escape, split_text, units
from bot.adapters.telegram.transport import TelegramTransport
from bot.adapters.telegram.updates import merge_album, read_update
from bot.service import Outcome
from bot.transport import RetryLater, Undeliverable
from dialogs.actions import Button, MarkChosen, NotifyAdvisers, SendFile, SendText
from dialogs.events import Incoming, Kind
from tests.chat.telegram_bot import TOKEN
from tests.emulator import BotApiEmulator

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


# ---- text ------------------------------------------------------------------------------------

def test_escape_and_units() -> None:
    assert escape("<b>1 < 2 & 3</b>") == "&lt;b&gt;1 &lt; 2 &amp; 3&lt;/b&gt;"
    assert units("维权") == 2 and units("👍") == 2


def test_split_prefers_paragraphs_then_lines() -> None:
    text = "\n\n".join(["甲" * 3000, "乙" * 3000, "丙" * 100])
    assert split_text(text) == ["甲" * 3000, "乙" * 3000 + "\n\n" + "丙" * 100]
    lines = "\n".join(f"{i:04d} " + "x" * 95 for i in range(100))  # 100 lines of 100
    pieces = split_text(lines)
    assert [len(p) for p in pieces] == [4039, 4039, 2019]  # 40 whole lines, 40, 20
    assert pieces[1].startswith("0040 ") and pieces[2].startswith("0080 ")
    assert "\n".join(pieces) == lines
    assert split_text("短") == ["短"] and split_text("") == [""]


def test_split_never_cuts_a_surrogate_pair() -> None:
    pieces = split_text("👍" * 3000)
    assert all(units(p) <= 4096 for p in pieces) and "".join(pieces) == "👍" * 3000


@given(st.text(alphabet=st.sampled_from("ab 维权\n👍"), max_size=3000),
       st.integers(min_value=8, max_value=MAX_CAPTION))
def test_split_property(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert all(units(p) <= limit for p in pieces)

    def squash(s: str) -> str:
        return s.replace("\n", "").replace(" ", "")

    assert squash("".join(pieces)) == squash(text)


def test_chosen_text() -> None:
    assert chosen_text("在哪个平台买的？", "天猫") == "在哪个平台买的？\n\n✅ 天猫"
    assert chosen_text("x" * 4094, "天猫") is None


# ---- reading updates ---------------------------------------------------------------------------

def jpeg(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height)).save(buf, "JPEG")
    return buf.getvalue()


def test_updates_become_events() -> None:
    emu = BotApiEmulator(token=TOKEN)
    emu.add_user(7, lang="en")
    photo = read_update(emu.update(emu.send_photo(7, jpeg(1600, 1200), caption="receipt",
                                                  lang="en")), NOW).event
    assert photo is not None and photo.kind == Kind.FILES and photo.caption == "receipt"
    assert (photo.files[0].width, photo.files[0].height) == (1600, 1200)  # not the last size
    doc = read_update(emu.update(emu.send_document(7, b"%PDF", "a.pdf", "application/pdf")),
                      NOW).event
    assert doc is not None and doc.files[0].file_name == "a.pdf" and doc.files[0].kind == "document"
    cmd = read_update(emu.update(emu.send_text(7, "/Status@weiquan_test_bot now", lang="en")), NOW)
    assert cmd.event is not None and cmd.event.command == "status" and cmd.event.lang == "en"
    fwd = read_update(emu.update(emu.forward_text(7, "/start", origin="Seller")), NOW).event
    assert fwd is not None and fwd.kind == Kind.TEXT and fwd.forwarded
    emu.add_group(-100, "group")
    assert read_update(emu.update(emu.group_message(-100, 7, "hi")), NOW).event is None
    sticker = read_update({"update_id": 1, "message": {
        "message_id": 1, "date": 0, "chat": {"id": 7, "type": "private"},
        "from": {"id": 7, "is_bot": False, "first_name": "x"}, "sticker": {}}}, NOW).event
    assert sticker is not None and sticker.kind == Kind.OTHER


def test_press_carries_label_and_message() -> None:
    emu = BotApiEmulator(token=TOKEN)
    emu.add_user(7)
    msg = emu.store.new_message(emu.store.chats[7], emu.store.bot.json(), {
        "text": "选一个", "reply_markup": {"inline_keyboard": [[
            {"text": "天猫", "callback_data": "f2:tmall"}]]}})
    read = read_update(emu.update(emu.press(7, msg["message_id"], "f2:tmall")), NOW)
    assert read.callback_id and read.message_text == "选一个"
    ev = read.event
    assert ev is not None and ev.kind == Kind.BUTTON and ev.button == "f2:tmall"
    assert ev.message_id == msg["message_id"] and ev.extra == {"button_label": "天猫"}


def test_album_merges_into_one_event() -> None:
    parts = [Incoming(user_id=1, chat_id=1, kind=Kind.FILES, at=NOW, update_id=10 + i,
                      files=(), album_id="g", caption="证据" if i == 1 else "") for i in range(3)]
    merged = merge_album(parts)
    assert merged.update_id == 10 and merged.caption == "证据"


# ---- rates -----------------------------------------------------------------------------------

def test_pacer_burst_then_rate() -> None:
    now = [0.0]
    overall = RateLimiter(Limits(overall=30.0), clock=lambda: now[0])
    assert [overall.delay(None) for _ in range(4)] == pytest.approx([0, 1 / 30, 2 / 30, 3 / 30])
    limiter = RateLimiter(Limits(per_chat=1.0, burst=3, overall=1e9), clock=lambda: now[0])
    assert [limiter.delay(5) for _ in range(5)] == pytest.approx([0, 0, 0, 1, 2], abs=1e-6)
    assert limiter.delay(6) == pytest.approx(0, abs=1e-6)  # another chat is not held up
    assert [limiter.delay(-100) for _ in range(4)] == pytest.approx([0, 0, 0, 3], abs=1e-6)
    pacer = Pacer(clock=lambda: now[0])
    waits = [pacer.delay("*", 30.0, 30) for _ in range(60)]
    assert waits[29] == 0.0 and waits[59] == pytest.approx(1.0)


# ---- transport -------------------------------------------------------------------------------

class FakeApi:
    name = "fake"

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.fail: dict[int, Exception] = {}  # call number -> error

    def _call(self, *call: Any) -> int:
        self.calls.append(call)
        error = self.fail.pop(len(self.calls), None)
        if error is not None:
            raise error
        return len(self.calls)

    async def send_message(self, chat_id: int, html: str, keyboard: Rows | None,
                           thread_id: int | None = None, reply_to: int | None = None) -> int:
        return self._call("send", chat_id, html, keyboard)

    async def edit_text(self, chat_id: int, message_id: int, html: str) -> None:
        self._call("edit", chat_id, message_id, html)

    async def remove_keyboard(self, chat_id: int, message_id: int) -> str | None:
        self._call("unkey", chat_id, message_id)
        return "Telegram 里的问题"

    async def send_document(self, chat_id: int, path: Path, caption_html: str) -> int:
        return self._call("doc", chat_id, path.name, caption_html)


def transport(api: FakeApi) -> TelegramTransport:
    return TelegramTransport(api, RateLimiter(Limits.unlimited()))  # type: ignore[arg-type]


async def test_split_message_resumes_after_429_without_repeats() -> None:
    api = FakeApi()
    api.fail[2] = RetryLater(1)
    t = transport(api)
    text = "第一段" * 1000 + "\n" + "<第二段>" * 600
    action = SendText(1, text, ((Button("好", "f1:ok"),),))
    with pytest.raises(RetryLater):
        await t.deliver(action, ref=9)
    await t.deliver(action, ref=9)
    sent = [c for c in api.calls if c[0] == "send"]
    starts = ["第一段", "&lt;第二段&gt;", "&lt;第二段&gt;"]  # piece 2 again, piece 1 not
    assert len(sent) == 3 and all(c[2].startswith(p) for c, p in zip(sent, starts, strict=True))
    assert sent[0][3] is None and sent[2][3] == [[("好", "f1:ok")]]


async def test_a_split_message_continues_after_a_restart_from_the_stored_part(
        tmp_path: Path) -> None:
    from bot.store.sqlite import Store
    from bot.transport import StoredProgress

    store = Store(tmp_path / "w.db")
    row = store.enqueue(1, 1, "send_text", {}, "2026-01-01", "2026-01-01")
    clock = lambda: datetime(2026, 1, 1, tzinfo=UTC)  # noqa: E731
    api = FakeApi()
    api.fail[3] = OSError("the process died here")
    text = "一" * 4000 + "\n" + "二" * 4000 + "\n" + "三" * 100
    action = SendText(1, text)
    first = TelegramTransport(api, RateLimiter(Limits.unlimited()),  # type: ignore[arg-type]
                              progress=StoredProgress(store.rows, clock))
    with pytest.raises(OSError):
        await first.deliver(action, ref=row)
    assert store.rows.parts_sent(row) == 2
    assert store.db.execute("SELECT status FROM outbox").fetchone()[0] == "sending"
    second = TelegramTransport(api, RateLimiter(Limits.unlimited()),  # type: ignore[arg-type]
                               progress=StoredProgress(store.rows, clock))  # a new process
    await second.deliver(action, ref=row)
    tried = [c[2][0] for c in api.calls if c[0] == "send"]
    assert tried == ["一", "二", "三", "三"]  # parts 1 and 2 not again; the failed 三 again
    store.close()


async def test_mark_chosen_shows_the_choice_or_just_drops_the_keyboard() -> None:
    api = FakeApi()
    t = transport(api)
    await t.deliver(SendText(1, "平台？", ((Button("天猫", "f2:tmall"),),)), ref=1)
    await t.deliver(MarkChosen(1, 1, "天猫"), ref=2)
    assert api.calls[-1] == ("edit", 1, 1, "平台？\n\n✅ 天猫")
    await t.deliver(MarkChosen(1, 99, "淘宝"), ref=3)  # a message this process never saw:
    assert api.calls[-2:] == [("unkey", 1, 99), ("edit", 1, 99, "Telegram 里的问题\n\n✅ 淘宝")]
    api.fail[len(api.calls) + 1] = NotModified("message is not modified")
    await t.deliver(MarkChosen(1, 1, "天猫"), ref=4)  # delivered again after a crash: fine
    api.fail[len(api.calls) + 1] = BadRequest("message can't be edited")
    with pytest.raises(Undeliverable):
        await t.deliver(MarkChosen(1, 1, "天猫"), ref=5)


async def test_advisers_file_and_caption_overflow(tmp_path: Path) -> None:
    api = FakeApi()
    await transport(api).deliver(NotifyAdvisers("新案件", user_id=1), ref=1)
    assert api.calls == []  # no advisers' group configured: nothing to send
    dossier = tmp_path / "case.pdf"
    dossier.write_bytes(b"%PDF")
    await transport(api).deliver(SendFile(1, str(dossier), "说明\n" * 400), ref=2)
    doc, more = api.calls[0], api.calls[1]
    assert doc[0] == "doc" and units(doc[3]) <= MAX_CAPTION and more[0] == "send"
    with pytest.raises(Undeliverable):  # a file that is gone will not come back
        await transport(api).deliver(SendFile(1, str(tmp_path / "gone.pdf")), ref=3)


# ---- pipeline --------------------------------------------------------------------------------

class SlowService:
    def __init__(self) -> None:
        self.order: list[tuple[int, str, tuple[int, ...]]] = []

    async def handle(self, ev: Incoming, also: tuple[int, ...] = ()) -> Outcome:
        if ev.text == "slow":
            await asyncio.sleep(0.2)
        self.order.append((ev.user_id, ev.text or f"{len(ev.files)} files", tuple(also)))
        return Outcome(applied=True)


def message(update_id: int, user: int, text: str | None = None,
            album: str | None = None) -> dict[str, Any]:
    msg: dict[str, Any] = {"message_id": update_id, "date": 0,
                           "chat": {"id": user, "type": "private"},
                           "from": {"id": user, "is_bot": False, "first_name": "u"}}
    if text is not None:
        msg["text"] = text
    else:
        msg.update(photo=[{"file_id": f"p{update_id}", "file_unique_id": "u", "width": 1,
                           "height": 1}], media_group_id=album)
    return {"update_id": update_id, "message": msg}


async def noop(*_: Any) -> None:
    return None


async def test_pipeline_orders_per_user_and_confirms_only_committed() -> None:
    service = SlowService()
    pipe = Pipeline(service, lambda: NOW, answer=noop, remember=lambda *a: None,  # type: ignore[arg-type]
                    handled=lambda: None, album_wait=0.1)
    pipe.accept(message(1, 10, "slow"))
    pipe.accept(message(2, 10, "after"))
    pipe.accept(message(3, 20, "other user"))
    for i, album in zip(range(4, 9), ["g1", "g2", "g1", "g1", "g2"], strict=True):
        pipe.accept(message(i, 20, album=album))  # two albums at once, interleaved
    pipe.accept(message(9, 20, "after albums"))
    assert pipe.offset() == 1 and not pipe.is_new(2)
    async def other_user_done() -> None:
        while (20, "other user", ()) not in service.order:
            await asyncio.sleep(0.01)

    await asyncio.wait_for(other_user_done(), 5)
    assert pipe.offset() == 1  # 3 is done, but 1 is not: nothing may be confirmed yet
    await pipe.drain()
    assert service.order == [(20, "other user", ()), (20, "3 files", (6, 7)),
                             (20, "2 files", (8,)), (20, "after albums", ()),
                             (10, "slow", ()), (10, "after", ())]
    assert pipe.offset() == 10 and not pipe.is_new(3)  # a late copy of 3 is recognised


def test_token_masked_in_messages_args_and_tracebacks() -> None:
    formatter = MaskingFormatter(TOKEN, "%(message)s")
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/getMe failed")
    except RuntimeError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "url %s", (f"/bot{TOKEN}/",),
                                   sys.exc_info())
    out = formatter.format(record)
    assert TOKEN not in out and TOKEN.split(":")[1] not in out
    assert out.count("<token>") == 2
