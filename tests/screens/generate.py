"""The screenshot test set: one seed, one image and its truth, the same on every machine.

Seeds in DEV are for looking at and tuning; seeds in FROZEN are only measured (`make bench`,
tests/test_ocr_floors.py) and never tuned on. Nothing here is committed as images: the set is
rendered into a temporary folder when a test or the bench needs it.

    python -m tests.screens.generate OUT_DIR [--seeds 1000-1119]
writes OUT_DIR/<seed>-<name>.jpg (or .png) and OUT_DIR/truth.json.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tests.screens import camera
from tests.screens.draw import Screen
from tests.screens.orders import order_page
from tests.screens.others import other_platform, other_screen, photo
from tests.screens.talk import chat_page, refund_page

DEV = range(0, 400)
FROZEN = range(1000, 1120)
WIDTHS = (720, 1080, 1080, 1080, 1170, 1242)
KINDS = (("order", 40), ("refund", 14), ("chat", 20), ("jd", 5), ("pdd", 5), ("other", 4),
         ("photo", 6), ("unreadable", 6))


@dataclass
class Sample:
    seed: int
    name: str
    data: bytes  # the file as the bot receives it
    suffix: str
    truth: dict[str, Any]


def sample(seed: int) -> Sample:
    rng = random.Random(seed)
    kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    width, dark, bar = rng.choice(WIDTHS), rng.random() < 0.3, rng.random() < 0.7
    tmall = rng.random() < 0.5
    if kind == "photo":
        shot = photo(rng, rng.choice((960, 1280)))
        return _done(seed, shot, camera.telegram(shot.image, rng), ".jpg")
    shot = _render(rng, kind, width, dark, tmall, bar)
    if kind == "unreadable":
        shot.truth = {"platform": None, "kind": "unreadable", "today": shot.truth["today"],
                      "fields": {}}
        return _done(seed, shot, camera.unreadable(shot.image, rng), ".jpg", "unreadable")
    if kind in ("order", "refund", "chat") and rng.random() < 0.18:
        shot = camera.crop(shot, rng)
    image = shot.image
    if rng.random() < 0.3:
        image = camera.rescale(image, rng)
    if rng.random() < 0.4:
        image = camera.blur(image, rng)
    if rng.random() < 0.1:
        return _done(seed, shot, camera.as_file(image), ".png")
    return _done(seed, shot, camera.telegram(image, rng, 2 if rng.random() < 0.2 else 1),
                 ".jpg")


def clean(kind: str, seed: int, *, tmall: bool = True, dark: bool = False) -> Sample:
    """One page as a shopper forwards it in a scenario test: a 1080-px screen with its status
    bar, through Telegram's JPEG; `kind` order, refund, chat, jd, pdd, other or photo."""
    rng = random.Random(seed)
    if kind == "photo":
        shot = photo(rng, 960)
    else:
        shot = _render(rng, kind, 1080, dark, tmall, True)
    return _done(seed, shot, camera.telegram(shot.image, rng), ".jpg")


def _render(rng: random.Random, kind: str, width: int, dark: bool, tmall: bool,
            bar: bool) -> Screen:
    if kind == "order":
        return order_page(rng, width, dark, tmall, bar)
    if kind == "refund":
        return refund_page(rng, width, dark, tmall, bar)
    if kind in ("chat", "unreadable"):
        return chat_page(rng, width, dark, tmall, bar)
    if kind in ("jd", "pdd"):
        return other_platform(rng, width, dark, kind, bar)
    return other_screen(rng, width, dark, bar)


def _done(seed: int, shot: Screen, data: bytes, suffix: str, name: str | None = None) -> Sample:
    truth = {"fields": {}, **shot.truth}
    if isinstance(truth.get("today"), date):
        truth["today"] = truth["today"].isoformat()
    truth["statements"] = [{k: v for k, v in s.items() if k in ("kind", "key", "date")}
                           for s in truth.get("statements", [])]
    return Sample(seed, name or shot.name, data, suffix, truth)


def write(seeds: range | list[int], folder: Path) -> list[Path]:
    """Render `seeds` into `folder`; truth.json maps each file name to its truth."""
    folder.mkdir(parents=True, exist_ok=True)
    truths, paths = {}, []
    for seed in seeds:
        s = sample(seed)
        path = folder / f"{seed:04d}-{s.name}{s.suffix}"
        path.write_bytes(s.data)
        truths[path.name] = s.truth
        paths.append(path)
    (folder / "truth.json").write_text(json.dumps(truths, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    return paths


def seed_range(text: str) -> range:
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seeds", type=seed_range, default=FROZEN)
    args = ap.parse_args()
    paths = write(args.seeds, args.out)
    print(f"{len(paths)} screenshots in {args.out}")


if __name__ == "__main__":
    main()
