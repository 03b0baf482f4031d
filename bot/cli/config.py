"""`weiquan config check [--env-file PATH]`: validate the configuration without starting
anything. One line per problem on stderr and exit 1; a summary (token hidden) and exit 0."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

from bot.config import (
    ConfigError,
    Settings,
    environment_names,
    file_names,
    known_names,
    load_settings,
)
from bot.store import shown

TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("config", help="check the configuration (environment and .env file)")
    inner = p.add_subparsers(dest="config_command", required=True)
    check = inner.add_parser(
        "check", help="validate the variables without starting anything",
        description="Validate the WEIQUAN_ variables (the environment, then a .env file) "
                    "without starting anything: one line per problem and exit 1, or a "
                    "summary and exit 0. See `weiquan run --help` for the variables.")
    check.add_argument("--env-file", type=Path, default=Path(".env"), metavar="PATH",
                       help="the .env file to read (default: ./.env, if there is one)")
    check.set_defaults(func=run_check)


def unknown_lines(env_file: Path) -> list[str]:
    """Names in the environment or the file that no setting reads (a typo is otherwise
    silently ignored)."""
    known = known_names()
    lines = []
    names = environment_names() + (file_names(env_file) if env_file.is_file() else [])
    for name in dict.fromkeys(names):
        if name.upper().startswith("WEIQUAN_") and name.upper() not in known:
            close = difflib.get_close_matches(name.upper(), sorted(known), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            lines.append(f"{name}: not a weiquan variable{hint}")
    return lines


def problems(settings: Settings) -> list[str]:
    """What loads but would still stop `weiquan run` or a feature."""
    lines = []
    if not settings.token:
        lines.append("WEIQUAN_TOKEN: not set; `weiquan run` needs the token @BotFather gave you")
    elif not TOKEN_SHAPE.match(settings.token):
        lines.append("WEIQUAN_TOKEN: expected a bot token like 123456789:AAE..., got (hidden)")
    if settings.font is not None and not settings.font.is_file():
        lines.append(f"WEIQUAN_FONT: expected a font file, got \"{settings.font}\" (no such file)")
    return lines


def summary(settings: Settings) -> list[str]:
    return [
        "configuration OK",
        f"  token          {'set (hidden)' if settings.token else 'not set'}",
        f"  Bot API        {settings.api_base}",
        f"  files up to    {settings.max_file_bytes / 1024 / 1024:g} MB",
        f"  database       {shown(settings.db_path)}",
        f"  evidence       {settings.evidence_url or settings.data_dir / 'evidence'}"
        + (f" at {settings.s3_endpoint}" if settings.evidence_url and settings.s3_endpoint
           else ""),
        f"  advisers       {settings.operator_chat or 'none'} "
        f"({len(settings.operators)} allowed)",
        f"  language, tz   {settings.lang}, {settings.tz}",
        f"  health/metrics {settings.health_listen or 'not served'}",
        f"  logs           {settings.log_format}",
        f"  kept           texts {settings.keep_texts_days:g} d, update ids "
        f"{settings.keep_updates_days:g} d, closed cases "
        + (f"{settings.keep_cases_days:g} d" if settings.keep_cases_days else "until /forget"),
    ]


def run_check(args: argparse.Namespace) -> int:
    env_file: Path = args.env_file
    explicit = env_file != Path(".env")
    if explicit and not env_file.is_file():
        print(f"{env_file}: no such file", file=sys.stderr)
        return 1
    lines = unknown_lines(env_file)
    settings = None
    try:
        settings = load_settings(env_file if env_file.is_file() else None)
    except ConfigError as exc:
        lines.extend(exc.lines)
    if settings is not None:
        lines.extend(problems(settings))
    if lines:
        for line in lines:
            print(line, file=sys.stderr)
        return 1
    assert settings is not None
    print("\n".join(summary(settings)))
    return 0
