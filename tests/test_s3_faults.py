"""`weiquan run` on an S3 bucket killed with SIGKILL in the middle of an album's downloads, then
started again: every file acknowledged once, every row's object in the bucket and intact (its
bytes hash to its name), no object without a row, nothing left in the data folder's tmp/."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.chat.telegram_bot import TOKEN, USER
from tests.emulator import EmulatorThread
from tests.s3server import Bucket
from tests.test_evidence_make import jpeg, sha
from tests.test_telegram_evidence import HeldDownloads, saved_names, wait_until
from tests.test_telegram_process import WAIT, BotProcess


def stored(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT file_name, sha256 FROM evidence").fetchall())


def assert_bucket_matches(bucket: Bucket, db: Path, data_dir: Path) -> None:
    rows = stored(db)
    assert bucket.keys() == sorted(bucket.key(s) for s in set(rows.values()))
    for digest in rows.values():
        assert hashlib.sha256(bucket.read(digest)).hexdigest() == digest
    assert [p for p in (data_dir / "tmp").rglob("*") if p.is_file()] == []
    assert not (data_dir / "evidence").exists() or \
        [p for p in (data_dir / "evidence").rglob("*") if p.is_file()] == []


@pytest.mark.slow
def test_sigkill_mid_album_on_a_bucket_loses_nothing(tmp_path: Path, bucket: Bucket) -> None:
    data_dir, db = tmp_path / "data", tmp_path / "data" / "weiquan.db"
    first_doc = jpeg(seed=60)
    album = [(jpeg(seed=61 + i, size=(800, 600)), f"b{i}.jpg", "image/jpeg") for i in range(3)]
    everything = {"first.jpg": first_doc, **{name: data for data, name, _ in album}}
    env = {k: v for k, v in bucket.env().items() if k.startswith("WEIQUAN_")}
    emu = EmulatorThread(token=TOKEN)
    held = HeldDownloads(emu)
    with emu:
        emu.add_user(USER, lang="zh")
        first = BotProcess("ptb", emu.base, data_dir, extra_env=env)
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
            parts = emu.send_album(USER, album)  # b1.jpg hangs half-way
            held.hold(emu, parts[1])
            wait_until(emu, lambda: bool(held.started), first, "the download started")
        finally:
            first.kill()
        held.release.set()
        assert saved_names(emu, USER) == ["first.jpg"]
        assert sorted(stored(db)) == ["b0.jpg", "first.jpg"]  # b0 kept, not yet told
        assert bucket.keys() == sorted(bucket.key(sha(d)) for d in (first_doc, album[0][0]))

        second = BotProcess("ptb", emu.base, data_dir, extra_env=env)
        try:
            second.ready(emu)
            wait_until(emu, lambda: sorted(saved_names(emu, USER)) == sorted(everything), second,
                       "the interrupted album is done again after the restart")
            emu.wait_idle(WAIT)
        finally:
            code = second.terminate()
        assert code == 0, second.output()[-3000:]

    assert sorted(saved_names(emu, USER)) == sorted(everything)  # each told once, as saved
    assert stored(db) == {name: sha(data) for name, data in everything.items()}
    assert_bucket_matches(bucket, db, data_dir)
