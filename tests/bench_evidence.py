"""Evidence storage figures: add() by file type, a duplicate, list(), recover().

Run: .venv/bin/python -m tests.bench_evidence (or from tests.bench via run()).
"""

from __future__ import annotations

import io
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from bot.evidence.repository import Stored
from tests.test_evidence_make import NOW, make_env, pdf


def _ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _photo(seed: int, size: tuple[int, int]) -> bytes:
    # A smooth gradient with a little noise compresses like a photo, unlike pure noise.
    rng = random.Random(seed)
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    noise = Image.effect_noise(size, 12).convert("RGB")
    im = Image.blend(base, noise, 0.2)
    im.putpixel((0, 0), (rng.randrange(256), 0, 0))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90)
    return out.getvalue()


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = make_env(Path(tmp))
        counter = iter(range(10**9))

        def add(data: bytes, kind: str = "document") -> object:
            return env.ev.add(user_id=1, case_id=10, source=data, kind=kind, received_at=NOW)

        photos = [_photo(i, (4000, 3000)) for i in range(5)]
        docs = [pdf("x" * 1_000_000 + str(i)) for i in range(20)]
        figures = {
            "add 12 MP JPEG photo (ms)": statistics.median(
                _ms(lambda p=p: add(p, "photo"), 1) for p in photos),
            "add 1 MB PDF (ms)": _ms(lambda: add(docs[next(counter) % 20]), 15),
            "add duplicate 1 MB PDF (ms)": _ms(lambda: add(docs[0]), 10),
        }
        for i in range(150):
            assert isinstance(add(pdf(f"small {i}")), Stored)
        figures["list 170 items (ms)"] = _ms(lambda: env.ev.list(1, 10), 20)
        figures["recover, 170 files (ms)"] = _ms(env.ev.recover, 5)
        figures["12 MP JPEG size (KB)"] = len(photos[0]) / 1024
        env.store.close()
        return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"  {key:32s} {value:12.2f}")
