"""`weiquan case list|show`: the stored cases, for people and for scripts (--json)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.config import load_settings
from bot.store import open_store
from bot.store.cases import list_cases, show_case
from bot.store.contract import Store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    case = sub.add_parser("case", help="stored cases")
    case_sub = case.add_subparsers(dest="case_command", required=True)
    p_list = case_sub.add_parser("list", help="the stored cases, newest first")
    p_list.add_argument("--user", type=int)
    p_list.add_argument("--json", action="store_true")
    p_list.add_argument("--db", type=str)
    p_list.set_defaults(func=cmd_list)
    p_show = case_sub.add_parser("show", help="one case")
    p_show.add_argument("id", type=int)
    p_show.add_argument("--json", action="store_true")
    p_show.add_argument("--db", type=str)
    p_show.set_defaults(func=cmd_show)
    from bot.cli.letter import register_letter_commands

    register_letter_commands(case_sub)  # case letter, case export (issue 8)


def _store(args: argparse.Namespace) -> Store:
    return open_store(args.db or load_settings().db_path)


def cmd_list(args: argparse.Namespace) -> int:
    store = _store(args)
    cases = list_cases(store, args.user)
    if args.json:
        _emit({"cases": cases})
    elif not cases:
        print("no cases")
    for c in [] if args.json else cases:
        print(f"#{c['id']}\tuser {c['user']}\t{c['category'] or '-'}\t{c['status']}\t"
              f"{c['created_at']}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    case = show_case(_store(args), args.id, load_settings().tz)
    if case is None:
        print(f"weiquan: no case {args.id}", file=sys.stderr)
        return 1
    if args.json:
        _emit(case)
        return 0
    print(f"case #{case['id']} · user {case['user']} · {case['category']} · {case['status']}")
    for key, value in case["fields"].items():
        guessed = " · understood from the shopper's words" if key in case["understood"] else ""
        print(f"  {key}: {value if value is not None else '-'}{guessed}")
    for event in case["events"]:
        print(f"  {event['at']}  {event['kind']}")
    for note in case["notes"]:
        where = f" ({note['field']})" if note["field"] else ""
        print(f"  note · {note['kind']}{where} · {note['at']}\n    {note['text']}")
    return 0


def _emit(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
