"""`weiquan deadline RULE --from ISO [--edit ISO ...] [--json]` (CONTRACT.md)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from dialogs.texts import join_list, t
from knowledge.deadlines import Deadline, DeadlineRule, compute, load_rules


class RulesHelp(argparse.Action):
    """-h/--help with the rule ids listed: read from the knowledge base only when asked."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        parser.epilog = rules_epilog()
        parser.print_help()
        parser.exit()


def rules_epilog() -> str:
    rules = load_rules()
    width = max(len(rule_id) for rule_id in rules)
    lines = ["rules:"]
    lines += [f"  {rule_id:<{width}}  {rule.name.en}" for rule_id, rule in sorted(rules.items())]
    return "\n".join(lines)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "deadline",
        help="apply one deadline rule of the knowledge base to an event time",
        description="Apply one deadline rule to an event time. Times are ISO 8601; "
        "naive times are Beijing time; output is in +08:00.",
        add_help=False, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-h", "--help", action=RulesHelp,
                        help="show this help message (with the rule ids) and exit")
    parser.add_argument("rule", metavar="RULE", help="rule id, e.g. seller_reply_72h (listed "
                        "below)")
    parser.add_argument("--from", dest="start", required=True, metavar="ISO", help="event time")
    parser.add_argument(
        "--edit", dest="edits", action="append", default=[], metavar="ISO",
        help="time the buyer changed the refund amount (72-hour rule); repeatable",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.set_defaults(func=run)


def parse_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"not an ISO 8601 time: {text!r} (e.g. 2026-07-06T09:00:00+08:00)"
        ) from None


def as_json(result: Deadline, rule: DeadlineRule) -> dict[str, Any]:
    return {
        "rule": result.rule,
        "from": result.start.isoformat(),
        "deadline": result.at.isoformat(),
        "estimated": result.estimated,
        "earliest": result.earliest.isoformat() if result.earliest else None,
        "result": rule.result,
        "method": rule.method,
        "flags": list(rule.flags),
        "holiday_caveat": result.holiday_caveat,
    }


def _when(moment: datetime, lang: str) -> str:
    weekday = t(lang, "cli.deadline.weekdays").split()[moment.weekday()]
    return t(lang, "cli.deadline.when", at=f"{moment:%Y-%m-%d %H:%M:%S}", weekday=weekday)


def _in(text: Any, lang: str) -> str:
    return str(text.en if lang == "en" else text.zh)


def as_text(result: Deadline, rule: DeadlineRule, lang: str = "zh") -> str:
    """The result for a person, in `lang` (the cli.deadline.* texts)."""
    hotline = rule.method == "next_open"

    def say(key: str, **values: object) -> str:
        return t(lang, f"cli.deadline.{key}", **values)

    lines = [
        say("rule", id=rule.id, name=_in(rule.name, lang)),
        say("asked" if hotline else "from", at=_when(result.start, lang)),
        say("service" if hotline else "deadline", at=_when(result.at, lang)),
    ]
    if result.earliest is not None:
        lines.append(say("earliest", at=_when(result.earliest, lang)))
    lines.append(say("meaning", text=say(f"result.{rule.result}", action=_in(rule.action, lang))))
    if rule.doubt is not None:
        lines.append(say("doubt", text=_in(rule.doubt, lang)))
    lines.append(say("notes", text=_in(rule.notes, lang)))
    if result.estimated:
        lines.append(say("estimated"))
    if result.holiday_caveat:
        lines.append(say("holiday_caveat"))
    if rule.is_estimate or result.estimated:
        lines.append(say("estimate", where=say("where_hotline" if hotline else "where_order")))
    lines.append(say("sources", sources=join_list(lang, list(rule.sources), long=True)))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        start = parse_time(args.start)
        edits = [parse_time(text) for text in args.edits]
        rules = load_rules()
        result = compute(args.rule, start, edits, rules=rules)
    except ValueError as exc:
        print(f"weiquan deadline: {exc}", file=sys.stderr)
        return 1
    rule = rules[result.rule]
    if args.json:
        print(json.dumps(as_json(result, rule), ensure_ascii=False))
    else:
        print(as_text(result, rule))
    return 0
