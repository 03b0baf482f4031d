"""The Bot API emulator, driven over real HTTP by the real python-telegram-bot and aiogram."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import os
import subprocess
import sys
import textwrap
import time
import warnings
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import telegram
import telegram.error
from aiogram import Bot as AioBot
from aiogram import Dispatcher
from aiogram import types as aiotypes
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiohttp import web
from PIL import Image
from telegram.ext import Application, MessageHandler, filters

from tests.emulator import BotApiEmulator, EmulatorThread

pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")
TOKEN = "123456:TEST-token_abc"
USER = 501
GROUP = -1001234567890


def jpeg(width: int = 1600, height: int = 1200) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buf, "JPEG")
    return buf.getvalue()


class Client:
    """The same calls through ptb or aiogram, answers reduced to plain dicts."""

    def __init__(self, kind: str, base: str, token: str = TOKEN) -> None:
        self.kind = kind
        if kind == "ptb":
            self.ptb = telegram.Bot(token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot")
            self.bad, self.retry, self.conflict = telegram.error.BadRequest, telegram.error.RetryAfter, telegram.error.Conflict
            self.unauthorized, self.forbidden = telegram.error.InvalidToken, telegram.error.Forbidden
        else:
            self.aio = AioBot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(base)))
            self.bad, self.retry, self.conflict = TelegramBadRequest, TelegramRetryAfter, TelegramConflictError
            self.unauthorized, self.forbidden = TelegramUnauthorizedError, TelegramForbiddenError

    async def close(self) -> None:
        if self.kind == "ptb":
            await self.ptb.shutdown()
        else:
            await self.aio.session.close()

    def _d(self, obj: Any) -> Any:
        if isinstance(obj, list | tuple):
            return [self._d(o) for o in obj]
        if self.kind == "ptb":
            return obj.to_dict() if hasattr(obj, "to_dict") else obj
        return obj.model_dump(mode="json", exclude_none=True) if hasattr(obj, "model_dump") else obj

    def _kb(self, buttons: list[tuple[str, str]] | None) -> Any:
        if buttons is None:
            return None
        if self.kind == "ptb":
            return telegram.InlineKeyboardMarkup([[telegram.InlineKeyboardButton(t, callback_data=d)] for t, d in buttons])
        return aiotypes.InlineKeyboardMarkup(inline_keyboard=[[aiotypes.InlineKeyboardButton(text=t, callback_data=d)] for t, d in buttons])

    def _input_media(self, data: bytes, name: str, caption: str | None) -> Any:
        if self.kind == "ptb":
            return telegram.InputMediaPhoto(telegram.InputFile(data, filename=name, attach=True), caption=caption)
        return aiotypes.InputMediaPhoto(media=aiotypes.BufferedInputFile(data, name), caption=caption)

    def retry_seconds(self, exc: Exception) -> int:
        with warnings.catch_warnings():  # ptb 22 deprecates the int form
            warnings.simplefilter("ignore")
            value = exc.retry_after  # type: ignore[attr-defined]
        return int(value.total_seconds()) if isinstance(value, dt.timedelta) else int(value)

    async def call(self, method: str, **kw: Any) -> Any:
        """Call a bot method by its snake_case name on either library."""
        if "reply_markup" in kw:
            kw["reply_markup"] = self._kb(kw["reply_markup"])
        for key in ("photo", "document"):
            if isinstance(kw.get(key), tuple):
                data, name = kw[key]
                kw[key] = telegram.InputFile(data, filename=name) if self.kind == "ptb" else aiotypes.BufferedInputFile(data, name)
        if "media" in kw:
            kw["media"] = [self._input_media(*item) for item in kw["media"]]
        bot = self.ptb if self.kind == "ptb" else self.aio
        return self._d(await getattr(bot, method)(**kw))

    async def download(self, file_id: str) -> bytes:
        if self.kind == "ptb":
            f = await self.ptb.get_file(file_id)
            return bytes(await f.download_as_bytearray())
        f = await self.aio.get_file(file_id)
        out = await self.aio.download_file(f.file_path)
        return out.getvalue()


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as e:
        e.add_user(USER, lang="zh")
        yield e


@pytest.fixture(params=["ptb", "aiogram"])
async def client(request: pytest.FixtureRequest, emu: BotApiEmulator) -> AsyncIterator[Client]:
    c = Client(request.param, emu.base)
    yield c
    await c.close()


async def test_get_me_token_and_unknown_method(client: Client, emu: BotApiEmulator) -> None:
    me = await client.call("get_me")
    assert me["is_bot"] and me["username"] == "weiquan_test_bot" and me["id"] == 123456
    wrong = Client(client.kind, emu.base, token="123456:wrong")
    with pytest.raises(client.unauthorized):
        await wrong.call("get_me")
    await wrong.close()
    async with aiohttp.ClientSession() as s, s.post(f"{emu.base}/bot{TOKEN}/noSuchMethod") as r:
        assert r.status == 404 and await r.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_raw_json_and_form_bodies(emu: BotApiEmulator) -> None:
    kb = {"inline_keyboard": [[{"text": "是", "callback_data": "y"}]]}
    url = f"{emu.base}/bot{TOKEN}/sendMessage"
    async with aiohttp.ClientSession() as s:
        async with s.post(url, json={"chat_id": USER, "text": "json", "reply_markup": kb}) as r:
            assert (await r.json())["result"]["reply_markup"] == kb
        async with s.post(url, data={"chat_id": str(USER), "text": "form", "reply_markup": json.dumps(kb)}) as r:
            assert (await r.json())["result"]["text"] == "form"
        async with s.get(url, params={"chat_id": str(USER), "text": "query"}) as r:
            assert r.status == 200
    assert [m.text for m in emu.sent(USER)] == ["json", "form", "query"]
    assert emu.buttons(emu.sent(USER)[1]) == [("是", "y")]


async def test_keyboard_edit_and_callback(client: Client, emu: BotApiEmulator) -> None:
    sent = await client.call("send_message", chat_id=USER, text="<b>选择</b> &lt;类别&gt;", parse_mode="HTML",
                             reply_markup=[("质量问题", "cat:quality"), ("未发货", "cat:ship")])
    assert sent["text"] == "选择 <类别>" and sent["entities"][0]["type"] == "bold"
    assert emu.last_text(USER) == "选择 <类别>"
    assert emu.buttons(emu.last(USER)) == [("质量问题", "cat:quality"), ("未发货", "cat:ship")]
    with pytest.raises(ValueError):
        emu.press(USER, sent["message_id"], "cat:nope", strict=True)
    uid = emu.press(USER, sent["message_id"], "cat:quality", strict=True)
    updates = await client.call("get_updates", offset=uid, timeout=1)
    query = updates[0]["callback_query"]
    assert query["data"] == "cat:quality" and query["message"]["message_id"] == sent["message_id"]
    assert emu.unanswered_callbacks() == [query["id"]]
    assert await client.call("answer_callback_query", callback_query_id=query["id"], text="好的") is True
    assert emu.callback_answers[0]["text"] == "好的" and not emu.unanswered_callbacks()
    with pytest.raises(client.bad, match="(?i)query is too old"):
        await client.call("answer_callback_query", callback_query_id=query["id"])
    edited = await client.call("edit_message_text", chat_id=USER, message_id=sent["message_id"],
                               text="✅ 质量问题", reply_markup=[("撤销", "undo")])
    assert edited["text"] == "✅ 质量问题" and "edit_date" in edited
    assert emu.last(USER).content == "✅ 质量问题" and emu.last(USER).buttons == [("撤销", "undo")]
    with pytest.raises(client.bad, match="(?i)message is not modified"):
        await client.call("edit_message_text", chat_id=USER, message_id=sent["message_id"],
                          text="✅ 质量问题", reply_markup=[("撤销", "undo")])
    await client.call("edit_message_reply_markup", chat_id=USER, message_id=sent["message_id"])
    assert emu.last(USER).buttons == []
    with pytest.raises(client.bad, match="(?i)BUTTON_DATA_INVALID"):
        await client.call("send_message", chat_id=USER, text="x", reply_markup=[("长", "案" * 22)])
    assert len(emu.calls("answerCallbackQuery")) == 2


async def test_long_poll_and_offset(client: Client, emu: BotApiEmulator) -> None:
    t0 = time.monotonic()
    assert await client.call("get_updates", timeout=1) == []
    assert 0.9 <= time.monotonic() - t0 < 2.5
    poll = asyncio.create_task(client.call("get_updates", timeout=10))
    await asyncio.sleep(0.3)
    t1 = time.monotonic()
    uid = emu.send_text(USER, "在吗")
    got = await asyncio.wait_for(poll, 3)
    assert time.monotonic() - t1 < 1.0
    assert [u["update_id"] for u in got] == [uid] and got[0]["message"]["text"] == "在吗"
    ids = [emu.send_text(USER, f"m{i}") for i in range(3)]
    assert [u["update_id"] for u in await client.call("get_updates", offset=ids[1])] == ids[1:]
    assert [u["update_id"] for u in await client.call("get_updates")] == ids[1:]  # older ones dropped
    assert [u["update_id"] for u in await client.call("get_updates", offset=ids[1], limit=1)] == ids[1:2]
    assert await client.call("get_updates", offset=ids[2] + 1) == [] and emu.pending_updates() == []
    emu.redeliver(ids[2])
    assert [u["update_id"] for u in await client.call("get_updates", offset=ids[2] + 1)] == [ids[2]]


async def test_allowed_updates_drop_other_types(client: Client, emu: BotApiEmulator) -> None:
    sent = await client.call("send_message", chat_id=USER, text="选", reply_markup=[("A", "a")])
    emu.press(USER, sent["message_id"], "a")
    text_id = emu.send_text(USER, "文字")
    got = await client.call("get_updates", allowed_updates=["message"])
    assert [u["update_id"] for u in got] == [text_id] and emu.pending_updates() == [text_id]
    press_id = emu.press(USER, sent["message_id"], "a")
    got = await client.call("get_updates", offset=text_id + 1)  # the setting persists
    assert got == [] and emu.pending_updates() == []
    emu.press(USER, sent["message_id"], "a")
    got = await client.call("get_updates", allowed_updates=[])  # [] restores the default
    assert [u["update_id"] for u in got] == [press_id + 1]


async def test_photos_documents_and_files(client: Client, emu: BotApiEmulator) -> None:
    photo = jpeg()
    emu.send_photo(USER, photo, caption="小票")
    doc = b"%PDF-1.4 order 123"
    emu.send_document(USER, doc, "order.pdf", "application/pdf")
    msgs = [u["message"] for u in await client.call("get_updates")]
    sizes = msgs[0]["photo"]
    largest = max(sizes, key=lambda s: s["width"] * s["height"])
    assert len(sizes) == 3 and sizes[-1] is not largest and (largest["width"], largest["height"]) == (1600, 1200)
    assert msgs[0]["caption"] == "小票"
    assert await client.download(largest["file_id"]) == photo
    assert await client.download(msgs[1]["document"]["file_id"]) == doc
    assert msgs[1]["document"]["file_name"] == "order.pdf"
    up = await client.call("send_photo", chat_id=USER, photo=(jpeg(800, 600), "p.jpg"), caption="收到")
    best = max(up["photo"], key=lambda s: s["width"])
    again = await client.call("send_photo", chat_id=USER, photo=best["file_id"])
    assert max(s["width"] for s in again["photo"]) == 800
    d = await client.call("send_document", chat_id=USER, document=(b"hello dossier", "case.txt"))
    assert d["document"]["file_name"] == "case.txt"
    assert await client.download(d["document"]["file_id"]) == b"hello dossier"
    await client.call("send_document", chat_id=USER, document=msgs[1]["document"]["file_id"])
    assert [m.method for m in emu.sent(USER)] == ["sendPhoto", "sendPhoto", "sendDocument", "sendDocument"]
    assert emu.sent(USER)[1].files == [best["file_id"]]
    with pytest.raises(client.bad, match="(?i)can't use file of type Photo as Document"):
        await client.call("send_document", chat_id=USER, document=best["file_id"])
    emu.send_document(USER, b"x", "big.zip", "application/zip", file_size=21 * 1024 * 1024)
    big = (await client.call("get_updates"))[-1]["message"]["document"]
    with pytest.raises(client.bad, match="(?i)file is too big"):
        await client.call("get_file", file_id=big["file_id"])


async def test_album_forward_and_copy(client: Client, emu: BotApiEmulator) -> None:
    ids = emu.send_album(USER, [jpeg(300, 200), jpeg(200, 300), (b"%PDF", "a.pdf", "application/pdf")], caption="证据")
    msgs = [u["message"] for u in await client.call("get_updates") if u["update_id"] in ids]
    assert len({m["media_group_id"] for m in msgs}) == 1 and len(msgs) == 3
    assert [m.get("caption") for m in msgs] == ["证据", None, None]
    emu.forward_photo(USER, jpeg(100, 100), origin=777)
    emu.forward_text(USER, "卖家说…", origin="Hidden Seller")
    fw = [u["message"] for u in (await client.call("get_updates"))[-2:]]
    assert fw[0]["forward_origin"]["type"] == "user" and fw[0]["forward_origin"]["sender_user"]["id"] == 777
    assert fw[1]["forward_origin"] == {"type": "hidden_user", "sender_user_name": "Hidden Seller", "date": fw[1]["forward_origin"]["date"]}
    emu.add_group(GROUP, "顾问群")
    copied = await client.call("copy_message", chat_id=GROUP, from_chat_id=USER, message_id=msgs[0]["message_id"])
    assert emu.sent(GROUP)[0].method == "copyMessage" and emu.sent(GROUP)[0].caption == "证据"
    assert copied["message_id"] == emu.sent(GROUP)[0].message_id
    forwarded = await client.call("forward_message", chat_id=GROUP, from_chat_id=USER, message_id=msgs[1]["message_id"])
    assert forwarded["forward_origin"]["sender_user"]["id"] == USER
    with pytest.raises(client.bad, match="(?i)message to copy not found"):
        await client.call("copy_message", chat_id=GROUP, from_chat_id=USER, message_id=9999)


async def test_media_group_and_copy_messages(client: Client, emu: BotApiEmulator) -> None:
    emu.add_group(GROUP, "顾问群")
    album = await client.call("send_media_group", chat_id=USER,
                              media=[(jpeg(64, 48), "a.jpg", "两张"), (jpeg(48, 64), "b.jpg", None)])
    assert len(album) == 2 and album[0]["media_group_id"] == album[1]["media_group_id"]
    assert [m.caption for m in emu.sent(USER)] == ["两张", None]
    ids = emu.send_album(USER, [jpeg(30, 30), jpeg(40, 40)], caption="证据")
    src = [emu.update(i)["message"]["message_id"] for i in ids]
    copies = await client.call("copy_messages", chat_id=GROUP, from_chat_id=USER, message_ids=src)
    assert [c["message_id"] for c in copies] == [m.message_id for m in emu.sent(GROUP)]
    groups = {m.message["media_group_id"] for m in emu.sent(GROUP)}
    assert len(groups) == 1 and groups != {emu.update(ids[0])["message"]["media_group_id"]}


async def test_retry_after_and_blocked_user(client: Client, emu: BotApiEmulator) -> None:
    emu.fail("sendMessage", times=1, retry_after=3)
    with pytest.raises(client.retry) as info:
        await client.call("send_message", chat_id=USER, text="第一次")
    assert client.retry_seconds(info.value) == 3 and emu.sent(USER) == []
    await client.call("send_message", chat_id=USER, text="第二次")
    assert [m.text for m in emu.sent(USER)] == ["第二次"]
    assert [c.status for c in emu.calls("sendMessage")] == [429, 200]
    uid = emu.block(USER)
    with pytest.raises(client.forbidden, match="(?i)blocked"):
        await client.call("send_message", chat_id=USER, text="x")
    member = (await client.call("get_updates", offset=uid))[0]["my_chat_member"]
    assert member["new_chat_member"]["status"] == "kicked"
    with pytest.raises(client.bad, match="(?i)chat not found"):
        await client.call("send_message", chat_id=999999, text="x")


async def test_flood_control_windows(client: Client, emu: BotApiEmulator) -> None:
    emu.rate_limit(per_chat=(2, 1.0), overall=None, per_group=None)
    await client.call("send_message", chat_id=USER, text="1")
    await client.call("send_message", chat_id=USER, text="2")
    with pytest.raises(client.retry) as info:
        await client.call("send_message", chat_id=USER, text="3")
    assert client.retry_seconds(info.value) == 1
    await asyncio.sleep(1.0)
    await client.call("send_message", chat_id=USER, text="3")
    assert [m.text for m in emu.sent(USER)] == ["1", "2", "3"]


async def test_second_poller_terminates_the_first(client: Client, emu: BotApiEmulator) -> None:
    first = asyncio.create_task(client.call("get_updates", timeout=5))
    await asyncio.sleep(0.2)
    other = Client(client.kind, emu.base)  # a second bot instance (ptb polls on one connection)
    second = asyncio.create_task(other.call("get_updates", timeout=5))
    with pytest.raises(client.conflict, match="(?i)terminated by other getUpdates"):
        await asyncio.wait_for(first, 2)
    uid = emu.send_text(USER, "只给第二个")
    assert [u["update_id"] for u in await asyncio.wait_for(second, 2)] == [uid]
    await other.close()


async def test_user_edits_and_replies(client: Client, emu: BotApiEmulator) -> None:
    uid = emu.send_text(USER, "订单号 123")
    mid = emu.update(uid)["message"]["message_id"]
    emu.edit_text(USER, mid, "订单号 456")
    sent = await client.call("send_message", chat_id=USER, text="收到", reply_to_message_id=mid)
    assert sent["reply_to_message"]["text"] == "订单号 456"
    reply = emu.send_text(USER, "对", reply_to=sent["message_id"])
    ups = await client.call("get_updates")
    assert ups[1]["edited_message"]["text"] == "订单号 456" and "edit_date" in ups[1]["edited_message"]
    assert ups[2]["update_id"] == reply and ups[2]["message"]["reply_to_message"]["text"] == "收到"
    with pytest.raises(client.bad, match="(?i)message to be replied not found"):
        await client.call("send_message", chat_id=USER, text="x", reply_to_message_id=9999)


async def test_commands_per_language(client: Client, emu: BotApiEmulator) -> None:
    cmd = telegram.BotCommand if client.kind == "ptb" else aiotypes.BotCommand
    for lang, desc in (("zh", "开始"), ("en", "Start"), (None, "开始")):
        kw = {"language_code": lang} if lang else {}
        await client.call("set_my_commands", commands=[cmd(command="start", description=desc)], **kw)
    assert set(emu.commands) == {("zh", "default"), ("en", "default"), ("", "default")}
    assert emu.commands_for("en") == [{"command": "start", "description": "Start"}]
    got = await client.call("get_my_commands", language_code="zh")
    assert [c["description"] for c in got] == ["开始"]
    assert sorted(c.params.get("language_code", "") for c in emu.calls("setMyCommands")) == ["", "en", "zh"]
    with pytest.raises(client.bad, match="(?i)BOT_COMMAND_INVALID"):
        await client.call("set_my_commands", commands=[cmd(command="Bad-Command", description="x")])


async def test_webhook_delivery_with_secret(client: Client, emu: BotApiEmulator) -> None:
    got: list[tuple[dict[str, Any], str | None]] = []

    async def hook(request: web.Request) -> web.Response:
        got.append((await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        assert await client.call("set_webhook", url=url, secret_token="s3cr3t-_x") is True
        uid = emu.send_text(USER, "webhook 你好")
        await emu.wait_until(lambda: bool(got), 3)
        assert got[0][0]["update_id"] == uid and got[0][1] == "s3cr3t-_x"
        assert emu.pending_updates() == [] and emu.webhook_deliveries == [(uid, 200)]
        with pytest.raises(client.conflict, match="(?i)webhook is active"):
            await client.call("get_updates")
        await client.call("delete_webhook")
        uid2 = emu.send_text(USER, "polling again")
        assert [u["update_id"] for u in await client.call("get_updates")] == [uid2]
    finally:
        await runner.cleanup()


async def test_forum_topics(client: Client, emu: BotApiEmulator) -> None:
    emu.add_group(GROUP, "顾问群", is_forum=True)
    topic = await client.call("create_forum_topic", chat_id=GROUP, name="案件 #12 · 用户501")
    tid = topic["message_thread_id"]
    assert emu.topics(GROUP) == {tid: "案件 #12 · 用户501"}
    m = await client.call("send_message", chat_id=GROUP, message_thread_id=tid, text="新案件")
    assert m["message_thread_id"] == tid and m["is_topic_message"] is True
    assert emu.sent(GROUP)[-1].thread_id == tid
    emu.group_message(GROUP, 9001, "我来处理", thread_id=tid)
    emu.group_message(GROUP, 9001, "General 里说话")
    ups = [u["message"] for u in await client.call("get_updates")]
    assert ups[0]["message_thread_id"] == tid and ups[0]["is_topic_message"] is True
    assert ups[0]["chat"]["is_forum"] is True and ups[0]["chat"]["type"] == "supergroup"
    assert "message_thread_id" not in ups[1]
    emu.delete_topic(GROUP, tid)
    with pytest.raises(client.bad, match="(?i)message thread not found"):
        await client.call("send_message", chat_id=GROUP, message_thread_id=tid, text="还在吗")
    emu.add_group(-100777, "plain", is_forum=False)
    with pytest.raises(client.bad, match="(?i)not a forum"):
        await client.call("create_forum_topic", chat_id=-100777, name="x")


async def test_limits(client: Client, emu: BotApiEmulator) -> None:
    with pytest.raises(client.bad, match="(?i)message is too long"):
        await client.call("send_message", chat_id=USER, text="长" * 4097)
    await client.call("send_message", chat_id=USER, text="长" * 4096)
    with pytest.raises(client.bad, match="(?i)caption is too long"):
        await client.call("send_photo", chat_id=USER, photo=(jpeg(10, 10), "a.jpg"), caption="x" * 1025)
    with pytest.raises(client.bad, match="(?i)can't parse entities"):
        await client.call("send_message", chat_id=USER, text="用户说 <script> 1<2", parse_mode="HTML")
    assert len(emu.sent(USER)) == 1


async def test_ptb_application_polling_echo(emu: BotApiEmulator) -> None:
    app = Application.builder().token(TOKEN).base_url(f"{emu.base}/bot").base_file_url(f"{emu.base}/file/bot").build()

    async def echo(update: telegram.Update, context: Any) -> None:
        await update.effective_message.reply_text(f"echo: {update.effective_message.text}")

    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        emu.send_text(USER, "你好 ptb")
        msg = await emu.wait_for(lambda m: m.chat_id == USER, timeout=5)
        await app.updater.stop()
        await app.stop()
    assert msg.text == "echo: 你好 ptb"
    assert emu.calls("deleteWebhook")


async def test_aiogram_dispatcher_polling_echo(emu: BotApiEmulator) -> None:
    bot = AioBot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emu.base)))
    dp = Dispatcher()

    @dp.message()
    async def echo(message: aiotypes.Message) -> None:
        await message.answer(f"echo: {message.text}")

    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    emu.send_text(USER, "你好 aiogram")
    msg = await emu.wait_for(1, timeout=5, chat_id=USER)
    await dp.stop_polling()
    await asyncio.wait_for(task, 5)
    assert msg[0].text == "echo: 你好 aiogram"


ECHO_SCRIPT = textwrap.dedent(
    """
    import os, telegram
    from telegram.ext import Application, MessageHandler, filters
    base = os.environ["BASE"]
    app = Application.builder().token(os.environ["TOKEN"]).base_url(base + "/bot").base_file_url(base + "/file/bot").build()
    async def echo(update, context):
        await update.effective_message.reply_text("sub: " + update.effective_message.text)
        app.stop_running()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(poll_interval=0, timeout=int(os.environ.get("POLL_TIMEOUT", "1")), stop_signals=None)
    """
)


def test_emulator_thread_drives_a_subprocess() -> None:
    with EmulatorThread(token=TOKEN) as emu:
        env = {**os.environ, "BASE": emu.base, "TOKEN": TOKEN, "POLL_TIMEOUT": "20"}
        proc = subprocess.Popen([sys.executable, "-c", ECHO_SCRIPT], env=env, stderr=subprocess.PIPE, text=True)
        try:
            emu.wait_until(lambda: emu.polls_waiting() > 0, timeout=15)  # a 20 s long poll waits
            t0 = time.monotonic()
            emu.send_text(USER, "hello subprocess")  # injected from this (non-loop) thread
            assert emu.wait_for(1, timeout=5)[0].text == "sub: hello subprocess"
            assert time.monotonic() - t0 < 3
            assert proc.wait(15) == 0, proc.stderr.read()[-2000:] if proc.stderr else ""
        finally:
            proc.kill()
        emu.wait_idle(timeout=2)


async def test_in_loop_emulator_serves_a_subprocess(emu: BotApiEmulator) -> None:
    emu.send_text(USER, "hello from the same loop")
    env = {**os.environ, "BASE": emu.base, "TOKEN": TOKEN}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", ECHO_SCRIPT, env=env,
                                                stderr=asyncio.subprocess.PIPE)
    msg = await emu.wait_for(lambda m: m.text.startswith("sub: "), timeout=15)
    _, err = await asyncio.wait_for(proc.communicate(), 15)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert msg.text == "sub: hello from the same loop" and emu.pending_updates() == []
