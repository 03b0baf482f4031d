"""Evidence sent in the chat: kept, refused with a reason, labelled, listed, deleted, forgotten."""

from __future__ import annotations

from pathlib import Path

from dialogs import callbacks
from dialogs.actions import Button, SendFile
from tests.chat import Chat
from tests.test_evidence_make import bomb_png, jpeg, pdf, sha
from tests.test_intake import answer_everything

ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200


def filed(chat: Chat, label: str = "假货") -> None:
    chat.send("投诉")
    chat.click(label)
    answer_everything(chat)
    chat.click("确认提交")


def rows(chat: Chat, table: str = "evidence") -> list[tuple[object, ...]]:
    return chat.store.db.execute(f"SELECT id, user_id, case_id, sha256, label, kind, captured_at "
                                 f"FROM {table} ORDER BY id").fetchall()


def kept_files(chat: Chat) -> list[Path]:
    return [p for p in (chat.store_dir / "evidence").rglob("*") if p.is_file()] \
        if (chat.store_dir / "evidence").exists() else []


def test_a_photo_is_kept_and_labelled(chat: Chat) -> None:
    filed(chat)
    data = jpeg(seed=1)
    replies = chat.send_files((data, "photo", None))
    assert replies[0].startswith("收到 1 个文件，正在检查并保存到案件 #1")
    assert "✅ 已保存" in replies[-1] and "已收到 0/5" in replies[-1]
    assert "Telegram 会压缩" in replies[-1]  # why originals should go as files
    chat.click("商品实物")
    assert "标记为「商品实物」" in chat.last and "已收到 1/5" in chat.last
    assert rows(chat)[0][3] == sha(data) and rows(chat)[0][4] == "product"


def test_a_document_keeps_its_exif_time(chat: Chat) -> None:
    filed(chat)
    chat.send_files((jpeg(seed=2, exif_time="2026:11:12 09:30:00"), "document", "IMG_0001.jpg"))
    assert "✅ 已保存：IMG_0001.jpg" in chat.last
    assert str(rows(chat)[0][6]).startswith("2026-11-12T09:30:00")


def test_an_album_of_five_is_one_report(chat: Chat) -> None:
    filed(chat)
    replies = chat.send_files(*[(jpeg(seed=10 + i), "photo", None) for i in range(5)],
                              caption="包装和防伪标签")
    assert len(replies) == 2  # "receiving", then one report for the five
    assert replies[1].count("✅ 已保存") == 5
    assert {r[4] for r in rows(chat)} == {"label_batch"}  # the caption suggested the label


def test_duplicate_fake_oversize_and_bomb(chat: Chat) -> None:
    filed(chat)
    photo = jpeg(seed=3)
    chat.send_files((photo, "document", "a.jpg"))
    chat.send_files((photo, "document", "again.jpg"))
    assert "之前已经收到过" in chat.last
    chat.send_files((ELF, "document", "cute.jpg"))
    assert "文件内容和它的类型对不上" in chat.last
    chat.send_files((bomb_png(), "document", "huge.png"))
    assert "尺寸异常巨大" in chat.last
    big = chat.send_files((b"x", "document", "video.mp4"))
    assert big  # tiny file claiming to be mp4: refused, not stored
    assert len(rows(chat)) == 1 and len(kept_files(chat)) == 1


def test_a_file_over_the_limit_is_not_downloaded(chat: Chat) -> None:
    filed(chat)
    chat.transport.files["big"] = b""
    from dialogs.events import FileRef, Incoming, Kind

    chat.dispatch(Incoming(chat.user_id, chat.user_id, Kind.FILES, chat.clock.now(),
                           files=(FileRef("big", "document", file_name="v.mp4",
                                          size=30 * 1024 * 1024),), update_id=chat.next_update()))
    assert "超过 20 MB" in chat.last and rows(chat) == []


def test_a_forwarded_screenshot_with_caption(chat: Chat) -> None:
    filed(chat)
    chat.send_files((jpeg(seed=4), "photo", None), caption="和客服的聊天截图", forwarded=True)
    assert "聊天记录" in chat.last
    assert chat.store.db.execute("SELECT forwarded, label FROM evidence").fetchone() == (1, "chat")


