"""Image checks never decode what would take more than 256 MB (issue 13, must-show 5): a
10000x11000 PNG (440 MB decoded) is refused from its header, and the process's peak memory
shows nothing was decoded. Measured in a fresh process, where the peak resident size (VmHWM) above the size before the check is the check's own."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

PROBE = """
import json, sys
from pathlib import Path
from bot.evidence.checks import CheckFailure, check_image, sniff

def kib(field):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field))

path = Path(sys.argv[1])
head = path.read_bytes()[:64]
before = kib("VmRSS:")
try:
    check_image(path, sniff(head))
    code = None
except CheckFailure as failure:
    code = failure.code
peak = kib("VmHWM:")  # the peak resident size of the process so far
print(json.dumps({"code": code, "grew_kib": peak - before}))
"""


def big_png(path: Path, width: int, height: int) -> None:
    """A genuine RGB PNG, written row block by row block (never whole in memory)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(1)
    rows = (b"\x00" + b"\x80" * (width * 3)) * 100
    with path.open("wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        body = [packer.compress(rows) for _ in range(height // 100)]
        out.write(chunk(b"IDAT", b"".join(body) + packer.flush()))
        out.write(chunk(b"IEND", b""))


def probe(path: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_a_10000_by_11000_png_is_refused_without_decoding_it(tmp_path: Path) -> None:
    png = tmp_path / "scan.png"
    big_png(png, 10_000, 11_000)
    result = probe(png)
    assert result["code"] == "too_large_to_check"
    assert isinstance(result["grew_kib"], int) and result["grew_kib"] < 64 * 1024  # not 440 MB


def test_an_image_within_the_budget_is_still_decoded(tmp_path: Path) -> None:
    png = tmp_path / "photo.png"
    big_png(png, 3000, 2000)  # 24 MB decoded: checked and kept as before
    result = probe(png)
    assert result["code"] is None
    assert isinstance(result["grew_kib"], int) and result["grew_kib"] > 16 * 1024  # decoded
