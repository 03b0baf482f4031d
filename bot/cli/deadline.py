"""`weiquan deadline RULE --from ISO [--edit ISO ...] [--json]` (CONTRACT.md)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from knowledge.deadlines import Deadline, DeadlineRule, compute, load_rules

WEEKDAYS_ZH = "一二三四五六日"
# What the date means, with the rule's own verb ({action}, knowledge/data/deadline_rules.yaml).
RESULT_ZH = {
    "buyer_deadline": "买家须在此之前{action}",
    "seller_deadline": "卖家应在此之前{action}",
    "platform_sla": "平台应在此之前{action}，过了可以催办或升级",
    "opens_at": "从此刻起才可以{action}",
    "next_open": "下一个可以{action}的时刻",
}


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


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}（北京时间，周{WEEKDAYS_ZH[moment.weekday()]}）"


def as_text(result: Deadline, rule: DeadlineRule) -> str:
    hotline = rule.method == "next_open"
    lines = [
        f"规则：{rule.id}（{rule.name.zh}）",
        f"{'查询' if hotline else '起算'}：{_when(result.start)}",
        f"{'人工服务' if hotline else '期限'}：{_when(result.at)}",
    ]
    if result.earliest is not None:
        lines.append(f"最早：{_when(result.earliest)}")
    lines.append(f"含义：{RESULT_ZH[rule.result].format(action=rule.action.zh)}")
    if rule.doubt is not None:
        lines.append(f"存疑：{rule.doubt.zh}")
    lines.append(f"说明：{rule.notes.zh}")
    if result.estimated:
        lines.append("注意：官方节假日安排还没有覆盖这些日期，这几天按周一至周五估算工作日。")
    if result.holiday_caveat:
        lines.append("注意：这期间有法定节假日或调休上班日，12315 是否有人工服务请以当地为准。")
    if rule.is_estimate or result.estimated:
        where = "当地 12315 的安排" if hotline else "订单页面的倒计时和平台通知"
        lines.append(f"这是按本项目约定算出的估算时间，不是平台的承诺；以{where}为准。")
    lines.append(f"来源：{'；'.join(rule.sources)}")
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
