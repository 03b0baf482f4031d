"""The `weiquan` command line (CONTRACT.md). Each sub-command lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module exposes `register(subparsers)`; the parser it adds sets `func(args) -> int`.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.cli_chat",
    "bot.cli_case",
    "bot.cli_kb",
    "bot.cli_deadline",
    "bot.cli_run",
    "bot.cli_outbox",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="weiquan", description="维权 — shopper's dispute assistant")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a command not built yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