def test_files_before_a_case_wait_for_it(chat: Chat) -> None:
    replies = chat.send_files((pdf(), "document", "发票.pdf"))
    assert "先替你留着" in replies[0] and rows(chat) == []
    filed(chat)
    assert "✅ 已保存：发票.pdf" in chat.last
    assert rows(chat)[0][2] == 1


def test_evidence_list_resend_relabel_delete(chat: Chat) -> None:
    filed(chat)
    chat.send_files((jpeg(seed=5), "document", "one.jpg"))
    chat.send_files((jpeg(seed=6), "document", "two.jpg"))
    chat.send("/evidence")
    assert "案件 #1 的证据（2 个）" in chat.last and sha(jpeg(seed=5))[:12] in chat.last
    chat.click("#1")
    chat.click("重新发送")
    sent = [s.action for s in chat.transport.sent if isinstance(s.action, SendFile)]
    assert sent and Path(sent[-1].path).read_bytes() == jpeg(seed=5)
    chat.click("#2")
    chat.click("改标签")
    chat.click("聊天记录")
    assert rows(chat)[1][4] == "chat"
    chat.click("#1")
    chat.click("删除")
    chat.click("是，删除")
    assert len(rows(chat)) == 1 and len(kept_files(chat)) == 1


def test_nobody_reaches_another_users_evidence(db: Path) -> None:
    alice, bob = Chat(db, user_id=1), Chat(db, user_id=2)
    filed(alice)
    alice.send_files((jpeg(seed=7), "document", "mine.jpg"))
    item = rows(alice)[0][0]
    bob.send("/start")
    for act in ("menu", "send", "del", "delok", "lab-chat"):
        bob.press(Button("#", callbacks.item(int(str(item)), act)), 1)
        assert "找不到这个证据" in bob.last
    assert len(rows(alice)) == 1 and rows(alice)[0][4] is None
    assert not any(isinstance(s.action, SendFile) for s in bob.transport.sent)
    alice.close()
    bob.close()


def test_forget_removes_everything(chat: Chat) -> None:
    filed(chat)
    chat.send_files((jpeg(seed=8), "document", "x.jpg"))
    chat.send("/forget")
    assert "全部删除" in chat.buttons[0]
    chat.click("是，全部删除")
    assert rows(chat) == [] and kept_files(chat) == []
    assert chat.store.db.execute("SELECT recent FROM sessions").fetchall() in ([], [("[]",)])
    for table in ("cases", "case_events", "handovers"):
        assert chat.store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    texts = [r[0] for r in chat.store.db.execute("SELECT payload FROM outbox")]
    assert not any("小米官方旗舰店" in p for p in texts)  # sent texts do not linger
    chat.send("/status")
    assert "还没有案件" in chat.last


def test_export_sends_the_dossier_pdf(chat: Chat) -> None:
    filed(chat)
    chat.send_files((jpeg(seed=9), "document", "x.jpg"))
    chat.send("/export")
    assert "正在生成案件 #1 的材料" in chat.texts[-1]
    sent = [s.action for s in chat.transport.sent if isinstance(s.action, SendFile)]
    assert sent and Path(sent[-1].path).read_bytes().startswith(b"%PDF")
    order = [getattr(s.action, "text", "") or getattr(s.action, "path", "")
             for s in chat.transport.sent]
    notice = next(i for i, o in enumerate(order) if "正在生成案件 #1 的材料" in o)
    assert notice < order.index(sent[-1].path)  # "preparing your PDF" before the PDF


def test_case_show_lists_the_evidence(chat: Chat) -> None:
    from bot.store.cases import show_case

    filed(chat)
    data = jpeg(seed=11)
    chat.send_files((data, "document", "a.jpg"), caption="包装")
    case = show_case(chat.store, 1)
    assert case is not None
    assert [(e["sha256"], e["label"], e["size"], e["mime"]) for e in case["evidence"]] == [
        (sha(data), "packaging", len(data), "image/jpeg")]
