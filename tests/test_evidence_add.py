"""add(): what is kept (file + row), what is refused (nothing stored), duplicates."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.evidence.local import LocalStorage
from bot.evidence.repository import (
    MAX_FILE_BYTES,
    REJECTION_CODES,
    Duplicate,
    Rejected,
    Result,
    Stored,
)
from tests.test_evidence_make import (
    ELF,
    EXE,
    NOW,
    ZIP,
    Env,
    assert_consistent,
    bomb_png,
    heic,
    image,
    jpeg,
    make_env,
    mov,
    mp4,
    pdf,
    sha,
    truncated_jpeg,
)


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    e = make_env(tmp_path)
    yield e
    assert_consistent(e.data, e.store)
    e.store.close()


def add(env: Env, source: Path | bytes, kind: str = "document", user: int = 1, case: int = 10,
        **kw: object) -> Result:
    return env.ev.add(user_id=user, case_id=case, source=source, kind=kind, received_at=NOW,
                      **kw)  # type: ignore[arg-type]


def stored(result: Result) -> Stored:
    assert isinstance(result, Stored), result
    return result


def refused(env: Env, result: Result, code: str) -> Rejected:
    assert isinstance(result, Rejected), result
    assert result.code == code, result
    assert result.code in REJECTION_CODES
    assert env.files() == {} and env.rows() == []
    return result


def test_photo_is_kept_under_its_hash_with_its_row(env: Env) -> None:
    data = jpeg(seed=1)
    item = stored(add(env, data, kind="photo", caption="外包装破损", tg_file_id="AgAC",
                      tg_unique_id="AQAD", forwarded=True)).item
    assert item.path == env.data.absolute() / "evidence" / sha(data)[:2] / sha(data)
    assert item.path.read_bytes() == data
    assert (item.sha256, item.size, item.mime, item.kind) == (sha(data), len(data), "image/jpeg",
                                                              "photo")
    assert (item.user_id, item.case_id, item.caption) == (1, 10, "外包装破损")
    assert (item.tg_file_id, item.tg_unique_id, item.forwarded) == ("AgAC", "AQAD", True)
    assert item.received_at == "2026-11-27T20:00:00+08:00"
    assert item.captured_at is None  # Telegram's recompressed photos carry no EXIF
    assert env.rows() == [(item.id, 1, 10, sha(data))]
    assert env.ev.find_by_unique_id(1, 10, "AQAD") == item
    assert env.ev.find_by_unique_id(2, 10, "AQAD") is None


def test_document_keeps_exif_capture_time(env: Env, tmp_path: Path) -> None:
    original = tmp_path / "IMG_0001.JPG"
    original.write_bytes(jpeg(seed=2, exif_time="2026:11:20 14:03:05", offset="+08:00"))
    item = stored(add(env, original, file_name="IMG_0001.JPG", declared_mime="image/jpeg")).item
    assert item.captured_at == "2026-11-20T14:03:05+08:00"
    assert item.file_name == "IMG_0001.JPG"
    assert item.path.read_bytes() == original.read_bytes()
    naive = stored(add(env, jpeg(seed=3, exif_time="2025:01:02 03:04:05"))).item
    # no offset in the EXIF: the camera clock is taken to be local time (WEIQUAN_TZ)
    assert naive.captured_at == "2025-01-02T03:04:05+08:00"
    zeros = stored(add(env, jpeg(seed=4, exif_time="0000:00:00 00:00:00"))).item
    assert zeros.captured_at is None


def test_album_of_five_is_five_items_in_order(env: Env) -> None:
    album = [jpeg(seed=10 + i) for i in range(5)]
    items = [stored(add(env, data, kind="photo")).item for data in album]
    assert [i.id for i in env.ev.list(1, 10)] == [i.id for i in items]
    assert {i.sha256 for i in items} == {sha(d) for d in album}
    assert len(env.files()) == 5


def test_duplicate_in_the_same_case_stores_nothing_new(env: Env) -> None:
    data = jpeg(seed=5)
    first = stored(add(env, data, kind="photo", caption="first")).item
    again = add(env, data, kind="document", file_name="copy.jpg", caption="second")
    assert again == Duplicate(first)
    assert len(env.rows()) == 1 and len(env.files()) == 1


def test_same_file_in_two_cases_is_two_rows_one_file(env: Env) -> None:
    data = pdf("shared")
    a = stored(add(env, data, file_name="a.pdf", case=10)).item
    b = stored(add(env, data, file_name="b.pdf", case=11)).item
    assert a.id != b.id and a.path == b.path
    assert len(env.rows()) == 2 and len(env.files()) == 1
    other_user = stored(add(env, data, user=2, case=20)).item
    assert other_user.path == a.path and len(env.files()) == 1


@pytest.mark.parametrize("data, name, mime, expected", [
    (pdf(), "report.pdf", "application/pdf", "application/pdf"),
    (image("PNG"), "screen.png", "image/png", "image/png"),
    (image("PNG", seed=1), "screen.jpg", "image/jpeg", "image/png"),  # renamed, still an image
    (image("GIF"), "anim.gif", None, "image/gif"),
    (image("WEBP"), "x.webp", "image/webp", "image/webp"),
    (image("AVIF"), "x.avif", "image/avif", "image/avif"),
    (heic(), "IMG_0002.HEIC", "image/heic", "image/heic"),
    (mp4(), "unboxing.mp4", "video/mp4", "video/mp4"),
    (mov(), "IMG_0003.MOV", "video/quicktime", "video/quicktime"),
    (pdf("no name"), None, None, "application/pdf"),
    (pdf("octet"), "scan", "application/octet-stream", "application/pdf"),
])
def test_accepted_types_are_typed_by_content(env: Env, data: bytes, name: str | None,
                                             mime: str | None, expected: str) -> None:
    item = stored(add(env, data, file_name=name, declared_mime=mime)).item
    assert item.mime == expected and item.path.read_bytes() == data


@pytest.mark.parametrize("data, kind, name, mime, code", [
    (ELF, "document", "photo.jpg", "image/jpeg", "type_mismatch"),
    (ELF, "photo", None, None, "type_mismatch"),
    (EXE, "document", "invoice.pdf", None, "type_mismatch"),
    (ZIP, "document", "IMG_1.jpeg", None, "type_mismatch"),
    (pdf(), "document", "photo.jpg", "image/jpeg", "type_mismatch"),
    (pdf(), "photo", None, None, "type_mismatch"),
    (jpeg(), "document", "report.pdf", "application/pdf", "type_mismatch"),
    (jpeg(), "document", "x.jpg", "application/pdf", "type_mismatch"),
    (mp4(), "document", "clip.png", None, "type_mismatch"),
    (image("PNG"), "document", "notes.txt", "text/plain", "type_mismatch"),
    (ZIP, "document", "evidence.zip", "application/zip", "unsupported_type"),
    (ELF, "document", None, None, "unsupported_type"),
    (b"just some text\n", "document", "notes.txt", "text/plain", "unsupported_type"),
    (image("BMP"), "document", "x.bmp", "image/bmp", "type_mismatch"),
    (b"\xff\xd8\xff\xe0" + b"garbage" * 50, "photo", None, None, "corrupt_image"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "document", "a.png", None, "corrupt_image"),
    (truncated_jpeg(), "document", "cut.jpg", None, "corrupt_image"),
    (b"GIF89a" + b"\xff" * 3, "document", "a.gif", None, "corrupt_image"),
    # libavif raises RuntimeError, not OSError, for a file without its primary item
    (image("AVIF").replace(b"pitm", b"\0itm"), "document", "x.avif", None, "corrupt_image"),
])
def test_refused_files_leave_nothing(env: Env, data: bytes, kind: str, name: str | None,
                                     mime: str | None, code: str) -> None:
    refused(env, add(env, data, kind=kind, file_name=name, declared_mime=mime), code)


def test_type_mismatch_says_what_was_claimed_and_found(env: Env) -> None:
    result = refused(env, add(env, ELF, file_name="photo.jpg"), "type_mismatch")
    assert result.params == {"declared": "image", "actual": "elf"}


def test_decompression_bomb_is_refused_before_decoding(env: Env, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(bomb_png())
    result = refused(env, add(env, bomb, file_name="bomb.png"), "decompression_bomb")
    assert result.params["limit"] == env.ev.max_pixels
    assert env.ev.max_pixels >= 108_000_000  # a 108 MP phone photo is not a bomb


def test_pixel_limit_is_a_setting(tmp_path: Path) -> None:
    env = make_env(tmp_path, max_pixels=300 * 300)
    stored(add(env, bomb_png(300), file_name="ok.png"))
    refused_env = make_env(tmp_path / "b", max_pixels=300 * 300 - 1)
    refused(refused_env, add(refused_env, bomb_png(300)), "decompression_bomb")


def test_over_limit_file_is_refused_by_its_size(env: Env, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "video.mp4"
    with big.open("wb") as f:  # sparse: 21 MB on paper, nothing on disk
        f.write(mp4())
        f.truncate(21 * 1024 * 1024)

    def never_read(*args: object) -> None:
        raise AssertionError("an over-limit file was read")

    monkeypatch.setattr(LocalStorage, "_write", never_read)
    result = refused(env, add(env, big, file_name="video.mp4"), "too_big")
    assert result.params == {"size": 21 * 1024 * 1024, "limit": MAX_FILE_BYTES}
    assert MAX_FILE_BYTES == 20 * 1024 * 1024


def test_size_limit_is_inclusive_for_bytes_and_paths(tmp_path: Path) -> None:
    data = pdf("x" * 500)
    env = make_env(tmp_path, max_file_bytes=len(data))
    stored(add(env, data))
    small = make_env(tmp_path / "b", max_file_bytes=len(data) - 1)
    refused(small, add(small, data), "too_big")
    path = tmp_path / "f.pdf"
    path.write_bytes(data)
    refused(small, add(small, path), "too_big")


def test_empty_file_is_refused(env: Env, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jpg"
    empty.touch()
    refused(env, add(env, empty), "empty")
    refused(env, add(env, b""), "empty")


def test_someone_elses_or_a_missing_case_is_refused(env: Env) -> None:
    refused(env, add(env, pdf(), user=2, case=10), "unknown_case")
    refused(env, add(env, pdf(), user=1, case=999), "unknown_case")


def test_bad_arguments_are_programming_errors(env: Env) -> None:
    with pytest.raises(ValueError):
        add(env, pdf(), kind="sticker")
    with pytest.raises(ValueError):
        add(env, pdf(), label="receipt")
    with env.store.transaction(), pytest.raises(RuntimeError):
        add(env, pdf())
    assert env.rows() == [] and not os.listdir(env.data / "tmp")


def test_label_is_stored_as_given(env: Env) -> None:
    item = stored(add(env, jpeg(seed=8), kind="photo", label="packaging")).item
    assert item.label == "packaging"


def test_large_but_legal_image_is_kept(env: Env) -> None:
    # 100 MP: above Pillow's own warning threshold (89 MP), below ours.
    item = stored(add(env, bomb_png(10000), file_name="scan.png")).item
    assert item.mime == "image/png"
