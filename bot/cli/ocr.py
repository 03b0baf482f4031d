"""`weiquan ocr IMAGE [--json] [--today YYYY-MM-DD]` (CONTRACT.md): what the bot reads in a
screenshot — the page, the platform, each field with its confidence, the seller's promises and
refusals — for operators and acceptance checks. Offline: the models come with the package."""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ocr", help="read a Taobao/Tmall screenshot: order, refund or chat page fields",
        description="Read a screenshot as the bot does when a shopper sends it. Exit 0 when "
        "it was read (its 'problem' says why nothing may be used, if so), 1 when the OCR "
        "engine is not installed, 2 when the file does not exist.")
    parser.add_argument("image", metavar="IMAGE", type=Path, help="a PNG or JPEG file")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--today", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="the day the image arrived (a chat's dates without a year); "
                        "default today")
    parser.set_defaults(func=run)


def run(args: Any) -> int:
    from bot.evidence import ocr
    from knowledge import ocr_words
    from knowledge.loader import DATA_DIR

    if not args.image.is_file():
        print(f"weiquan ocr: no file at {args.image}", file=sys.stderr)
        return 2
    if not ocr.available():
        print("weiquan ocr: the OCR engine (rapidocr-onnxruntime) is not installed",
              file=sys.stderr)
        return 1
    started = time.process_time()
    words = ocr_words.load(DATA_DIR)  # the one file the reader needs, not the whole base
    reading = ocr.read(args.image, args.today or date.today(), words)
    out = {"file": str(args.image), **reading.to_json(),
           "cpu_seconds": round(time.process_time() - started, 3)}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(_plain(out))
    return 0


def _plain(out: dict[str, Any]) -> str:
    lines = [f"{out['file']}: {out['kind']}, platform {out['platform'] or '?'}"
             + (f" — not used: {out['problem']}" if out["problem"] else "")]
    for name, f in out["fields"].items():
        lines.append(f"  {name:20s} {f['value']}  ({f['confidence']:.2f})")
    for s in out["said"]:
        lines.append(f"  {s['kind']:8s} {s['key']:14s} {s['date'] or '?'}  {s['text']}  "
                     f"({s['confidence']:.2f})")
    lines.append(f"  cpu {out['cpu_seconds']:.2f} s")
    return "\n".join(lines)
