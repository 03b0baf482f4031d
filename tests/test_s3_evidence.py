"""Evidence in an S3-compatible bucket (issue 15, item 3), on a local moto server the tests start:
a photo sent in the chat lands in the bucket under its sha256 and nowhere on the app's disk,
`case show --json` lists it, the dossier shows it, sending it back sends its bytes, `/forget`
and the purge of old cases take it out of the bucket, and a damaged object is caught."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import fitz  # pymupdf
import pytest

from bot.evidence.s3 import S3Storage
from bot.ops.retention import Ages, Retention
from dialogs.actions import SendFile
from tests.chat import Chat, FakeClock
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, db_of, running_bot
from tests.emulator import BotApiEmulator
from tests.s3server import Bucket
from tests.test_chat_evidence import filed
from tests.test_evidence_make import jpeg, sha
from tests.test_retention import close_case

WEIQUAN = [sys.executable, "-m", "bot.cli"]


def storage_for(bucket: Bucket, data_dir: Path) -> S3Storage:
    return S3Storage(data_dir, bucket.name, bucket.prefix, endpoint=bucket.server.endpoint)


@pytest.fixture
def s3chat(db: Path, bucket: Bucket) -> Iterator[Chat]:
    client = Chat(db, storage=storage_for(bucket, db.parent / "data"))
    yield client
    client.close()


def local_files(chat: Chat) -> list[Path]:
    """Files on the app server's disk in the data folder, the database left out."""
    return [p for p in chat.store_dir.rglob("*") if p.is_file()]


def sent_files(chat: Chat) -> list[tuple[SendFile, bytes]]:
    return [(s.action, chat.transport.blobs.get(s.ref, b"")) for s in chat.transport.sent
            if isinstance(s.action, SendFile)]


def cli(db: Path, bucket: Bucket, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **bucket.env(), "WEIQUAN_DB": str(db),
           "WEIQUAN_DATA_DIR": str(db.parent / "data")}
    return subprocess.run([*WEIQUAN, *args], capture_output=True, text=True, env=env,
                          timeout=120)


def pdf_text(data: bytes) -> tuple[str, int]:
    """The PDF's text and how many pictures its pages carry."""
    with fitz.open(stream=data, filetype="pdf") as doc:
        return "".join(page.get_text() for page in doc), sum(len(p.get_images()) for p in doc)


def test_a_photo_lands_in_the_bucket_under_its_sha256(s3chat: Chat, bucket: Bucket,
                                                       db: Path) -> None:
    filed(s3chat)
    photo = jpeg(seed=21)
    replies = s3chat.send_files((photo, "photo", None))
    assert "✅ 已保存" in replies[-1]
    assert bucket.keys() == [bucket.key(sha(photo))]
    assert bucket.read(sha(photo)) == photo
    assert local_files(s3chat) == []  # nothing of it on the app server's disk
    shown = cli(db, bucket, "case", "show", "1", "--json")
    assert shown.returncode == 0, shown.stderr
    evidence = json.loads(shown.stdout)["evidence"]
    assert [(e["sha256"], e["size"], e["mime"]) for e in evidence] == \
        [(sha(photo), len(photo), "image/jpeg")]


def test_sending_it_back_and_the_dossier_read_the_bucket(s3chat: Chat, bucket: Bucket,
                                                          db: Path) -> None:
    filed(s3chat)
    photo = jpeg(seed=22, size=(800, 600))
    s3chat.send_files((photo, "document", "shoe.jpg"))
    s3chat.send("/evidence")
    s3chat.click("#1")
    s3chat.click("重新发送")
    assert sent_files(s3chat)[-1][1] == photo
    s3chat.send("/export")
    dossier = sent_files(s3chat)[-1][1]
    text, pictures = pdf_text(dossier)
    assert sha(photo) in text.replace("\n", "") and "文件缺失" not in text
    assert pictures >= 1  # the photo's thumbnail, drawn from the bucket's copy
    out = db.parent / "cli.pdf"
    exported = cli(db, bucket, "case", "export", "1", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    text, pictures = pdf_text(out.read_bytes())
    assert sha(photo) in text.replace("\n", "") and pictures >= 1
    assert list((s3chat.store_dir / "tmp").iterdir()) == []  # temp copies gone


def test_forget_takes_it_out_of_the_bucket(s3chat: Chat, bucket: Bucket) -> None:
    filed(s3chat)
    s3chat.send_files((jpeg(seed=23), "photo", None))
    assert len(bucket.keys()) == 1
    s3chat.send("/forget")
    s3chat.click("是，全部删除")
    assert bucket.keys() == []
    assert s3chat.store.db.execute("SELECT COUNT(*) FROM evidence").fetchone()[0] == 0


def test_bytes_another_shopper_keeps_stay_in_the_bucket(db: Path, bucket: Bucket) -> None:
    storage = storage_for(bucket, db.parent / "data")
    alice, bob = Chat(db, user_id=1, storage=storage), Chat(db, user_id=2, storage=storage)
    shared = jpeg(seed=24)
    for shopper in (alice, bob):
        filed(shopper)
        shopper.send_files((shared, "photo", None))
    alice.send("/forget")
    alice.click("是，全部删除")
    assert bucket.keys() == [bucket.key(sha(shared))]  # still Bob's
    bob.send("/forget")
    bob.click("是，全部删除")
    assert bucket.keys() == []
    alice.close()
    bob.close()


def test_the_purge_of_an_old_closed_case_empties_the_bucket(db: Path, bucket: Bucket) -> None:
    clock = FakeClock()
    chat = Chat(db, clock=clock, storage=storage_for(bucket, db.parent / "data"))
    filed(chat)
    chat.send_files((jpeg(seed=25), "photo", None))
    close_case(chat)
    assert len(bucket.keys()) == 1
    clock.advance(days=10)
    retention = Retention(chat.store, chat.evidence, clock, Ages(cases=timedelta(days=7)))

    async def first_purge() -> None:  # the running bot's way: the bucket's part in a thread
        stop = asyncio.Event()
        task = asyncio.create_task(retention.run(stop, interval=3600))
        while chat.store.db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]:
            await asyncio.sleep(0.01)
        stop.set()
        await asyncio.wait_for(task, 30)

    asyncio.run(first_purge())
    assert bucket.keys() == []
    chat.close()


