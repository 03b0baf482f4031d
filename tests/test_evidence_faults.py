"""Crashes and recovery: failures injected at each step, SIGKILL at random moments, and two
processes adding and deleting the same content at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.evidence.local import LocalStorage
from bot.evidence.repository import Duplicate, EvidenceStore, Stored
from bot.evidence.storage import TempFile
from bot.store.sqlite import Store
from tests.test_evidence_make import NOW, assert_consistent, jpeg, make_env, pdf, sha

ROOT = Path(__file__).resolve().parent.parent


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing on the way catches it."""


def test_failed_rename_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = make_env(tmp_path)

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        env.ev.add(user_id=1, case_id=10, source=pdf(), kind="document", received_at=NOW)
    assert env.rows() == [] and env.files() == {}
    assert_consistent(env.data, env.store)


def test_crash_between_rename_and_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = make_env(tmp_path)
    kept = env.ev.add(user_id=1, case_id=10, source=jpeg(seed=1), kind="photo",
                      received_at=NOW)
    assert isinstance(kept, Stored)
    install = LocalStorage.install

    def install_then_die(self: LocalStorage, temp: TempFile) -> None:
        install(self, temp)
        raise Crash

    monkeypatch.setattr(LocalStorage, "install", install_then_die)
    with pytest.raises(Crash):
        env.ev.add(user_id=1, case_id=10, source=pdf("lost"), kind="document",
                   received_at=NOW)
    assert [r[3] for r in env.rows()] == [kept.item.sha256]  # the insert was rolled back
    assert sha(pdf("lost")) in env.files()  # whole, but nobody refers to it
    report = env.ev.recover()
    assert (report.temp_files_removed, report.orphan_files_removed) == (0, 1)
    assert report.rows_without_file == []
    assert set(env.files()) == {kept.item.sha256}
    assert_consistent(env.data, env.store)


