"""A stored case with real evidence files (Pillow images, a PDF, a video) for dossier tests."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw

from bot.store.sqlite import Store

SHOP = "某某官方旗舰店"
DESCRIPTION = "收到的耳机防伪码查不到，做工和官网图片明显不同，客服拒绝提供授权书。"
COLOURS = ["#c0392b", "#2980b9", "#27ae60", "#8e44ad", "#f39c12", "#16a085", "#2c3e50",
           "#d35400"]


def _image(i: int) -> bytes:
    img = Image.new("RGB", (640 + 40 * i, 480), COLOURS[i % len(COLOURS)])
    draw = ImageDraw.Draw(img)
    draw.ellipse((60 + 10 * i, 60, 360, 360), fill="white")
    draw.rectangle((400, 100 + 10 * i, 600, 300), outline="black", width=8)
    import io

    buf = io.BytesIO()
    img.save(buf, format="JPEG" if i % 2 else "PNG")
    return buf.getvalue()


def _pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Invoice 2026-07-01")
    return bytes(pdf.output())


def make_case(db: Path, data_dir: Path, n_evidence: int = 10) -> int:
    store = Store(db)
    now = "2026-07-10T10:00:00+08:00"
    fields = {"platform": "tmall", "shop": SHOP, "order_no": "3141592653589793",
              "item": "无线蓝牙耳机 X1", "amount": "399.00", "paid_on": "2026-07-01",
              "received_on": "2026-07-03", "success_on": "2026-07-05",
              "description": DESCRIPTION, "demand": "triple"}
    db_ = store.db
    db_.execute("INSERT INTO users (id, chat_id, lang, created_at, updated_at) "
                "VALUES (7, 7, 'zh', ?, ?)", [now, now])
    db_.execute("INSERT INTO cases (id, user_id, category, status, fields, created_at, updated_at)"
                " VALUES (1, 7, 'counterfeit', 'complaint', ?, ?, ?)",
                [json.dumps(fields, ensure_ascii=False), now, now])
    for kind, at in (("paid", "2026-07-01T09:00:00+08:00"), ("received", "2026-07-03T18:00:00+08:00"),
                     ("complaint_filed", "2026-07-08T09:00:00+08:00")):
        db_.execute("INSERT INTO case_events (case_id, kind, at, recorded_at) VALUES (1, ?, ?, ?)",
                    [kind, at, now])
    for i in range(n_evidence):
        if i == 8:
            data, mime, kind, name = _pdf(), "application/pdf", "document", "发票.pdf"
        elif i == 9:
            data, mime, kind, name = b"\x00\x00\x00\x18ftypmp42" + bytes(2000), "video/mp4", \
                "video", "开箱视频.mp4"
        else:
            data = _image(i)
            mime, kind, name = ("image/jpeg" if i % 2 else "image/png"), "photo", None
        sha = hashlib.sha256(data).hexdigest()
        path = data_dir / "evidence" / sha[:2] / sha
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        db_.execute("INSERT INTO evidence (user_id, case_id, sha256, kind, label, caption, size, "
                    "mime, file_name, received_at, captured_at) VALUES (7, 1, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?)", [sha, kind, f"证据照片 {i + 1}" if name is None else None,
                              name or "", len(data), mime, name,
                              f"2026-07-0{6 + i // 4}T1{i % 10}:00:00+08:00",
                              "2026-07-05T08:00:00+08:00" if i < 3 else None])
    store.close()
    return 1
