"""The advisers' collective dossier of one shop: a PDF of the cases counted in its tally, with
nothing that points at a complainant.

Kept per case: the kind of problem, the month, the platform, the item (digit runs masked), the
amount, the demand, where the case stands and its events with their dates; the order number
with all but its last four characters hidden. Left out: names, contacts, the shopper's own
words (description, notes), evidence files, user and case ids.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from bot.dossier.font import cjk_font_path
from bot.dossier.lines import break_lines
from dialogs.tally_notes import ShopReport
from dialogs.texts import t
from knowledge.letters_basis import meta
from knowledge.loader import load_kb
from knowledge.shops import mask, mask_order

FONT = "cjk"


def anonymised(row: dict[str, Any], lang: str) -> dict[str, Any]:
    """One counted case as the collective dossier shows it (see the module's docstring)."""
    kb = load_kb()
    fields = row.get("fields") or {}
    words = {"platform": meta()["platforms"], "demand": meta()["demands"]}
    kept: list[tuple[str, str]] = []
    for key in ("platform", "item", "amount", "demand", "order_no"):
        value = str(fields.get(key) or "").strip()
        if not value:
            continue
        if key in words:
            value = words[key].get(value, {}).get(lang, value)
        value = mask_order(value) if key == "order_no" else mask(value)
        kept.append((t(lang, f"field.{key}"), value))
    try:
        category = kb.category(row.get("category") or "other").name.get(lang)
    except KeyError:
        category = row.get("category") or "-"
    return {"category": category, "month": row.get("month") or "",
            "status": t(lang, f"status.label.{row.get('status') or 'negotiating'}"),
            "fields": kept,
            "events": [(str(e["at"])[:10], t(lang, f"event.{e['kind']}"))
                       for e in row.get("events") or []]}


class Collective(FPDF):
    def __init__(self, lang: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.lang = lang
        self.set_auto_page_break(auto=True, margin=16)
        self.set_margins(16, 16, 16)
        self.add_font(FONT, "", str(cjk_font_path()))
        self.set_creator("weiquan")

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, size=8)
        self.cell(0, 5, t(self.lang, "collective.footer", page=self.page_no()), align="C")

    def para(self, text: str, size: float = 10, height: float = 5.5) -> None:
        self.set_font(FONT, size=size)
        width = self.w - self.r_margin - self.get_x() - 2 * self.c_margin - 0.05
        flowed = break_lines(text, self.get_string_width, width) if self.lang == "zh" else text
        self.multi_cell(0, height, flowed, align="L",
                        wrapmode=WrapMode.CHAR if self.lang == "zh" else WrapMode.WORD,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str) -> None:
        self.ln(3)
        self.para(text, size=13, height=8)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)


def build(report: ShopReport, rows: list[dict[str, Any]], lang: str) -> Collective:
    pdf = Collective(lang)
    pdf.add_page()
    names = " / ".join(s.name for s in report.shops) or report.query
    pdf.para(t(lang, "collective.title", shop=names), size=17, height=10)
    pdf.para(t(lang, "collective.intro"), size=9, height=5)
    pdf.heading(t(lang, "collective.summary"))
    kb = load_kb()

    def category(slug: str) -> str:
        try:
            return str(kb.category(slug).name.get(lang))
        except KeyError:
            return slug

    sep = "、" if lang == "zh" else ", "
    median = t(lang, "desk.shop_median", days=report.median_days) \
        if report.median_days is not None else t(lang, "desk.shop_median_none")
    for key, value in (("total", str(report.total)), ("open", str(report.open)),
                       ("resolved", str(report.resolved)), ("median", median),
                       ("by_category", sep.join(f"{category(c)} {n}"
                                                for c, n in report.by_category)),
                       ("by_month", sep.join(f"{m} {n}" for m, n in report.by_month))):
        pdf.para(t(lang, "field.line", label=t(lang, f"collective.{key}"), value=value))
    pdf.heading(t(lang, "collective.cases", n=len(rows)))
    for n, row in enumerate(rows, 1):
        shown = anonymised(row, lang)
        pdf.para(t(lang, "collective.case", n=n, category=shown["category"],
                   month=shown["month"]), size=11, height=7)
        pairs = [(t(lang, "collective.status"), shown["status"]), *shown["fields"]]
        if shown["events"]:
            pairs.append((t(lang, "collective.events"),
                          sep.join(f"{day} {what}" for day, what in shown["events"])))
        for label, value in pairs:
            pdf.para(t(lang, "field.line", label=label, value=value), size=9.5)
        pdf.ln(2)
    return pdf


def export_collective(report: ShopReport, rows: list[dict[str, Any]], out: Path,
                      lang: str = "zh") -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    build(report, rows, lang).output(str(tmp))
    tmp.replace(out)
    return out
