"""`weiquan evidence copy --from WHERE --to WHERE`: move an installation's evidence files, e.g.
from its data folder into the S3-compatible bucket of WEIQUAN_EVIDENCE_URL
(bot/evidence/transfer.py). WHERE is `s3://bucket/prefix` or a data folder."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("evidence", help="the evidence files: copy them to another storage")
    ev_sub = p.add_subparsers(dest="evidence_command", required=True)
    c = ev_sub.add_parser("copy", help="copy every evidence file, checked against its hash")
    c.add_argument("--from", dest="source", required=True,
                   help="a data folder, or s3://bucket/prefix (server: WEIQUAN_S3_ENDPOINT)")
    c.add_argument("--to", dest="target", required=True,
                   help="a data folder, or s3://bucket/prefix; files it has are skipped")
    c.add_argument("--json", action="store_true", help="the counts as JSON")
    c.set_defaults(func=cmd_copy)


def cmd_copy(args: argparse.Namespace) -> int:
    from bot.config import aws_from_env_file, load_settings
    from bot.evidence.s3 import parse_url
    from bot.evidence.storage import Unavailable
    from bot.evidence.transfer import copy_files, open_location

    settings = load_settings()
    aws_from_env_file(Path(".env"))  # a bucket's keys, as `run` reads them
    for where in (args.source, args.target):
        try:
            if where.startswith("s3:"):
                parse_url(where)
        except ValueError as exc:
            print(f"evidence copy: {where}: {exc}", file=sys.stderr)
            return 1
    if not args.source.startswith("s3:") and not (Path(args.source) / "evidence").is_dir():
        print(f"evidence copy: {args.source}: no evidence/ folder there", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="weiquan-copy-") as scratch:
        try:
            source = open_location(args.source, Path(scratch) / "from", settings.s3_endpoint,
                                   settings.s3_region)
            target = open_location(args.target, Path(scratch) / "to", settings.s3_endpoint,
                                   settings.s3_region)
            done = copy_files(source, target)
        except Unavailable as exc:
            print(f"evidence copy: {exc}", file=sys.stderr)
            return 1
    if args.json:
        sys.stdout.write(json.dumps(done.to_json()) + "\n")
    else:
        print(f"copied {done.copied} files, {done.present} there already")
    for sha in done.damaged:
        print(f"evidence copy: {sha}: damaged (its bytes do not match its sha256), not copied",
              file=sys.stderr)
    return 1 if done.damaged else 0
