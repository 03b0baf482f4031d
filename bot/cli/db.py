"""`weiquan db copy --from URL --to URL`: move an installation's database (CONTRACT.md), e.g.
from its SQLite file into PostgreSQL (bot/store/copying.py)."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("db", help="the database: copy it to another store")
    db_sub = p.add_subparsers(dest="db_command", required=True)
    c = db_sub.add_parser("copy", help="copy every table from one store to another")
    c.add_argument("--from", dest="source", required=True,
                   help="SQLite file (or sqlite:///path) or postgresql:// URL")
    c.add_argument("--to", dest="target", required=True,
                   help="SQLite file (or sqlite:///path) or postgresql:// URL, empty")
    c.add_argument("--replace", action="store_true",
                   help="delete what the target holds first (it must be empty otherwise)")
    c.add_argument("--json", action="store_true", help="rows copied per table, as JSON")
    c.set_defaults(func=cmd_copy)


def cmd_copy(args: argparse.Namespace) -> int:
    from bot.store import shown
    from bot.store.copying import CopyRefused, copy_store

    try:
        copied = copy_store(args.source, args.target, replace=args.replace)
    except CopyRefused as refused:
        print(f"db copy: {refused}", file=sys.stderr)
        return 1
    if args.json:
        sys.stdout.write(json.dumps({"tables": copied}, indent=2) + "\n")
        return 0
    width = max(map(len, copied), default=0)
    for table, rows in copied.items():
        print(f"{table:<{width}}  {rows}")
    print(f"copied {sum(copied.values())} rows from {shown(args.source)} to "
          f"{shown(args.target)}")
    return 0
