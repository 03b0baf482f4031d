"""Draws a case's timeline picture (dialogs/picture.py) with Pillow: about 1080 px wide, a PNG
under 200 KB, legible on a phone.

Only places what the Picture holds: every string drawn is one of Picture.labels(), and `draw`
returns the strings in the order it drew them. CPU work: run it in the render pool
(bot/pdf_pool.py), never on the event loop.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.dossier.lines import break_paragraph
from dialogs.picture import Picture, WindowBar, layout
from dialogs.snapshot import Case

WIDTH, MARGIN = 1080, 48
LEFT, RIGHT = MARGIN + 8, WIDTH - MARGIN - 8  # the time axis
TITLE, BODY, SMALL = 46, 32, 27
INK, GREY, GRID, PAPER = (32, 33, 36), (95, 99, 104), (218, 220, 224), (255, 255, 255)
TODAY = (32, 33, 36)
HIGHLIGHT = (254, 247, 224)
COLOURS = {"buyer.closes": (217, 48, 37), "buyer.opens": (24, 128, 56),
           "seller.closes": (227, 116, 0), "platform.closes": (26, 115, 232)}
BAR_H, CAP_W, DOT_R = 28, 9, 20
MAX_HEIGHT = 6000


@cache
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


@dataclass
class Canvas:
    font_path: str
    img: Image.Image = field(init=False)
    pen: ImageDraw.ImageDraw = field(init=False)
    drawn: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.img = Image.new("RGB", (WIDTH, MAX_HEIGHT), PAPER)
        self.pen = ImageDraw.Draw(self.img)

    def font(self, size: int) -> ImageFont.FreeTypeFont:
        return _font(self.font_path, size)

    def width(self, text: str, size: int) -> float:
        return self.font(size).getlength(text)

    def text(self, xy: tuple[float, float], text: str, size: int,
             fill: tuple[int, int, int] = INK, bold: bool = False, anchor: str = "la") -> None:
        self.drawn.append(text)
        self.pen.text(xy, text, font=self.font(size), fill=fill, anchor=anchor,
                      stroke_width=1 if bold else 0, stroke_fill=fill)

    def wrap(self, text: str, size: int, width: float) -> list[str]:
        """Lines no wider than `width`, broken as the dossier breaks them (kinsoku rules, whole words)."""
        return [line for line in break_paragraph(text, lambda s: self.width(s, size), width)
                if line]

    def para(self, x: float, y: float, text: str, size: int, width: float,
             fill: tuple[int, int, int] = INK, bold: bool = False) -> float:
        """A wrapped paragraph, drawn line by line as pieces of `text`; the y below it."""
        lines = self.wrap(text, size, width)
        self.drawn.append(text)
        for line in lines:
            self.pen.text((x, y), line, font=self.font(size), fill=fill,
                          stroke_width=1 if bold else 0, stroke_fill=fill)
            y += size * 1.35
        return y


def picture_png(case: Case, lang: str, now: datetime, tz: str) -> bytes:
    """The case's timeline picture as of `now`, drawn with the dossier's CJK font."""
    from bot.dossier.font import cjk_font_path
    from knowledge.loader import load_kb

    png, _ = draw(layout(case, lang, now, tz, load_kb()), cjk_font_path())
    return png


def draw(picture: Picture, font_path: Path | str) -> tuple[bytes, list[str]]:
    """The PNG bytes of `picture` and the strings drawn, in order."""
    c = Canvas(str(font_path))
    y = float(MARGIN)
    y = c.para(MARGIN, y, picture.title, TITLE, WIDTH - 2 * MARGIN, bold=True)
    y = c.para(MARGIN, y + 2, picture.status, SMALL, WIDTH - 2 * MARGIN, fill=GREY) + 26
    y = _chart(c, picture, y)
    y = _event_list(c, picture, y + 18)
    y = _next_box(c, picture, y + 22)
    y = _legend(c, picture, y + 22)
    for note in picture.notes:
        y = c.para(MARGIN, y, note, SMALL, WIDTH - 2 * MARGIN, fill=GREY)
    img = c.img.crop((0, 0, WIDTH, int(y + MARGIN)))
    buf = io.BytesIO()
    img.quantize(colors=96).save(buf, format="PNG", optimize=True)
    return buf.getvalue(), c.drawn


def _x(picture: Picture, at: datetime) -> float:
    span = (picture.end - picture.start).total_seconds()
    return LEFT + (RIGHT - LEFT) * (at - picture.start).total_seconds() / span


def _chart(c: Canvas, p: Picture, top: float) -> float:
    """Today's label, the events' track, one row per window and the dates; the y below."""
    now_x = _x(p, p.now)
    label_w = c.width(p.now_label, SMALL) + 24
    lx = min(max(now_x - label_w / 2, MARGIN), WIDTH - MARGIN - label_w)
    c.pen.rounded_rectangle((lx, top, lx + label_w, top + SMALL + 14), radius=10, fill=TODAY)
    c.text((lx + 12, top + 6), p.now_label, SMALL, fill=PAPER)
    grid_top = y = top + SMALL + 24
    y = _event_track(c, p, y + 4)
    rows: list[tuple[float, WindowBar, str]] = []
    for w in p.windows:
        where = _end_place(c, p, w)
        rows.append((y, w, where))
        y += _label_h(c, w) + BAR_H + 34 + (SMALL + 10 if where == "below" else 0)
    if p.empty:
        y = c.para(LEFT, y + 6, p.empty, BODY, RIGHT - LEFT, fill=GREY) + 10
    for tick in p.ticks:  # the grid and today's line behind the rows
        tx = _x(p, tick.at)
        c.pen.line((tx, grid_top, tx, y), fill=GRID, width=2)
    _dashed(c, now_x, top + SMALL + 14, y)
    for row_y, w, where in rows:
        _window(c, p, w, row_y, where)
    c.pen.line((LEFT, y, RIGHT, y), fill=GREY, width=2)
    for tick in p.ticks:  # dates under the chart, where today's line does not cross them
        c.text((_x(p, tick.at), y + 8), tick.label, SMALL, fill=GREY, anchor="ma")
    return y + SMALL + 16


def _event_track(c: Canvas, p: Picture, y: float) -> float:
    """Numbered dots on a line; dots too close to their neighbour go one lane down."""
    c.pen.line((LEFT, y + DOT_R, RIGHT, y + DOT_R), fill=GREY, width=3)
    lanes: list[float] = []
    placed: list[tuple[float, int]] = []
    for e in p.events:
        x = _x(p, e.at)
        lane = next((i for i, last in enumerate(lanes) if x - last >= 2 * DOT_R + 4), len(lanes))
        lane = min(lane, 2)
        if lane == len(lanes):
            lanes.append(x)
        lanes[lane] = x
        placed.append((x, lane))
    for (x, lane), e in zip(placed, p.events, strict=True):
        cy = y + DOT_R + lane * (2 * DOT_R + 6)
        c.pen.ellipse((x - DOT_R, cy - DOT_R, x + DOT_R, cy + DOT_R), fill=INK, outline=PAPER,
                      width=2)
        c.text((x, cy), str(e.number), SMALL - 4, fill=PAPER, anchor="mm")
    return y + (max(len(lanes), 1)) * (2 * DOT_R + 6) + 18


def _label_h(c: Canvas, w: WindowBar) -> float:
    return len(c.wrap(w.label, BODY, RIGHT - LEFT)) * BODY * 1.35


def _ends(p: Picture, w: WindowBar) -> tuple[float, float]:
    x0 = _x(p, w.start)
    return x0, max(_x(p, w.end), x0 + 6)


def _end_place(c: Canvas, p: Picture, w: WindowBar) -> str:
    """Where the date goes: after the bar's end, before its start, or on a line below."""
    x0, x1 = _ends(p, w)
    text_w = c.width(w.end_label, SMALL)
    if w.edge != "opens" and x1 + 18 + text_w <= WIDTH - MARGIN:
        return "right"
    if x0 - 12 - text_w >= MARGIN:
        return "left"
    return "below"


