"""Real files for the evidence tests (built with Pillow or by hand), a store with users and
cases, and the consistency check every evidence test ends with. The tests at the bottom
check that the samples are what they claim to be."""

from __future__ import annotations

import functools
import hashlib
import io
import random
import struct
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from PIL import Image

from bot.evidence.repository import EvidenceStore, Quotas
from bot.store.sqlite import Store

NOW = datetime(2026, 11, 27, 20, 0, tzinfo=timezone(timedelta(hours=8)))


def jpeg(seed: int = 0, size: tuple[int, int] = (320, 240), exif_time: str | None = None,
         offset: str | None = None) -> bytes:
    rng = random.Random(seed)
    im = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    exif = Image.Exif()
    if exif_time is not None:
        exif.get_ifd(0x8769)[0x9003] = exif_time
        if offset is not None:
            exif.get_ifd(0x8769)[0x9011] = offset
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def image(fmt: str, seed: int = 0, size: tuple[int, int] = (64, 48)) -> bytes:
    rng = random.Random(seed)
    im = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    out = io.BytesIO()
    im.save(out, fmt)
    return out.getvalue()


def pdf(body: str = "evidence") -> bytes:
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            b"% " + body.encode() + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def iso_file(brand: bytes, payload: bytes = b"\x00" * 64) -> bytes:
    ftyp = struct.pack(">I", 24) + b"ftyp" + brand + b"\x00\x00\x02\x00" + brand + b"mif1"
    return ftyp + struct.pack(">I", 8 + len(payload)) + b"mdat" + payload


def mp4() -> bytes:
    return iso_file(b"isom")


def mov() -> bytes:
    return iso_file(b"qt  ")


def heic() -> bytes:
    return iso_file(b"heic")


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + bytes(range(256)) * 4
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)) * 4
ZIP = b"PK\x03\x04\x14\x00\x00\x00" + bytes(range(256)) * 4


@functools.lru_cache(maxsize=2)
def bomb_png(side: int = 20000) -> bytes:
    """A genuine 1-bit PNG of side x side white pixels: a few dozen KB, 400 MP decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    packer = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    body = b"".join(packer.compress(row * 100) for _ in range(side // 100)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body)
            + chunk(b"IEND", b""))


def truncated_jpeg() -> bytes:
    data = jpeg(seed=99)
    return data[: len(data) // 2]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Env:
    store: Store
    ev: EvidenceStore
    data: Path

    def case(self, user_id: int, case_id: int) -> int:
        self.store.db.execute("INSERT OR IGNORE INTO users (id, chat_id, lang, created_at, "
                              "updated_at) VALUES (?, ?, 'zh', 'x', 'x')", [user_id, user_id])
        self.store.db.execute("INSERT INTO cases (id, user_id, status, created_at, updated_at) "
                              "VALUES (?, ?, 'draft', 'x', 'x')", [case_id, user_id])
        return case_id

    def files(self) -> dict[str, Path]:
        return files_in(self.data)

    def rows(self) -> list[tuple[int, int, int, str]]:
        return self.store.db.execute(
            "SELECT id, user_id, case_id, sha256 FROM evidence ORDER BY id").fetchall()


def make_env(tmp_path: Path, quotas: Quotas | None = None, **kwargs: int) -> Env:
    store = Store(tmp_path / "weiquan.db")
    data = tmp_path / "data"
    env = Env(store, EvidenceStore(store, data, quotas=quotas, **kwargs), data)
    env.case(1, 10)
    env.case(1, 11)
    env.case(2, 20)
    return env


def files_in(data: Path) -> dict[str, Path]:
    return {p.name: p for p in (data / "evidence").rglob("*") if p.is_file()}


def assert_consistent(data: Path, store: Store) -> None:
    """No file without a row, no row without its (intact) file, nothing left in tmp/."""
    assert list((data / "tmp").iterdir()) == []
    files = files_in(data)
    hashes = {r[0] for r in store.db.execute("SELECT sha256 FROM evidence").fetchall()}
    assert set(files) == hashes
    for name, path in files.items():
        assert path.parent.name == name[:2]
        assert sha(path.read_bytes()) == name


# ---- the samples are what they claim ------------------------------------------------------

def test_jpeg_sample_carries_its_capture_time() -> None:
    with Image.open(io.BytesIO(jpeg(exif_time="2026:11:20 14:03:05"))) as im:
        assert im.format == "JPEG"
        assert im.getexif().get_ifd(0x8769)[0x9003] == "2026:11:20 14:03:05"
    assert jpeg(seed=1) != jpeg(seed=2)


def test_bomb_sample_is_small_on_disk_and_huge_decoded() -> None:
    data = bomb_png()
    assert len(data) < 200_000
    Image.MAX_IMAGE_PIXELS, saved = None, Image.MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as im:
            assert im.size == (20000, 20000)
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def test_small_bomb_sample_decodes() -> None:
    with Image.open(io.BytesIO(bomb_png(300))) as im:
        im.load()
        assert im.size == (300, 300)
