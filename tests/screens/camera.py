"""What happens to a screenshot on its way to the bot: the shopper crops it, Telegram scales it
to 1280 px on the long side and recompresses it as JPEG (quality about 80), a forward does it
again; some arrive blurred or as a file untouched. Truth follows: a value cut off is not there."""

from __future__ import annotations

import io
import random
from typing import Any

from PIL import Image, ImageFilter

from tests.screens.draw import Box, Screen

TELEGRAM_SIDE = 1280


def crop(screen: Screen, rng: random.Random) -> Screen:
    """Keep the top or the bottom part (55-85% of the height), as a shopper crops."""
    w, h = screen.image.size
    keep = round(h * rng.uniform(0.55, 0.85))
    top = 0 if rng.random() < 0.5 else h - keep
    area = (0, top, w, top + keep)
    image = screen.image.crop(area)
    boxes = {k: _shift(b, top) for k, b in screen.boxes.items() if _inside(b, area)}
    # a value cut through by the crop may or may not be read: neither required nor wrong
    cut = sorted(k for k, b in screen.boxes.items() if k not in boxes and _overlaps(b, area))
    truth = {**screen.truth, "partial": cut,
             "fields": {k: v for k, v in screen.truth["fields"].items() if k in boxes}}
    if "statements" in truth:
        truth["statements"] = [
            {**s, "date": s["date"] if _inside(s["date_box"], area) else None,
             "box": _shift(s["box"], top), "date_box": _shift(s["date_box"], top)}
            for s in truth["statements"] if _inside(s["box"], area)]
    return Screen(screen.name + "-cropped", image, truth, boxes)


def blur(image: Image.Image, rng: random.Random) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))


def rescale(image: Image.Image, rng: random.Random) -> Image.Image:
    """A screenshot shared from a smaller screen, or zoomed a little."""
    factor = rng.uniform(0.8, 1.15)
    return image.resize((round(image.width * factor), round(image.height * factor)),
                        Image.Resampling.BICUBIC)


def telegram(image: Image.Image, rng: random.Random, times: int = 1) -> bytes:
    """As Telegram stores a photo: at most 1280 px on the long side, JPEG quality ~80."""
    data = b""
    for _ in range(times):
        side = max(image.size)
        if side > TELEGRAM_SIDE:
            k = TELEGRAM_SIDE / side
            image = image.resize((round(image.width * k), round(image.height * k)),
                                 Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=rng.randint(75, 85))
        data = out.getvalue()
        image = Image.open(io.BytesIO(data))
    return data


def as_file(image: Image.Image) -> bytes:
    """Sent as a document: the phone's PNG, untouched."""
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=1)
    return out.getvalue()


def unreadable(image: Image.Image, rng: random.Random) -> bytes:
    """A thumbnail blown up, or a photo of a screen out of focus: no text survives."""
    small = image.resize((max(40, image.width // 9), max(60, image.height // 9)))
    big = small.resize(image.size).filter(ImageFilter.GaussianBlur(rng.uniform(3, 6)))
    out = io.BytesIO()
    big.save(out, "JPEG", quality=30)
    return out.getvalue()


def _inside(box: Box, area: Box) -> bool:
    return box[0] >= area[0] and box[1] >= area[1] and box[2] <= area[2] and box[3] <= area[3]


def _overlaps(box: Box, area: Box) -> bool:
    return box[1] < area[3] and box[3] > area[1]


def _shift(box: Any, dy: int) -> Box:
    return (box[0], box[1] - dy, box[2], box[3] - dy)
