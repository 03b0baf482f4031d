"""The `weiquan` command line (CONTRACT.md): `main` parses and dispatches; one module per
sub-command (`chat`, `case` and its `letter`, `kb`, `deadline`, `run`, `outbox`, `config`, `ocr`),
imported only when its command is asked for."""

from bot.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
