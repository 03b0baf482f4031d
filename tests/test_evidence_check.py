"""Type sniffing, declared types, EXIF times; fuzzed files never escape as exceptions."""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from bot.evidence.checks import (
    CheckFailure,
    Sniffed,
    capture_time,
    check_type,
    declared_families,
    sniff,
)
from bot.evidence.repository import REJECTION_CODES, Duplicate, Rejected, Stored
from tests.test_evidence_make import (
    ELF,
    EXE,
    NOW,
    ZIP,
    Env,
    assert_consistent,
    heic,
    image,
    iso_file,
    jpeg,
    make_env,
    mov,
    mp4,
    pdf,
)


@pytest.mark.parametrize("head, family, mime, fmt", [
    (jpeg(), "image", "image/jpeg", "JPEG"),
    (image("PNG"), "image", "image/png", "PNG"),
    (image("GIF"), "image", "image/gif", "GIF"),
    (image("WEBP"), "image", "image/webp", "WEBP"),
    (image("AVIF"), "image", "image/avif", "AVIF"),
    (heic(), "image", "image/heic", "HEIF"),
    (iso_file(b"mif1"), "image", "image/heic", "HEIF"),
    (pdf(), "pdf", "application/pdf", "PDF"),
    (b"\xef\xbb\xbf" + b" " * 500 + b"%PDF-1.7", "pdf", "application/pdf", "PDF"),
    (mp4(), "video", "video/mp4", "MP4"),
    (iso_file(b"M4V "), "video", "video/mp4", "MP4"),
    (mov(), "video", "video/quicktime", "MOV"),
    (struct.pack(">I", 100) + b"moov" + b"\x00" * 8, "video", "video/quicktime", "MOV"),
    (ELF, None, "application/octet-stream", "elf"),
    (EXE, None, "application/octet-stream", "exe"),
    (ZIP, None, "application/octet-stream", "zip"),
    (image("BMP"), None, "application/octet-stream", "bmp"),
    (b"x" * 1100 + b"%PDF-1.4", None, "application/octet-stream", "unknown"),
    (b"", None, "application/octet-stream", "unknown"),
    (b"\xff\xd8", None, "application/octet-stream", "unknown"),
    (b"RIFF\x00\x00\x00\x00WAVE", None, "application/octet-stream", "unknown"),
])
def test_sniff(head: bytes, family: str | None, mime: str, fmt: str) -> None:
    assert sniff(head[:4096]) == Sniffed(family, mime, fmt)


@pytest.mark.parametrize("kind, name, mime, claims", [
    ("photo", None, None, {"image"}),
    ("video", None, None, {"video"}),
    ("document", None, None, set()),
    ("document", "IMG.JPEG", None, {"image"}),
    ("document", "scan.pdf", "application/pdf", {"pdf"}),
    ("document", "a.tar.gz", None, {"other"}),
    ("document", "noext", "application/octet-stream", set()),
    ("document", "x.weird", "image/png; charset=binary", {"image"}),
    ("document", "x.jpg", "application/zip", {"image", "other"}),
    ("document", "clip.MOV", "video/quicktime", {"video"}),
])
def test_declared_families(kind: str, name: str | None, mime: str | None,
                           claims: set[str]) -> None:
    assert declared_families(kind, name, mime) == claims


def test_check_type_names_what_was_found() -> None:
    with pytest.raises(CheckFailure) as err:
        check_type(sniff(ZIP), {"image"})
    assert (err.value.code, err.value.params) == ("type_mismatch",
                                                  {"declared": "image", "actual": "zip"})
    with pytest.raises(CheckFailure) as err:
        check_type(sniff(ZIP), set())
    assert (err.value.code, err.value.params) == ("unsupported_type", {"actual": "zip"})
    check_type(sniff(jpeg()), {"image"})


@pytest.mark.parametrize("raw, offset, iso", [
    ("2026:11:20 14:03:05", None, "2026-11-20T14:03:05"),
    ("2026:11:20 14:03:05", "+08:00", "2026-11-20T14:03:05+08:00"),
    ("2026:11:20 14:03:05", "-05:30", "2026-11-20T14:03:05-05:30"),
    ("2026:11:20 14:03:05", "garbage", "2026-11-20T14:03:05"),
    ("2026:11:20 14:03:05\x00", None, "2026-11-20T14:03:05"),
    ("0000:00:00 00:00:00", None, None),
    ("    :  :     :  :  ", None, None),
    ("2026-11-20", None, None),
])
def test_capture_time(raw: str, offset: str | None, iso: str | None) -> None:
    with Image.open(io.BytesIO(jpeg(exif_time=raw, offset=offset))) as im:
        assert capture_time(im) == iso


def test_no_exif_no_time() -> None:
    with Image.open(io.BytesIO(image("PNG"))) as im:
        assert capture_time(im) is None


SAMPLES = [jpeg(seed=1, size=(40, 30), exif_time="2026:01:02 03:04:05"), image("PNG"),
           image("GIF"), image("WEBP"), image("AVIF"), pdf(), mp4(), ELF]


@pytest.fixture(scope="module")
def fuzz_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    env = make_env(tmp_path_factory.mktemp("fuzz"))
    yield env
    env.store.close()


@settings(max_examples=120, deadline=None)
@given(base=st.sampled_from(SAMPLES), cut=st.integers(0, 4000),
       flips=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), max_size=6),
       name=st.sampled_from([None, "a.jpg", "a.png", "a.pdf", "a.mp4", "a.zip", "a"]),
       kind=st.sampled_from(["photo", "document"]))
def test_damaged_files_are_stored_or_refused_never_raise(
        fuzz_env: Env, base: bytes, cut: int, flips: list[tuple[int, int]],
        name: str | None, kind: str) -> None:
    data = bytearray(base[:cut] if cut < len(base) else base)
    for at, value in flips:
        if at < len(data):
            data[at] = value
    result = fuzz_env.ev.add(user_id=1, case_id=10, source=bytes(data), kind=kind,
                             file_name=name, received_at=NOW)
    assert isinstance(result, Stored | Duplicate | Rejected)
    if isinstance(result, Rejected):
        assert result.code in REJECTION_CODES
    elif result.item.mime.startswith("image/"):
        with Image.open(result.item.path) as im:  # what was kept really decodes
            im.load()
    assert_consistent(fuzz_env.data, fuzz_env.store)
