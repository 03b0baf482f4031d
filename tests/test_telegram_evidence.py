"""Evidence through Telegram (issue 6), with both frameworks over real HTTP to the emulator:
each kind of file gets the right reply, the right rows in the SQLite file and the right files
under WEIQUAN_DATA_DIR/evidence; a user cannot reach another user's items by guessing ids;
and `weiquan run` killed with SIGKILL in the middle of a download loses nothing it confirmed."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.adapters.telegram.runner import Runner
from tests.chat import texts
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, TOKEN, USER, db_of
from tests.emulator import BotApiEmulator, EmulatorThread, SentMessage
from tests.test_evidence_make import ELF, bomb_png, jpeg, sha
from tests.test_telegram_process import WAIT, BotProcess

MB = 1024 * 1024
COLUMNS = "id, user_id, case_id, sha256, kind, label, size, mime, file_name, forwarded, " \
          "captured_at, tg_file_id"


# ---- what is stored ---------------------------------------------------------------------------

def rows(db: Path, where: str = "1", *params: object) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        found = conn.execute(f"SELECT {COLUMNS} FROM evidence WHERE {where} ORDER BY id",
                             params).fetchall()
    return [dict(r) for r in found]


def kept(data_dir: Path) -> dict[str, bytes]:
    """Every file under evidence/, by name."""
    return {p.name: p.read_bytes() for p in (data_dir / "evidence").rglob("*") if p.is_file()}


def assert_consistent(data_dir: Path, db: Path, killed: bool = False) -> None:
    """No half-written file, no file without a row, no row without its intact file.
    `killed`: a process died just now, so its (empty) download folder may still be in tmp/
    until the next start clears it."""
    tmp = data_dir / "tmp"
    if killed:
        assert not tmp.exists() or [p for p in tmp.rglob("*") if p.is_file()] == []
    else:
        assert not tmp.exists() or list(tmp.iterdir()) == []
    files = kept(data_dir)
    assert set(files) == {r["sha256"] for r in rows(db)}
    for name, data in files.items():
        assert sha(data) == name
        assert (data_dir / "evidence" / name[:2] / name).is_file()


def reports(messages: list[SentMessage]) -> list[str]:
    """The evidence worker's reports among the replies (one per batch of files)."""
    return [m.content for m in messages if "📎 证据清单" in m.content and
            ("已保存" in m.content or "没有保存" in m.content or "收到过" in m.content)]


def one_report(messages: list[SentMessage]) -> str:
    found = reports(messages)
    assert len(found) == 1, texts(messages)
    return found[0]


def receiving(messages: list[SentMessage], n: int) -> None:
    assert sum(f"收到 {n} 个文件，正在检查并保存到案件 #1" in m.content for m in messages) == 1, \
        texts(messages)


def downloaded(emu: BotApiEmulator) -> set[str]:
    return {c.params.get("file_id") for c in emu.calls("getFile")}


# ---- in-process bot, both frameworks ---------------------------------------------------------

