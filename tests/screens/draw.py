"""A phone screen to draw on: light or dark palette, sizes in points of a 1080-px-wide screen,
and the box of every value drawn, so the truth of a screenshot comes from how it was made."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

Box = tuple[int, int, int, int]

LIGHT = {"page": (242, 242, 242), "card": (255, 255, 255), "text": (17, 17, 17),
         "grey": (128, 128, 128), "accent": (255, 80, 0), "line": (230, 230, 230),
         "mine": (255, 226, 199), "theirs": (255, 255, 255), "thumb": (214, 200, 186)}
DARK = {"page": (0, 0, 0), "card": (28, 28, 30), "text": (235, 235, 235),
        "grey": (142, 142, 147), "accent": (255, 102, 34), "line": (44, 44, 46),
        "mine": (120, 60, 20), "theirs": (44, 44, 46), "thumb": (70, 64, 58)}


def font_path() -> Path:
    """The CJK font the dossier embeds (WEIQUAN_FONT, else the packaged Noto Sans SC)."""
    from bot.dossier.font import cjk_font_path

    return cjk_font_path()


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path()), size)


@dataclass
class Screen:
    """A rendered screenshot with what is truly on it."""

    name: str
    image: Image.Image
    truth: dict[str, Any]
    boxes: dict[str, Box] = field(default_factory=dict)


class Canvas:
    def __init__(self, rng: random.Random, width: int, dark: bool, height: int) -> None:
        self.rng, self.w, self.dark = rng, width, dark
        self.k = width / 1080
        self.c = DARK if dark else LIGHT
        self.image = Image.new("RGB", (width, height), self.c["page"])
        self.d = ImageDraw.Draw(self.image)
        self.y = 0
        self.boxes: dict[str, Box] = {}
        self.values: dict[str, Any] = {}

    def px(self, points: float) -> int:
        return round(points * self.k)

    def text(self, x: float, y: float, text: str, size: float, color: str = "text",
             bold: bool = False, anchor: str = "la", fill: tuple[int, int, int] | None = None,
             name: str | None = None, value: Any = None) -> Box:
        """Draw `text` at (x, y) points; with `name`, remember its box as where `value` is."""
        f = font(self.px(size))
        xy = (self.px(x), self.px(y))
        stroke = 1 if bold and size >= 36 else 0
        box = self.d.textbbox(xy, text, font=f, anchor=anchor, stroke_width=stroke)
        self.d.text(xy, text, font=f, anchor=anchor, fill=fill or self.c[color],
                    stroke_width=stroke, stroke_fill=fill or self.c[color])
        if name is not None:
            self.mark(name, box, text if value is None else value)
        return box

    def mark(self, name: str, box: Box, value: Any) -> None:
        old = self.boxes.get(name)
        if old is not None:
            box = (min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]),
                   max(old[3], box[3]))
        self.boxes[name] = box
        self.values[name] = value

    def rect(self, x0: float, y0: float, x1: float, y1: float, color: str,
             radius: float = 24) -> None:
        self.d.rounded_rectangle((self.px(x0), self.px(y0), self.px(x1), self.px(y1)),
                                 radius=self.px(radius), fill=self.c[color])

    def card(self, height: float, gap: float = 24) -> float:
        """A rounded white (or dark) card under the last one; returns its top in points."""
        top = self.y + gap
        self.rect(24, top, 1056, top + height, "card")
        self.y = top + height
        return top

    def status_bar(self) -> None:
        self.text(60, 30, f"{self.rng.randint(7, 23)}:{self.rng.randint(0, 59):02d}", 38,
                  bold=True)
        self.text(1020, 32, f"{self.rng.randint(12, 100)}%", 32, anchor="ra")
        for i in range(4):  # signal bars
            h = 10 + 6 * i
            self.rect(820 + 14 * i, 62 - h, 830 + 14 * i, 62, "text", radius=2)
        self.y = 96

    def nav(self, title: str, right: str = "···", name: str | None = None) -> None:
        top = self.y
        self.text(50, top + 30, "<", 56, color="text")
        self.text(540, top + 36, title, 50, bold=True, anchor="ma", name=name)
        self.text(1030, top + 36, right, 44, anchor="ra")
        self.y = top + 130

    def crop_to_content(self, bottom: float) -> None:
        self.image = self.image.crop((0, 0, self.w, min(self.image.height, self.px(bottom))))

    def screen(self, name: str, truth: dict[str, Any]) -> Screen:
        return Screen(name, self.image, {**truth, "fields": dict(self.values)}, dict(self.boxes))
