"""The `weiquan` command line (CONTRACT.md). Each sub-command lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module exposes `register(subparsers)`; the parser it adds sets `func(args) -> int`.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.cli.chat",
    "bot.cli.case",
    "bot.cli.kb",
    "bot.cli.deadline",
    "bot.cli.run",
    "bot.cli.outbox",
    "bot.cli.config",
    "bot.cli.ocr",
    "bot.cli.db",
    "bot.cli.evidence",
)


def modules_for(args: Sequence[str]) -> tuple[str, ...]:
    """Only the module of the command asked for (`bot.cli.<command>`): a start pays for its own
    imports only (`kb ask` does not load Telegram); all of them for help or a mistyped command."""
    own = f"bot.cli.{args[0]}" if args else ""
    return (own,) if own in COMMAND_MODULES else COMMAND_MODULES


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="weiquan", description="weiquan: the shopper's dispute assistant")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES if argv is None else modules_for(argv):
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    from bot.config_error import ConfigError  # without pydantic: `kb ask` never loads it

    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:  # one line a wrong variable, not a traceback
        for line in exc.lines:
            print(line, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