async def open_case(chat: TelegramChat) -> None:
    await chat.send("投诉")
    await chat.click("质量问题")  # draft case #1: evidence attaches to it at once


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_each_kind_of_file_gets_its_reply_rows_and_files(
        emu: BotApiEmulator, bot: Runner, tmp_path: Path) -> None:
    db, data_dir = db_of(bot), tmp_path
    chat = TelegramChat(emu, db)
    await open_case(chat)

    # A photo: the largest size is kept (the original bytes, not a thumbnail), told, checklist.
    photo = jpeg(seed=1, size=(640, 480))
    replies = await chat.photo(photo)
    receiving(replies, 1)
    report = one_report(replies)
    assert "✅ 已保存：照片" in report and "未分类" in report
    assert "📎 证据清单：已收到 0/3 类（共 1 个文件）" in report and "Telegram 会压缩" in report
    [row] = rows(db)
    assert (row["user_id"], row["case_id"], row["kind"], row["sha256"], row["size"]) == \
        (USER, 1, "photo", sha(photo), len(photo))
    assert row["mime"] == "image/jpeg" and row["forwarded"] == 0 and row["captured_at"] is None
    assert emu.file_bytes(row["tg_file_id"]) == photo
    labelled = await chat.click("商品实物")  # the label buttons under the report
    assert any("已收到 1/3 类" in m.content for m in labelled), texts(labelled)
    assert rows(db)[0]["label"] == "product"

    # A document keeps EXIF: the capture time is read from it.
    original = jpeg(seed=2, exif_time="2026:11:12 09:30:00")
    replies = await chat.document(original, "IMG_0001.jpg", "image/jpeg")
    receiving(replies, 1)
    assert "✅ 已保存：IMG_0001.jpg" in one_report(replies)
    doc = rows(db)[-1]
    assert (doc["kind"], doc["file_name"], doc["sha256"]) == \
        ("document", "IMG_0001.jpg", sha(original))
    assert str(doc["captured_at"]).startswith("2026-11-12T09:30:00")
    # The photo's label buttons belong to its report: pressed again now, they change nothing.
    photo_report = next(m for m in emu.sent(USER) if "✅ 已保存：照片" in m.content)
    mark, edits = emu.mark(), len(emu.calls("editMessageText"))
    await chat.settle(emu.press(USER, photo_report.message_id, f"v:{row['id']}:chat"))
    assert len(emu.calls("editMessageText")) == edits  # not shown as chosen either
    assert [m.content.split("\n")[0] for m in emu.sent(USER, since=mark)] == \
        ["这个问题已经回答过了，我们看当前这一步："]
    assert rows(db)[0]["label"] == "product" and doc["label"] is None

    # An album of five: one "receiving", ONE report for the five, five rows, five files.
    album = [jpeg(seed=10 + i) for i in range(5)]
    before = len(rows(db))
    replies = await chat.album(album, caption="包装和防伪标签")
    receiving(replies, 5)
    assert one_report(replies).count("✅ 已保存") == 5
    new = rows(db)[before:]
    assert [r["sha256"] for r in new] == [sha(a) for a in album]
    assert {r["label"] for r in new} == {"label_batch"}  # suggested from the caption

    # A forwarded message with a photo: stored with the forwarded flag, labelled from the caption.
    screenshot = jpeg(seed=20)
    replies = await chat.forwarded_photo(screenshot, origin=9001, caption="和客服的聊天截图")
    assert "✅ 已保存：照片" in one_report(replies) and "聊天记录" in one_report(replies)
    fwd = rows(db)[-1]
    assert (fwd["sha256"], fwd["forwarded"], fwd["label"]) == (sha(screenshot), 1, "chat")

    # Duplicates: the same Telegram file again (known without downloading it), and the same
    # bytes under another file (downloaded, recognised by content): no second row or file.
    count, files = len(rows(db)), dict(kept(data_dir))
    getfiles = len(emu.calls("getFile"))
    replies = await chat.document(original, "IMG_0001 (1).jpg", "image/jpeg")
    assert "♻️ IMG_0001 (1).jpg：这个文件之前已经收到过" in one_report(replies)
    assert len(emu.calls("getFile")) == getfiles  # never fetched
    replies = await chat.document(photo, "same-as-the-photo.jpg", "image/jpeg")
    assert "♻️ same-as-the-photo.jpg：这个文件之前已经收到过" in one_report(replies)
    assert len(rows(db)) == count and kept(data_dir) == files

    # Refused, with the reason, and nothing stored: a fake .jpg (an ELF executable) ...
    replies = await chat.document(ELF, "x.jpg", "image/jpeg")
    assert "❌ 没有保存：x.jpg。文件内容和它的类型对不上" in one_report(replies)
    # ... a file over the Bot API's 20 MB download limit (never even asked for) ...
    mark = emu.mark()
    big = emu.send_document(USER, b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, "video.mp4",
                            "video/mp4", file_size=25 * MB)
    await chat.settle(big)
    replies = emu.sent(USER, since=mark)
    assert "❌ 没有保存：video.mp4。文件超过 20 MB" in one_report(replies)
    big_id = emu.update(big)["message"]["document"]["file_id"]
    assert big_id not in downloaded(emu)
    # ... and a decompression bomb (a small PNG of 20000 x 20000 pixels).
    bomb = bomb_png()
    replies = await chat.document(bomb, "huge.png", "image/png")
    assert "❌ 没有保存：huge.png。图片尺寸异常巨大" in one_report(replies)
    assert len(rows(db)) == count and kept(data_dir) == files
    assert sha(ELF) not in files and sha(bomb) not in files

    # Every stored row has its file, and /evidence lists all eight items.
    assert len(rows(db)) == 8 and len(files) == 8
    assert_consistent(data_dir, db)
    listed = (await chat.send("/evidence"))
    assert any("案件 #1 的证据（8 个）" in m.content and sha(original)[:12] in m.content
               for m in listed), texts(listed)
    assert not emu.unanswered_callbacks()


