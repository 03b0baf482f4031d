"""Reading a screenshot's text on the CPU, offline: RapidOCR (PP-OCRv4 det + rec models, carried
inside the rapidocr-onnxruntime wheel) through onnxruntime, one thread per call.

CPU work: call it from a worker thread or process, never on the event loop. The engine is
built once per process (about 0.3 s) and reused. What the lines mean is knowledge/ocr_read.py's.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from knowledge.ocr_lines import Line
from knowledge.ocr_page import FLAT_SCREEN
from knowledge.ocr_read import Reading, read_screen, unreadable
from knowledge.ocr_words import OcrWords

log = logging.getLogger(__name__)
MAX_SIDE = 1280  # what Telegram keeps of a photo; a larger file is scaled down first
MAX_PIXELS = 60_000_000  # larger than any phone screenshot: not decoded at all
BLANK = 0.995  # flat tiles: a screen with text has edges (measured 0.67-0.95); this has none
_lock = threading.Lock()
_engine: Any = None


class OcrMissing(RuntimeError):
    """The OCR package is not installed (a Python it has no wheel for)."""


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def engine() -> Any:
    global _engine
    with _lock:
        if _engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:
                raise OcrMissing("rapidocr-onnxruntime is not installed") from exc
            # Screenshots are upright: no angle classifier. Detection at the image's own size
            # (at most 1280 px), not blown up to 736 px on the short side.
            _engine = RapidOCR(use_cls=False, max_side_len=MAX_SIDE, det_limit_type="max",
                               det_limit_side_len=MAX_SIDE, intra_op_num_threads=1,
                               inter_op_num_threads=1)
        return _engine


def load(path: Path) -> Image.Image | None:
    """The image upright, RGB, at most MAX_SIDE on its long side; None if not an image."""
    try:
        with Image.open(path) as im:
            if im.width * im.height > MAX_PIXELS:
                return None
            im.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced scale
            image = ImageOps.exif_transpose(im).convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return image


def lines(image: Image.Image) -> list[Line]:
    import numpy as np

    bgr = np.asarray(image)[:, :, ::-1]
    result, _ = engine()(np.ascontiguousarray(bgr))
    out = []
    for points, text, score in result or []:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        out.append(Line(str(text), (min(xs), min(ys), max(xs), max(ys)), float(score)))
    return out


def flatness(image: Image.Image) -> float:
    """The share of 8x8 tiles of one even colour (grey levels within 1): a screen is mostly
    flat backgrounds, even blurred and after JPEG (measured: 0.67 and up); a camera photo has
    sensor grain everywhere (0.05 and below)."""
    import numpy as np

    grey = np.asarray(image.convert("L"), dtype=np.float32)
    h, w = (grey.shape[0] // 8) * 8, (grey.shape[1] // 8) * 8
    if h == 0 or w == 0:
        return 0.0
    tiles = grey[:h, :w].reshape(h // 8, 8, w // 8, 8).std(axis=(1, 3))
    return float((tiles < 1.0).mean())


def read(path: Path, today: date, words: OcrWords) -> Reading:
    """What the screenshot at `path` says (see knowledge/ocr_read.py). A camera photo is told
    apart before any text recognition, so product photos cost little."""
    image = load(path)
    if image is None:
        return unreadable("not_image")
    flat = flatness(image)
    if flat < FLAT_SCREEN or flat > BLANK:  # a camera photo, or one even colour: no text
        return read_screen(words, [], image.size, flat, today)
    return read_screen(words, lines(image), image.size, flat, today)


def report(path: Path, today: date, words: OcrWords) -> dict[str, Any] | None:
    """The reading as the evidence report carries it to the engine (no raw text lines); None
    when the OCR package is missing or the engine failed: the image is then kept unread."""
    if not available():
        return None
    try:
        out = read(path, today, words).to_json()
    except Exception:  # a broken image or engine must never lose the evidence report
        log.exception("reading %s failed", path.name)
        return None
    out.pop("text", None)
    return out