def test_a_damaged_object_is_caught(s3chat: Chat, bucket: Bucket, db: Path) -> None:
    filed(s3chat)
    photo = jpeg(seed=26)
    s3chat.send_files((photo, "document", "receipt.jpg"))
    bucket.tamper(sha(photo), photo[:-10] + b"0123456789")  # same size, other bytes
    s3chat.send("/evidence")
    s3chat.click("#1")
    s3chat.click("重新发送")
    assert "损坏" in s3chat.last and sha(photo)[:12] in s3chat.last
    assert all(blob != photo[:-10] + b"0123456789" for _, blob in sent_files(s3chat))
    s3chat.send("/export")
    text, _ = pdf_text(sent_files(s3chat)[-1][1])
    assert "文件已损坏" in text and sha(photo) in text.replace("\n", "")


@pytest.mark.slow
def test_weiquan_chat_puts_a_photo_in_the_bucket(tmp_path: Path, bucket: Bucket) -> None:
    photo = tmp_path / "shoe.jpg"
    photo.write_bytes(jpeg(seed=27))
    db = tmp_path / "weiquan.db"
    lines = ["投诉", "质量问题", f"/photo {photo}", "/evidence"]
    env = {**os.environ, **bucket.env(), "WEIQUAN_DB": str(db),
           "WEIQUAN_DATA_DIR": str(tmp_path / "data"), "WEIQUAN_NOW": "2026-11-27T10:00:00+08:00"}
    done = subprocess.run([*WEIQUAN, "chat"], input="\n".join(lines) + "\n", capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "✅ 已保存" in done.stdout
    assert bucket.keys() == [bucket.key(sha(photo.read_bytes()))]
    assert not (tmp_path / "data" / "evidence").exists() or \
        not any((tmp_path / "data" / "evidence").rglob("*"))
    shown = json.loads(cli(db, bucket, "case", "show", "1", "--json").stdout)
    assert [e["sha256"] for e in shown["evidence"]] == [sha(photo.read_bytes())]


@pytest.mark.slow
def test_the_bucket_and_its_keys_can_come_from_a_dotenv_file(tmp_path: Path,
                                                             bucket: Bucket) -> None:
    photo = tmp_path / "receipt.jpg"
    photo.write_bytes(jpeg(seed=29))
    settings = {**bucket.env(), "WEIQUAN_DATA_DIR": str(tmp_path / "data")}
    (tmp_path / ".env").write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "WEIQUAN_"))}  # only the .env file says where and how
    done = subprocess.run([*WEIQUAN, "chat"], input=f"投诉\n质量问题\n/photo {photo}\n",
                          capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert bucket.keys() == [bucket.key(sha(photo.read_bytes()))]


@pytest.mark.slow
def test_a_bucket_that_is_not_there_is_one_line(tmp_path: Path, bucket: Bucket) -> None:
    env = {**os.environ, **bucket.env(), "WEIQUAN_DATA_DIR": str(tmp_path / "data"),
           "WEIQUAN_EVIDENCE_URL": "s3://no-such-bucket-here/x"}
    done = subprocess.run([*WEIQUAN, "chat"], input="/start\n", capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 1
    assert "WEIQUAN_EVIDENCE_URL" in done.stderr and "Traceback" not in done.stderr
    wrong = subprocess.run([*WEIQUAN, "chat"], input="/start\n", capture_output=True, text=True,
                           env={**env, "WEIQUAN_EVIDENCE_URL": "https://example.com/b"},
                           timeout=120)
    assert wrong.returncode == 1 and "s3://bucket/prefix" in wrong.stderr


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_telegram_photo_lands_in_the_bucket(framework: str, emu: BotApiEmulator,
                                                    tmp_path: Path, bucket: Bucket) -> None:
    photo = jpeg(seed=28, size=(640, 480))
    async with running_bot(framework, emu, tmp_path, **bucket.settings()) as bot:
        chat = TelegramChat(emu, db_of(bot))
        await chat.send("投诉")
        await chat.click("质量问题")
        mark = chat.mark()
        await chat.send_photo(photo)
        report = await chat.wait_reply("✅ 已保存", since=mark)
        assert "照片" in str(report)
        assert bucket.keys() == [bucket.key(sha(photo))] and bucket.read(sha(photo)) == photo
        assert not [p for p in (tmp_path / "evidence").rglob("*") if p.is_file()]
        await chat.send("/evidence")
        await chat.click("#1")
        mark = chat.mark()
        await chat.click("重新发送")  # uploaded to Telegram from a checked temp copy
        sent = await emu.wait_for(lambda m: m.method == "sendDocument", 60, chat_id=chat.user,
                                  since=mark)
        assert emu.file_bytes(sent.files[0]) == photo
        assert sent.message["document"]["file_name"] == sha(photo)  # as from the data folder
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_bucket_out_of_reach_is_retried_and_nothing_is_lost(db: Path, bucket: Bucket) -> None:
    later = Bucket(bucket.server, bucket.name + "-later")  # not there yet: every call fails
    clock = FakeClock()
    chat = Chat(db, clock=clock, storage=storage_for(later, db.parent / "data"))
    filed(chat)
    photo = jpeg(seed=30)
    replies = chat.send_files((photo, "photo", None))
    assert not any("✅ 已保存" in r for r in replies)
    (attempts,) = chat.store.db.execute(
        "SELECT attempts FROM outbox WHERE kind='download_file'").fetchone()
    assert attempts >= 1  # tried, and waiting to be tried again
    assert chat.store.db.execute("SELECT COUNT(*) FROM evidence").fetchone()[0] == 0
    later.server.client().create_bucket(Bucket=later.name)  # the bucket is back
    clock.advance(minutes=10)
    asyncio.run(chat.settle())
    assert "✅ 已保存" in chat.last
    assert later.keys() == [later.key(sha(photo))] and later.read(sha(photo)) == photo
    assert list((chat.store_dir / "tmp").iterdir()) == []
    chat.close()


def test_a_missing_bucket_is_not_a_missing_file(tmp_path: Path, bucket: Bucket) -> None:
    from bot.evidence.storage import Missing, Unavailable

    absent = storage_for(Bucket(bucket.server, bucket.name + "-absent"), tmp_path / "data")
    digest = sha(b"anything")
    with pytest.raises(Unavailable), absent.local_file(digest):
        pass
    with pytest.raises(Unavailable):
        list(absent.stored())
    present = storage_for(bucket, tmp_path / "data")
    with pytest.raises(Missing), present.local_file(digest):
        pass


@pytest.mark.slow
def test_evidence_copy_moves_a_data_folder_into_the_bucket(db: Path, bucket: Bucket) -> None:
    """An installation moving to a bucket: its files copied (checked), a damaged one reported
    and left behind, a second run copies nothing again, and the bot then reads the bucket."""
    chat = Chat(db)  # the data folder, as before the move
    filed(chat)
    photos = [jpeg(seed=31), jpeg(seed=32), jpeg(seed=33)]
    for photo in photos:
        chat.send_files((photo, "document", "x.jpg"))
    chat.close()
    data = db.parent / "data"
    damaged = data / "evidence" / sha(photos[2])[:2] / sha(photos[2])
    damaged.write_bytes(photos[2][:-4] + b"oops")
    env = {**os.environ, **bucket.env()}
    run = [*WEIQUAN, "evidence", "copy", "--from", str(data), "--to", bucket.url, "--json"]
    first = subprocess.run(run, capture_output=True, text=True, env=env, timeout=120)
    assert first.returncode == 1 and sha(photos[2]) in first.stderr  # reported, not copied
    assert json.loads(first.stdout) == {"copied": 2, "present": 0, "damaged": [sha(photos[2])],
                                        "strays": []}
    assert bucket.keys() == sorted(bucket.key(sha(p)) for p in photos[:2])
    assert all(bucket.read(sha(p)) == p for p in photos[:2])
    damaged.write_bytes(photos[2])  # restored from a backup
    again = subprocess.run(run, capture_output=True, text=True, env=env, timeout=120)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["copied"] == 1 and json.loads(again.stdout)["present"] == 2
    shutil.rmtree(data / "evidence")  # the bot reads the bucket only now
    out = db.parent / "moved.pdf"
    exported = cli(db, bucket, "case", "export", "1", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    text, pictures = pdf_text(out.read_bytes())
    assert "文件缺失" not in text and pictures >= 3
