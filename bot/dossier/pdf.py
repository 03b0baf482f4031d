"""The case dossier: one PDF with the summary, the timeline, the texts for the current step and
every evidence item (thumbnail, time, sha256), for the shopper to hand to 12315 or a court.

Chinese is set in an embedded CJK font (font.py); pages are A4 (fpdf2).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from PIL import Image, ImageOps

from bot.dossier.data import case_evidence, current_channels, held_case
from bot.dossier.font import FontMissing, cjk_font_path
from bot.dossier.lines import break_lines
from bot.dossier.picture import picture_png
from bot.dossier.text import label, status_label, when
from bot.evidence.local import LocalStorage
from bot.evidence.storage import Corrupt, Missing, Storage
from bot.store.cases import show_case
from bot.store.contract import Store
from dialogs.texts import catalogue, t
from knowledge.deadlines import load_rules
from knowledge.letters import day_of, render_letter, timeline
from knowledge.letters_basis import meta
from knowledge.letters_said import said_lines
from knowledge.loader import load_kb

FONT = "cjk"
THUMB_MM = 38.0
THUMB_PX = 480
PICTURE_MAX_MM = 240.0


class DossierError(RuntimeError):
    """The case does not exist, or the PDF cannot be made."""


class Dossier(FPDF):
    def __init__(self, lang: str, case_id: int) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.lang = lang
        self.case_id = case_id
        self.wrap = WrapMode.CHAR if lang == "zh" else WrapMode.WORD
        self.set_auto_page_break(auto=True, margin=16)
        self.set_margins(16, 16, 16)
        try:
            self.add_font(FONT, "", str(cjk_font_path()))
        except FontMissing as exc:
            raise DossierError(str(exc)) from exc
        self.set_title(label("title", lang, id=case_id))
        self.set_creator("weiquan")

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, size=8)
        self.set_text_color(110)
        self.cell(0, 5, label("footer", self.lang, id=self.case_id, page=self.page_no()),
                  align="C")
        self.set_text_color(0)

    def heading(self, text: str) -> None:
        if self.get_y() > self.h - 40:
            self.add_page()
        self.ln(3)
        self.set_font(FONT, size=13)
        self.cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(180)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)

    def flowed(self, text: str) -> str:
        """Chinese text broken into lines by kinsoku rules for the width left of the cursor, in
        the current font; English is left to fpdf2's word wrapping."""
        if self.lang != "zh":
            return text
        width = self.w - self.r_margin - self.get_x() - 2 * self.c_margin - 0.05
        return break_lines(text, self.get_string_width, width)

    def para(self, text: str, size: float = 10, height: float = 5.5) -> None:
        self.set_font(FONT, size=size)
        self.multi_cell(0, height, self.flowed(text), align="L", wrapmode=self.wrap,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def pairs(self, rows: list[tuple[str, str]]) -> None:
        for key, value in rows:
            self.set_font(FONT, size=10)
            self.cell(32, 6, key)
            self.multi_cell(0, 6, self.flowed(value), align="L", wrapmode=self.wrap,
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _thumbnail(path: Path) -> io.BytesIO | None:
    """A small JPEG of an image file, turned upright; None if it is not an image we can read."""
    try:
        with Image.open(path) as img:
            img = ImageOps.exif_transpose(img)
            img.thumbnail((THUMB_PX, THUMB_PX))
            buf = io.BytesIO()
            img.convert("RGB").save(buf, format="JPEG", quality=80)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    buf.seek(0)
    return buf


def _icon(pdf: Dossier, x: float, y: float, text: str) -> None:
    pdf.set_draw_color(120)
    pdf.set_fill_color(236)
    pdf.rect(x, y, THUMB_MM, THUMB_MM * 0.6, style="DF")
    pdf.set_font(FONT, size=12)
    pdf.set_xy(x, y + THUMB_MM * 0.3 - 3)
    pdf.cell(THUMB_MM, 6, text, align="C")


def _kind_word(row: dict[str, Any], lang: str) -> str:
    mime = str(row.get("mime") or "")
    if mime == "application/pdf":
        return "PDF"
    if mime.startswith("video/"):
        return label("video", lang)
    if mime.startswith("audio/"):
        return label("audio", lang)
    return label("file", lang)


def _stored(files: Storage, sha256: str, image: bool) -> tuple[str, io.BytesIO | None]:
    """("ok" | "missing" | "damaged", the thumbnail of an image file that is ok)."""
    try:
        with files.local_file(sha256) as path:  # its bytes checked against the hash
            return "ok", (_thumbnail(path) if image else None)
    except Missing:
        return "missing", None
    except Corrupt:
        return "damaged", None


def _evidence_item(pdf: Dossier, n: int, row: dict[str, Any], files: Storage) -> None:
    lang = pdf.lang
    if pdf.get_y() > pdf.h - 16 - THUMB_MM - 4:
        pdf.add_page()
    top, x = pdf.get_y(), pdf.l_margin
    state, thumb = _stored(files, str(row["sha256"]), str(row.get("mime", "")).startswith("image/"))
    box_h = THUMB_MM * 0.6
    if thumb is not None:
        info = pdf.image(thumb, x=x, y=top, w=THUMB_MM)
        box_h = float(info.rendered_height)
    else:
        _icon(pdf, x, top, _kind_word(row, lang) if state == "ok" else label(state, lang))
    label_key = f"label.{row.get('label')}"
    name = t(lang, label_key) if label_key in catalogue(lang) else \
        row.get("label") or row.get("caption") or row.get("file_name") or row.get("kind")
    lines = [f"{n}. {name}", label("received", lang, at=when(row.get("received_at")))]
    if row.get("captured_at"):
        lines.append(label("captured", lang, at=when(row["captured_at"])))
    lines.append(f"{row.get('mime') or '-'} · {int(row.get('size') or 0):,} B")
    lines.append(f"sha256: {row['sha256']}")
    if state != "ok":
        lines.append(label(state, lang))
    pdf.set_xy(x + THUMB_MM + 5, top)
    for i, line in enumerate(lines):
        pdf.set_font(FONT, size=11 if i == 0 else (7.5 if line.startswith("sha256") else 9))
        pdf.set_x(x + THUMB_MM + 5)
        pdf.multi_cell(0, 5, pdf.flowed(line), align="L", wrapmode=WrapMode.CHAR,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(pdf.get_y(), top + box_h) + 4)


def _picture(pdf: Dossier, png: bytes) -> None:
    """The case's timeline picture (the one /status sends), as wide as the text, on the rest of
    the page when it fits, else on a page of its own."""
    with Image.open(io.BytesIO(png)) as img:
        ratio = img.height / img.width
    width = pdf.w - pdf.l_margin - pdf.r_margin
    height = min(width * ratio, PICTURE_MAX_MM)
    if pdf.get_y() + 4 + height > pdf.h - 16:
        pdf.add_page()
    pdf.ln(4)
    pdf.image(io.BytesIO(png), x=pdf.l_margin + (width - height / ratio) / 2, y=pdf.get_y(),
              h=height)
    pdf.set_y(pdf.get_y() + height + 2)


def build(case: dict[str, Any], evidence: list[dict[str, Any]], files: Storage,
          lang: str, picture: bytes | None = None) -> Dossier:
    kb = load_kb()
    fields = case.get("fields") or {}
    pdf = Dossier(lang, int(case["id"]))
    pdf.add_page()
    pdf.set_font(FONT, size=18)
    pdf.cell(0, 12, label("title", lang, id=case["id"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.para(label("intro", lang), size=9, height=5)
    pdf.heading(label("summary", lang))
    try:
        category = kb.category(case.get("category") or "").name.get(lang)
    except KeyError:
        category = case.get("category") or "-"
    rows = [(label("category", lang), category),
            (label("status", lang), status_label(str(case["status"]), lang))]
    words = {"platform": meta()["platforms"], "demand": meta()["demands"]}
    for key in ("platform", "shop", "order_no", "item", "amount", "amount_lost", "demand"):
        value = fields.get(key)
        if value:
            rows.append((label(key, lang), words.get(key, {}).get(value, {}).get(lang, str(value))))
    rows.append((label("evidence_count", lang), str(len(evidence))))
    pdf.pairs(rows)
    if fields.get("description"):
        pdf.para(label("labelled", lang, label=label("description", lang),
                       text=fields["description"]))
    pdf.heading(label("timeline", lang))
    steps = timeline(case, lang) + [(day_of(e.get("received_at") or "-"),
                                     label("evidence_added", lang, name=e.get("label") or
                                           e.get("caption") or e.get("kind")))
                                    for e in evidence]
    for day, what in sorted(steps, key=lambda s: s[0]) or [("-", label("no_events", lang))]:
        pdf.pairs([(day, what)])
    for deadline in case.get("deadlines") or []:
        pdf.pairs([(when(deadline["deadline"]), deadline_text(deadline, lang))])
    said = said_lines(case, lang, limit=20)
    if said:
        pdf.para(label("said", lang), size=9.5, height=5)
        for line in said:
            pdf.para(f"• {line}", size=9.5, height=5)
    if picture is not None:
        _picture(pdf, picture)
    for channel in current_channels(case, kb):
        letter = render_letter(case, channel, lang, kb, evidence=evidence)
        pdf.heading(label("letter", lang, channel=kb.channel(channel).name.get(lang)))
        pdf.para(letter.text, size=9.5, height=5)
    pdf.heading(label("evidence", lang, n=len(evidence)))
    if not evidence:
        pdf.para(label("no_evidence", lang))
    for n, row in enumerate(evidence, 1):
        _evidence_item(pdf, n, row, files)
    return pdf


def deadline_text(deadline: dict[str, Any], lang: str) -> str:
    """What the date means (opens, closes, the other side's), with the rule's doubt if any."""
    rule = load_rules().get(deadline["rule"])
    if rule is None:
        return label("deadline", lang, rule=deadline["rule"])
    pick = (lambda text: text.zh) if lang == "zh" else (lambda text: text.en)
    text = label(f"deadline.{rule.result}", lang, rule=pick(rule.name), action=pick(rule.action))
    return text + (label("deadline.doubt", lang, doubt=pick(rule.doubt)) if rule.doubt else "")


def export_case(store: Store, case_id: int, files: Storage | Path, out: Path,
                lang: str = "zh", now: datetime | None = None, tz: str = "Asia/Shanghai") -> Path:
    """Write the dossier of case `case_id` to `out` and return its path. `files`: the evidence
    storage, or a data folder. `now`: the moment the timeline picture shows as today (the time
    of the export when not given)."""
    case = show_case(store, case_id, tz, kb=load_kb())
    if case is None:
        raise DossierError(f"no case {case_id}")
    picture = None
    held = held_case(store, case)
    if held is not None and not held.is_draft and held.status != "abandoned":
        picture = picture_png(held, lang, now or datetime.now(UTC), tz)
    storage = LocalStorage(files) if isinstance(files, Path | str) else files
    pdf = build(case, case_evidence(store, case_id), storage, lang, picture)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    pdf.output(str(tmp))
    tmp.replace(out)
    return out