def test_crash_between_delete_and_unlink(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = make_env(tmp_path)
    result = env.ev.add(user_id=1, case_id=10, source=pdf(), kind="document", received_at=NOW)
    assert isinstance(result, Stored)

    def die(self: LocalStorage, sha256: str) -> bool:
        raise Crash

    monkeypatch.setattr(LocalStorage, "remove", die)
    with pytest.raises(Crash):
        env.ev.forget_user(1)
    assert env.rows() == [] and result.item.path.exists()
    monkeypatch.undo()
    assert env.ev.recover().orphan_files_removed == 1
    assert_consistent(env.data, env.store)


def test_recover_removes_strays_and_keeps_what_rows_use(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    item = env.ev.add(user_id=1, case_id=10, source=jpeg(seed=2), kind="photo", received_at=NOW)
    assert isinstance(item, Stored)
    (env.data / "tmp" / "tmpabc.part").write_bytes(b"half a file")
    (env.data / "tmp" / "other").write_bytes(b"")
    orphan = sha(b"orphan")
    (env.data / "evidence" / orphan[:2]).mkdir(exist_ok=True)
    (env.data / "evidence" / orphan[:2] / orphan).write_bytes(b"orphan")
    (env.data / "evidence" / "README").write_text("not evidence")
    (env.data / "evidence" / item.item.sha256[:2] / "notes.txt").write_text("nor this")
    report = env.ev.recover()
    assert (report.temp_files_removed, report.orphan_files_removed) == (2, 3)
    assert set(env.files()) == {item.item.sha256}
    assert env.ev.recover().orphan_files_removed == 0
    item.item.path.unlink()
    assert env.ev.recover().rows_without_file == [item.item.id]


CHILD = """
import random, sys
from datetime import datetime, timezone
from bot.evidence.repository import EvidenceStore, Quotas, Stored
from bot.store.sqlite import Store
from tests.test_evidence_make import image

db, data, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
ev = EvidenceStore(Store(db), data, quotas=Quotas(10**6, 10**6, 10**12))
shared = [b"%PDF-1.4 shared " + bytes([i]) for i in range(3)]
mine = []
print("READY", flush=True)
while True:
    roll = rng.random()
    if roll < 0.15 and mine:
        victim = mine.pop(rng.randrange(len(mine)))
        print("DEL", victim, flush=True)
        ev.delete(1, victim)
        continue
    if roll < 0.35:
        blob, name = rng.choice(shared), "shared.pdf"
    elif roll < 0.5:
        blob, name = image("PNG", seed=rng.randrange(10**9), size=(200, 200)), "p.png"
    else:
        size = rng.choice((1_000, 100_000, 1_000_000, 4_000_000))
        blob, name = b"%PDF-1.4\\n" + rng.randbytes(size), "doc.pdf"
    result = ev.add(user_id=1, case_id=rng.choice((10, 11)), source=blob, kind="document",
                    file_name=name, received_at=datetime.now(timezone.utc))
    if isinstance(result, Stored):
        mine.append(result.item.id)
        print("OK", result.item.id, result.item.sha256, flush=True)
"""


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    db, data = tmp_path / "weiquan.db", env.data
    env.store.close()
    rng = random.Random(20261127)
    acked: dict[int, str] = {}
    maybe_deleted: set[int] = set()
    recovered = 0
    for round_no in range(7):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(data),
                                  str(round_no)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "READY"
        # Killed once it has acknowledged a few files (an event, so a busy machine does not
        # leave it too little time to do real work), at a random moment of the steps after.
        lines: list[str] = []
        acknowledgements = rng.randint(4, 7)
        while sum(line.startswith("OK ") for line in lines) < acknowledgements:
            line = child.stdout.readline()
            assert line, f"the child ended before it was killed: {lines}"
            lines.append(line)
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        child.wait()
        for line in [*lines, *child.stdout.read().splitlines()]:
            parts = line.split()
            if parts[:1] == ["OK"] and len(parts) == 3:
                acked[int(parts[1])] = parts[2]
            elif parts[:1] == ["DEL"] and len(parts) == 2:
                maybe_deleted.add(int(parts[1]))
        child.stdout.close()
        assert child.returncode == -signal.SIGKILL

        store = Store(db)  # the restart
        ev = EvidenceStore(store, data)
        report = ev.recover()
        recovered += report.temp_files_removed + report.orphan_files_removed
        assert report.rows_without_file == []
        assert_consistent(data, store)
        for item_id, digest in acked.items():
            if item_id in maybe_deleted:
                continue
            item = ev.get(1, item_id)
            assert item is not None, (round_no, item_id)
            assert item.sha256 == digest and item.path.is_file()
        store.close()
    assert len(acked) >= 20, acked  # the children did real work before dying
    print(f"{len(acked)} acknowledged, {recovered} leftovers recovered")


RACER = """
import random, sys
from datetime import datetime, timezone
from bot.evidence.repository import EvidenceStore, Stored, Duplicate
from bot.store.sqlite import Store

db, data, user, case = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(user)
ev = EvidenceStore(Store(db), data)
blobs = [b"%PDF-1.4 raced " + bytes([i]) * 2000 for i in range(4)]
for _ in range(120):
    result = ev.add(user_id=user, case_id=case, source=rng.choice(blobs), kind="document",
                    received_at=datetime.now(timezone.utc))
    assert isinstance(result, (Stored, Duplicate)), result
    path = ev.open(user, result.item.id)
    assert path is not None and path.is_file(), "row without its file"
    if rng.random() < 0.6:
        assert ev.delete(user, result.item.id)
"""


@pytest.mark.slow
def test_two_processes_adding_and_deleting_the_same_content(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    racers = [subprocess.Popen([sys.executable, "-c", RACER, str(tmp_path / "weiquan.db"),
                                str(env.data), str(user), str(case)], cwd=ROOT,
                               stderr=subprocess.PIPE, text=True)
              for user, case in ((1, 10), (2, 20))]
    for racer in racers:
        _, err = racer.communicate(timeout=60)
        assert racer.returncode == 0, err
    assert env.ev.recover().orphan_files_removed == 0
    assert_consistent(env.data, env.store)
    env.store.close()


def test_album_arriving_on_five_threads_at_once(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    album = [jpeg(seed=40 + i) for i in range(5)] + [jpeg(seed=40)]  # one sent twice

    def send(data: bytes) -> object:
        return env.ev.add(user_id=1, case_id=10, source=data, kind="photo", received_at=NOW)

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(send, album))
    assert sum(isinstance(r, Stored) for r in results) == 5
    assert sum(isinstance(r, Duplicate) for r in results) == 1
    assert {i.sha256 for i in env.ev.list(1, 10)} == {sha(d) for d in album}
    assert_consistent(env.data, env.store)


def test_recover_clears_a_dead_process_download_folder(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    folder = tmp_path / "data" / "tmp" / "dl-abc"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "download").write_bytes(b"half a photo")
    report = env.ev.recover()
    assert report.temp_files_removed >= 1 and not folder.exists()


def test_recover_leaves_a_live_replicas_scratch_alone(tmp_path: Path) -> None:
    """Replicas on one machine share the data folder: one starting up must not remove the
    download another is receiving right now; a dead process's leftovers go."""
    import subprocess
    import sys

    env = make_env(tmp_path)
    live = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                            stdin=subprocess.PIPE)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait(60)
    try:
        scratch = tmp_path / "data" / "tmp"
        (scratch / f"dl-{live.pid}-x1").mkdir()
        (scratch / f"dl-{live.pid}-x1" / "download").write_bytes(b"half a photo")
        (scratch / f"part-{live.pid}-x2.part").write_bytes(b"half a file")
        (scratch / f"dl-{dead.pid}-x3").mkdir()
        (scratch / f"part-{dead.pid}-x4.part").write_bytes(b"left by a dead process")
        assert env.ev.recover().temp_files_removed == 2
        assert sorted(e.name for e in scratch.iterdir()) == [f"dl-{live.pid}-x1",
                                                            f"part-{live.pid}-x2.part"]
    finally:
        live.communicate(b"", timeout=60)