async def press(chat: TelegramChat, data: str) -> list[SentMessage]:
    """Press a button with made-up callback data on the newest message of the chat."""
    own = chat.emu.last(chat.user)
    assert own is not None
    mark = chat.emu.mark()
    uid = chat.emu.press(chat.user, own.message_id, data)
    await chat.settle(uid)
    return chat.emu.sent(chat.user, since=mark)


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_nobody_reaches_another_users_evidence_by_guessing_ids(
        emu: BotApiEmulator, bot: Runner, tmp_path: Path) -> None:
    db = db_of(bot)
    alice, bob = TelegramChat(emu, db, user=601), TelegramChat(emu, db, user=602)
    await open_case(alice)
    await open_case(bob)
    mine, shared = jpeg(seed=30), jpeg(seed=31)
    await alice.document(mine, "mine.jpg", "image/jpeg")
    await alice.document(shared, "shared.jpg", "image/jpeg")
    await bob.document(shared, "bobs.jpg", "image/jpeg")  # the same bytes: one file, two rows
    theirs = [r["id"] for r in rows(db, "user_id=?", 601)]
    bobs = [r["id"] for r in rows(db, "user_id=?", 602)]
    assert len(theirs) == 2 and len(bobs) == 1 and len(kept(tmp_path)) == 2

    listed = await bob.send("/evidence")  # Bob's list: his one item, nothing of Alice's
    assert any("证据（1 个）" in m.content for m in listed), texts(listed)
    assert not any(sha(mine)[:12] in m.content for m in listed)
    mark = emu.mark()
    for item in [*theirs, max(theirs + bobs) + 1, 0]:  # Alice's ids, and ids that never were
        for act in ("menu", "send", "label", "lab-chat", "del", "delok"):
            replies = await press(bob, f"x:{item}:{act}")
            assert [m.content for m in replies] == ["找不到这个证据。输入 /evidence 查看你的证据。"], \
                (item, act, texts(replies))
    assert [m.method for m in emu.sent(602, since=mark)] == ["sendMessage"] * len(
        emu.sent(602, since=mark))  # no file was ever sent to Bob
    assert not emu.sent(601, since=mark)  # and Alice heard nothing of it
    assert [(r["id"], r["label"]) for r in rows(db, "user_id=?", 601)] == \
        [(i, None) for i in theirs]

    # Bob deletes his own copy and forgets everything: Alice's rows and files stay whole.
    await press(bob, f"x:{bobs[0]}:delok")
    await bob.send("/forget")
    await bob.click("是，全部删除")
    await emu.wait_until(lambda: rows(db, "user_id=?", 602) == [], 10, "Bob's rows gone")
    assert len(rows(db, "user_id=?", 601)) == 2
    assert set(kept(tmp_path)) == {sha(mine), sha(shared)}
    assert_consistent(tmp_path, db)

    # Alice can fetch her own item: the bot sends her the very bytes.
    mark = emu.mark()
    await press(alice, f"x:{theirs[0]}:send")
    back = [m for m in emu.sent(601, since=mark) if m.files]
    assert len(back) == 1 and emu.file_bytes(back[0].files[0]) == mine


# ---- the real process, killed during a download ------------------------------------------------

