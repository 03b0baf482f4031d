"""`weiquan case letter|export`: the complaint text for one channel, and the case dossier PDF."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.config import load_settings
from bot.dossier.data import case_evidence, held_case, user_lang
from bot.store import open_store
from bot.store.cases import show_case
from dialogs.texts import catalogue
from knowledge.letters import LetterError, channels, render_letter
from knowledge.loader import load_kb


def register_letter_commands(case_sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p_letter = case_sub.add_parser("letter", help="the complaint text for one channel")
    p_letter.add_argument("id", type=int)
    # No `choices`: an unknown channel is a failed request (exit 1), not a usage error.
    p_letter.add_argument("--channel", required=True, help=", ".join(channels()))
    p_letter.add_argument("--lang", choices=("zh", "en"))
    p_letter.add_argument("--short", action="store_true", help="the shorter version")
    p_letter.add_argument("--demand", help="a demand code or your own words")
    p_letter.add_argument("--json", action="store_true")
    p_letter.add_argument("--db", type=str)
    p_letter.set_defaults(func=cmd_letter)
    p_export = case_sub.add_parser("export", help="the case dossier as a PDF")
    p_export.add_argument("id", type=int)
    p_export.add_argument("-o", "--output", type=Path, help="default: weiquan-case-ID.pdf")
    p_export.add_argument("--lang", choices=("zh", "en"))
    p_export.add_argument("--db", type=str)
    p_export.add_argument("--data-dir", type=Path, help="where the evidence files are "
                          "(default: WEIQUAN_EVIDENCE_URL, else WEIQUAN_DATA_DIR)")
    p_export.set_defaults(func=cmd_export)


def named_labels(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Evidence labels as the shopper saw them on the buttons, in the letter's language."""
    texts = catalogue(lang)
    return [{**r, "label": texts.get(f"label.{r.get('label')}", r.get("label"))} for r in rows]


def is_empty(case: dict[str, Any]) -> bool:
    """A case nobody has told anything yet: no category, or not one answered field."""
    return not case.get("category") or not any(case.get("fields", {}).values())


def _fail(message: str) -> int:
    print(f"weiquan: {message}", file=sys.stderr)
    return 1


def cmd_letter(args: argparse.Namespace) -> int:
    settings = load_settings()
    store = open_store(args.db or settings.db_path)
    try:
        case = show_case(store, args.id, settings.tz)
        if case is None:
            return _fail(f"no case {args.id}")
        if args.channel not in channels():
            return _fail(f"unknown channel {args.channel!r}; channels: {', '.join(channels())}")
        if is_empty(case):
            return _fail(f"case {args.id} is an empty draft (no problem type or answers yet): "
                         "there is nothing to write a letter from. Fill it in and submit it in "
                         "the chat first.")
        lang = args.lang or user_lang(store, case["user"], settings.lang)
        held_case(store, case)  # sets the count of similar complaints the letters cite
        try:
            letter = render_letter(case, args.channel, lang, load_kb(),
                                   evidence=named_labels(case_evidence(store, args.id), lang),
                                   short=args.short, demand=args.demand)
        except LetterError as exc:
            return _fail(str(exc))
    finally:
        store.close()
    if args.json:
        sys.stdout.write(json.dumps({"id": args.id, "channel": letter.channel, "lang": letter.lang,
                                     "text": letter.text, "cited": letter.cited,
                                     "length": letter.length, "limit": letter.limit},
                                    ensure_ascii=False) + "\n")
    else:
        print(letter.text)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from bot.dossier.pdf import DossierError, export_case
    from bot.evidence.storage import Unavailable

    settings = load_settings()
    store = open_store(args.db or settings.db_path)
    try:
        case = show_case(store, args.id, settings.tz)
        if case is None:
            return _fail(f"no case {args.id}")
        lang = args.lang or user_lang(store, case["user"], settings.lang)
        out = args.output or Path(f"weiquan-case-{args.id}.pdf")
        try:
            files = args.data_dir or settings.evidence_storage()  # a folder, or the bucket
            path = export_case(store, args.id, files, out, lang=lang)
        except (DossierError, OSError, Unavailable) as exc:
            return _fail(f"cannot write the dossier: {exc}")
    finally:
        store.close()
    print(path)
    return 0
