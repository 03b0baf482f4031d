"""`weiquan outbox [--status S] [--json]`: what the bot still has to send, and what it could not.

For the operator woken at night by a lost message: rows waiting (and why: their last error and
next try), rows that failed (and why), rows whose fate is unknown, reminders suspended because
the user blocked the bot; with counts of every state, and which sender (host:pid:token) holds a
row being sent and until when (its lease).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.config import load_settings
from bot.store import open_store
from bot.store.contract import Store
from bot.store.records import STATUSES

OPEN = ("pending", "sending", "failed", "unknown", "suspended")
SHOWN = 200  # rows listed at most, newest first


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("outbox", help="queued, failed and unknown messages, and why")
    p.add_argument("--status", choices=STATUSES, action="append",
                   help="only rows in this state (repeatable); default: all but sent, "
                        "skipped and cancelled")
    p.add_argument("--json", action="store_true")
    p.add_argument("--db", type=str)
    p.set_defaults(func=run)


def outbox_report(store: Store, statuses: tuple[str, ...] = OPEN,
                  limit: int = SHOWN) -> dict[str, Any]:
    counts, rows = store.outbox_listing(statuses, limit)
    return {"counts": counts, "rows": rows}


def run(args: argparse.Namespace) -> int:
    store = open_store(args.db or load_settings().db_path)
    try:
        report = outbox_report(store, tuple(args.status) if args.status else OPEN)
    finally:
        store.close()
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False)
        print()
        return 0
    print("  ".join(f"{s} {n}" for s, n in report["counts"].items() if n) or "the outbox is empty")
    for r in report["rows"]:
        when = f"next try {r['retry_at']}" if r["retry_at"] else f"due {r['due_at']}"
        held = f"\theld by {r['held_by']} until {r['held_until']}" \
            if r["held_by"] and r["status"] in ("pending", "sending") else ""
        print(f"#{r['id']}\tchat {r['chat']}\t{r['kind']}\t{r['status']}\t{when}\t"
              f"tries {r['attempts']}\t{r['error'] or ''}{held}")
    return 0