class HeldDownloads:
    """Wraps the emulator's file download route: the first download of a held file sends half
    its bytes and then hangs (until released), so the bot is killed mid-download."""

    def __init__(self, emu: EmulatorThread) -> None:
        self.server = emu.emu.server
        self.real: Callable[[web.Request], Awaitable[web.StreamResponse]] = self.server.download
        self.held: set[str] = set()  # file paths
        self.started: list[str] = []
        self.release = threading.Event()
        self.server.download = self.serve  # type: ignore[method-assign]  (before start())

    async def serve(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        if path not in self.held:
            return await self.real(request)
        self.held.discard(path)
        stored = self.server.store.files.by_path(path)
        assert stored is not None
        response = web.StreamResponse(headers={"Content-Length": str(len(stored.data))})
        await response.prepare(request)
        await response.write(stored.data[: len(stored.data) // 2])
        self.started.append(path)
        while not self.release.is_set():
            await asyncio.sleep(0.05)
        return response

    def hold(self, emu: EmulatorThread, update_id: int) -> None:
        file_id = emu.update(update_id)["message"]["document"]["file_id"]
        self.held.add(emu.store.files.get(file_id).file_path)


def saved_names(emu: EmulatorThread, user: int) -> list[str]:
    return [line.split("：", 1)[1].split("（", 1)[0]
            for m in emu.sent(user) for line in m.content.splitlines()
            if line.startswith("✅ 已保存：")]


def wait_until(emu: EmulatorThread, condition: Callable[[], bool], proc: BotProcess,
               what: str) -> None:
    try:
        emu.wait_until(condition, WAIT)
    except TimeoutError:
        raise AssertionError(f"{what}\n--- bot output ---\n{proc.output()[-4000:]}") from None


@pytest.mark.slow
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_sigkill_during_a_download_loses_nothing_acknowledged(
        framework: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir, db = tmp_path / "data", tmp_path / "data" / "weiquan.db"
    scratch = tmp_path / "tmpdir"  # the process's own temp folder, to look into after the kill
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    first_doc, later_doc = jpeg(seed=40), jpeg(seed=42)
    album = [(jpeg(seed=43 + i, size=(800, 600)), f"a{i}.jpg", "image/jpeg") for i in range(3)]
    everything = {"first.jpg": first_doc, "later.jpg": later_doc,
                  **{name: data for data, name, _ in album}}
    emu = EmulatorThread(token=TOKEN)
    held = HeldDownloads(emu)
    with emu:
        emu.add_user(USER, lang="zh")
        first = BotProcess(framework, emu.base, data_dir)
        try:
            first.ready(emu)
            emu.send_text(USER, "投诉")
            wait_until(emu, lambda: bool(emu.buttons(emu.last(USER))), first, "category asked")
            emu.press_label(USER, "质量问题")
            wait_until(emu, lambda: "是在哪个平台买的" in (emu.last_text(USER) or ""), first,
                       "platform asked")
            emu.send_document(USER, first_doc, "first.jpg", "image/jpeg")
            wait_until(emu, lambda: saved_names(emu, USER) == ["first.jpg"], first,
                       "first.jpg acknowledged")
            parts = emu.send_album(USER, album)  # fetched one by one: a1.jpg hangs half-way
            held.hold(emu, parts[1])
            wait_until(emu, lambda: bool(held.started), first, "the download started")
        finally:
            first.kill()
        held.release.set()
        assert saved_names(emu, USER) == ["first.jpg"]
        # a0.jpg was kept before the kill, but nobody told the user yet.
        assert [r["file_name"] for r in rows(db)] == ["first.jpg", "a0.jpg"]
        assert_consistent(data_dir, db, killed=True)  # nothing half-written where it counts
        # The download is held in memory until whole: no part of it was written anywhere.
        # (onnxruntime, loaded for reading screenshots, keeps a 51-byte session id file there)
        assert [p for p in scratch.rglob("*") if p.is_file()
                and p.name not in ("jieba.cache", ".ses")] == []
        later = emu.send_document(USER, later_doc, "later.jpg", "image/jpeg")  # while down

        second = BotProcess(framework, emu.base, data_dir)
        try:
            second.ready(emu)
            wait_until(emu, lambda: sorted(saved_names(emu, USER)) == sorted(everything), second,
                       "the interrupted album is done again after the restart")
            emu.wait_idle(WAIT)
        finally:
            code = second.terminate()
        assert code == 0, second.output()[-3000:]
        assert later in [u["update_id"] for c in emu.calls("getUpdates")
                         for u in c.response.get("result", [])]

    # Each file acknowledged exactly once, as saved (a0.jpg too: not "received before").
    assert sorted(saved_names(emu, USER)) == sorted(everything)
    assert not any("收到过" in m.content for m in emu.sent(USER))
    assert {r["file_name"]: r["sha256"] for r in rows(db)} == \
        {name: sha(data) for name, data in everything.items()}
    assert_consistent(data_dir, db)
    with sqlite3.connect(db) as conn:
        pending = conn.execute("SELECT COUNT(*) FROM outbox WHERE status='pending'").fetchone()
    assert pending[0] == 0
