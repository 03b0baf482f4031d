"""The case as a picture in the chat: /status and the card's button send the timeline picture
after the text (drawn by the jobs' worker), in the shopper's language; the dossier has it too."""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
from PIL import Image

from tests.chat import Chat
from tests.scenario_form import fill


def filed(tmp_path: Path, lang: str = "zh-hans") -> Chat:
    chat = Chat(tmp_path / "t.db", lang=lang)
    fill(chat, "质量问题" if lang.startswith("zh") else "Quality", {"platform": "天猫" if
                                                              lang.startswith("zh") else "Tmall"},
         lang="zh" if lang.startswith("zh") else "en")
    return chat


def assert_phone_picture(data: bytes) -> None:
    img = Image.open(io.BytesIO(data))
    assert img.format == "PNG" and img.width == 1080 and 600 < img.height < 3000
    assert len(data) < 200_000


def test_status_sends_the_text_then_the_picture(tmp_path: Path) -> None:
    chat = filed(tmp_path)
    before = len(chat.photos)
    replies = chat.send("/status")
    assert replies and "📋 案件 #1" in replies[0]
    photos = chat.photos[before:]
    assert len(photos) == 1
    photo, data = photos[0]
    assert "案件 #1 的时间线图" in photo.caption
    assert_phone_picture(data)
    refs = [s.ref for s in chat.transport.sent]
    card = next(s.ref for s in chat.transport.sent if getattr(s.action, "text", "")
                .startswith("📋 案件 #1"))
    assert refs.index(card) < refs.index(next(s.ref for s in chat.transport.sent
                                              if s.action is photo))  # text first
    chat.close()


def test_the_case_cards_button_sends_the_picture(tmp_path: Path) -> None:
    chat = filed(tmp_path)
    chat.send("/status")
    before = len(chat.photos)
    said = chat.click("🖼 时间线图")
    assert said == ["时间线图正在生成，稍后发给你。"]
    assert len(chat.photos) == before + 1
    assert_phone_picture(chat.photos[-1][1])
    chat.close()


def test_the_picture_speaks_english_to_an_english_shopper(tmp_path: Path) -> None:
    chat = filed(tmp_path, lang="en")
    chat.send("/status")
    photo, data = chat.photos[-1]
    assert photo.caption.startswith("Case #1 as a timeline")
    assert_phone_picture(data)
    chat.close()


def test_a_draft_has_no_picture_and_nothing_goes_wrong(tmp_path: Path) -> None:
    chat = Chat(tmp_path / "t.db")
    chat.send("投诉")
    chat.click("质量问题")
    chat.send("/status")
    assert chat.photos == []
    said = chat.send("/picture")
    assert chat.photos == [] and "草稿" in said[0]  # the card says it is a draft
    chat.close()


def test_the_dossier_pdf_carries_the_picture(tmp_path: Path) -> None:
    chat = filed(tmp_path)
    chat.send("/export")
    pdfs = chat.files_sent(chat.user_id)
    assert pdfs, chat.texts[-3:]
    with pymupdf.open(stream=pdfs[-1][1], filetype="pdf") as doc:
        widths = [img[2] for page in doc for img in page.get_images(full=True)]
    assert 1080 in widths  # the timeline picture, as drawn for /status
    chat.close()