def _window(c: Canvas, p: Picture, w: WindowBar, y: float, where: str) -> None:
    colour = COLOURS[f"{w.side}.{w.edge}"]
    if w.passed:
        colour = tuple(int(v + (255 - v) * 0.55) for v in colour)  # type: ignore[assignment]
    label_h = _label_h(c, w)
    extra = SMALL + 10 if where == "below" else 0
    back = HIGHLIGHT if w.next else PAPER
    if w.next:
        c.pen.rounded_rectangle((MARGIN - 10, y - 8, WIDTH - MARGIN + 10,
                                 y + label_h + BAR_H + 22 + extra), radius=14, fill=HIGHLIGHT,
                                outline=COLOURS["buyer.closes"], width=4)
    for i, line in enumerate(c.wrap(w.label, BODY, RIGHT - LEFT)):  # over the grid, not under
        box = c.pen.textbbox((LEFT, y + i * BODY * 1.35), line, font=c.font(BODY))
        c.pen.rectangle((box[0] - 4, box[1] - 4, box[2] + 4, box[3] + 4), fill=back)
    c.para(LEFT, y, w.label, BODY, RIGHT - LEFT, bold=w.next)
    top = y + label_h + 4
    x0, x1 = _ends(p, w)
    if w.edge == "opens":  # the wait, then open from then on: outline, a flag, an arrow
        c.pen.rectangle((x0, top + 6, x1, top + BAR_H - 6), outline=colour, width=3)
        c.pen.rectangle((x1, top + BAR_H / 2 - 4, RIGHT, top + BAR_H / 2 + 4), fill=colour)
        c.pen.polygon([(x1, top - 8), (x1 + 26, top + 4), (x1, top + 16)], fill=colour)
        c.pen.line((x1, top - 8, x1, top + BAR_H + 8), fill=colour, width=4)
    else:  # runs until it closes: a solid bar ending in a wall
        c.pen.rectangle((x0, top, x1, top + BAR_H), fill=colour)
        c.pen.rectangle((x1 - CAP_W / 2, top - 10, x1 + CAP_W / 2, top + BAR_H + 10), fill=INK)
    text_w = c.width(w.end_label, SMALL)
    ty = top + BAR_H / 2
    if where == "right":
        c.text((x1 + 18, ty), w.end_label, SMALL, fill=INK, anchor="lm")
    elif where == "left":
        c.text((x0 - 12, ty), w.end_label, SMALL, fill=INK, anchor="rm")
    else:
        c.text((min(max(x1 - text_w, MARGIN), WIDTH - MARGIN - text_w), top + BAR_H + 14),
               w.end_label, SMALL, fill=INK)


