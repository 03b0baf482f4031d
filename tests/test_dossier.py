"""The case dossier PDF: ten real evidence items, pages as PNG, Chinese as real glyphs."""

from __future__ import annotations

import hashlib
import io
import unicodedata
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from bot.dossier.pdf import DossierError, export_case
from bot.store.sqlite import Store
from tests.dossier_fixture import DESCRIPTION, SHOP, make_case


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("dossier")
    make_case(folder / "weiquan.db", folder)
    return folder / "weiquan.db", folder


def export(stored: tuple[Path, Path], lang: str) -> Path:
    db, folder = stored
    store = Store(db)
    try:
        return export_case(store, 1, folder, folder / f"case-{lang}.pdf", lang=lang)
    finally:
        store.close()


@pytest.fixture(scope="module")
def zh_pdf(stored: tuple[Path, Path]) -> Path:
    return export(stored, "zh")


def all_text(pdf: Path) -> str:
    with pymupdf.open(pdf) as doc:
        return "".join(page.get_text() for page in doc).replace("\n", "")


def test_every_page_turns_into_a_png(zh_pdf: Path) -> None:
    assert zh_pdf.read_bytes().startswith(b"%PDF")
    with pymupdf.open(zh_pdf) as doc:
        assert doc.page_count >= 2
        for page in doc:
            png = page.get_pixmap(dpi=50).tobytes("png")
            with Image.open(io.BytesIO(png)) as img:
                assert img.format == "PNG" and img.width > 300
                assert img.convert("L").getextrema()[0] < 100  # something is drawn


def test_the_chinese_text_comes_back_out(zh_pdf: Path, stored: tuple[Path, Path]) -> None:
    text = all_text(zh_pdf)
    for part in ("维权案卷", "案件概要", "时间线", SHOP, DESCRIPTION, "假货", "1197.00",
                 "证据（共 10 项）", "PDF", "视频"):
        assert part in text, part
    db, folder = stored
    store = Store(db)
    shas = [row[0] for row in store.db.execute("SELECT sha256 FROM evidence WHERE case_id = 1")]
    store.close()
    assert len(shas) == 10
    for sha in shas:
        assert sha in text
        files = list((folder / "evidence").rglob(sha))
        assert hashlib.sha256(files[0].read_bytes()).hexdigest() == sha


def test_the_cjk_font_is_embedded(zh_pdf: Path) -> None:
    with pymupdf.open(zh_pdf) as doc:
        fonts = doc[0].get_fonts(full=True)
    cjk = [f for f in fonts if "Noto" in f[3] or "CJK" in f[3] or "SC" in f[3]]
    assert cjk, fonts
    assert all(f[1] not in ("n/a", "") for f in cjk), cjk  # an embedded font file


def glyph_bitmaps(pdf: Path) -> dict[str, bytes]:
    """Each distinct CJK character of page 1, rendered alone at 150 dpi, as a 24×24 ink mask."""
    shapes: dict[str, bytes] = {}
    with pymupdf.open(pdf) as doc:
        page = doc[0]
        for block in page.get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    for char in span["chars"]:
                        c = char["c"]
                        if c in shapes or not unicodedata.name(c, "").startswith("CJK UNIFIED"):
                            continue
                        clip = pymupdf.Rect(char["bbox"])
                        pix = page.get_pixmap(dpi=150, clip=clip, colorspace=pymupdf.csGRAY)
                        img = Image.frombytes("L", (pix.width, pix.height), pix.samples)
                        small = img.resize((24, 24)).point(lambda v: 255 if v < 160 else 0)
                        shapes[c] = small.tobytes()
    return shapes


def test_chinese_characters_are_real_glyphs_not_boxes(zh_pdf: Path) -> None:
    shapes = glyph_bitmaps(zh_pdf)
    assert len(shapes) >= 40  # page 1 has plenty of distinct characters
    for c, mask in shapes.items():
        ink = sum(1 for v in mask if v) / len(mask)
        assert 0.03 < ink < 0.7, (c, ink)  # neither blank nor a filled block
    # Missing glyphs all draw the same box (tofu); real glyphs differ from one another.
    distinct = len(set(shapes.values()))
    assert distinct >= 0.9 * len(shapes), (distinct, len(shapes))


def test_english_dossier(stored: tuple[Path, Path]) -> None:
    text = all_text(export(stored, "en"))
    for part in ("Case dossier", "Summary", "Timeline", "Evidence (10 items)", SHOP, "VIDEO"):
        assert part in text, part


def test_unknown_case(stored: tuple[Path, Path], tmp_path: Path) -> None:
    store = Store(stored[0])
    try:
        with pytest.raises(DossierError):
            export_case(store, 99, stored[1], tmp_path / "x.pdf")
    finally:
        store.close()
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_file_is_said_not_hidden(tmp_path: Path) -> None:
    make_case(tmp_path / "w.db", tmp_path, n_evidence=2)
    for file in (tmp_path / "evidence").rglob("*"):
        if file.is_file():
            file.unlink()
    store = Store(tmp_path / "w.db")
    try:
        pdf = export_case(store, 1, tmp_path, tmp_path / "case.pdf")
    finally:
        store.close()
    assert all_text(pdf).count("文件缺失") >= 2