def _dashed(c: Canvas, x: float, y0: float, y1: float) -> None:
    y = y0
    while y < y1:
        c.pen.line((x, y, x, min(y + 14, y1)), fill=TODAY, width=4)
        y += 24


def _event_list(c: Canvas, p: Picture, y: float) -> float:
    for e in p.events:
        r, cy = DOT_R - 4, y + BODY * 0.68
        c.pen.ellipse((MARGIN, cy - r, MARGIN + 2 * r, cy + r), fill=INK)
        c.text((MARGIN + r, cy), str(e.number), SMALL - 8, fill=PAPER, anchor="mm")
        y = c.para(MARGIN + 2 * DOT_R + 4, y, f"{e.when} {e.label}", BODY,
                   WIDTH - 2 * MARGIN - 2 * DOT_R - 4) + 4
    return y


def _next_box(c: Canvas, p: Picture, y: float) -> float:
    inner = WIDTH - 2 * MARGIN - 48
    height = (TITLE - 6) * 1.4 + sum(len(c.wrap(line, BODY, inner)) * BODY * 1.35
                                      for line in p.next_step) + 36
    c.pen.rounded_rectangle((MARGIN, y, WIDTH - MARGIN, y + height), radius=18,
                            fill=HIGHLIGHT, outline=COLOURS["buyer.closes"], width=4)
    c.text((MARGIN + 24, y + 16), p.next_title, TITLE - 6, bold=True)
    ty = y + 16 + (TITLE - 6) * 1.4
    for line in p.next_step:
        ty = c.para(MARGIN + 24, ty, line, BODY, inner)
    return y + height


def _legend(c: Canvas, p: Picture, y: float) -> float:
    x = float(MARGIN)
    for style, words in p.legend:
        need = 44 + c.width(words, SMALL) + 28
        if x + need > WIDTH - MARGIN and x > MARGIN:
            x, y = float(MARGIN), y + SMALL + 18
        c.pen.rectangle((x, y + 6, x + 32, y + SMALL), fill=COLOURS[style])
        c.text((x + 44, y), words, SMALL, fill=INK)
        x += need
    return y + SMALL + 22
