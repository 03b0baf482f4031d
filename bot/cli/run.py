"""`weiquan run`: the Telegram bot with python-telegram-bot or aiogram, long polling or webhook."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import TYPE_CHECKING

from bot.adapters.telegram.api import TelegramApi
from bot.adapters.telegram.limits import Limits
from bot.adapters.telegram.logs import mask, setup_logging
from bot.adapters.telegram.runner import Options, Runner, StartError
from bot.app import App, build
from bot.config import described, health_address, load_settings
from bot.ops.observe import ObservedApi, UpdateObserver
from bot.ops.retention import Ages, Retention
from bot.store import open_probes

if TYPE_CHECKING:
    from bot.ops.health import HealthServer
    from bot.ops.metrics import Metrics

NO_TOKEN = ("weiquan run: no bot token. Set WEIQUAN_TOKEN (in the environment or a .env file) "
            "to the token @BotFather gave you.")


EXAMPLES = """examples:
  long polling, health and metrics on port 9101:
    WEIQUAN_TOKEN=123456789:AAE... WEIQUAN_HEALTH_LISTEN=127.0.0.1:9101 weiquan run
  webhook behind a TLS proxy that forwards https://bot.example.org/tg to port 8080:
    weiquan run --webhook-url https://bot.example.org/tg --listen 127.0.0.1:8080

`weiquan config check` validates the variables without starting anything."""


def variables_help() -> str:
    """Every variable, its meaning and default, from the settings themselves."""
    rows = described()
    width = max(len(name) for name, _, _ in rows)
    lines = ["environment variables (also read from a .env file in the current folder):"]
    for name, meaning, default in rows:
        lines.append(f"  {name:<{width}}  {meaning} [default: {default}]")
    return "\n".join(lines) + "\n\n" + EXAMPLES


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("run", help="the Telegram bot (long polling, or webhook)",
                       description="Run the Telegram bot: long polling, or a webhook with "
                                   "--webhook-url and --listen.",
                       epilog=variables_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--framework", choices=("ptb", "aiogram"), default="ptb",
                   help="python-telegram-bot (default) or aiogram; both behave the same")
    p.add_argument("--webhook-url", metavar="URL", help="public URL Telegram posts updates to")
    p.add_argument("--listen", metavar="HOST:PORT", help="where the webhook server listens")
    p.add_argument("--drop-pending-updates", action="store_true",
                   help="discard the updates that waited while the bot was not running")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    p.set_defaults(func=run)


def listen_address(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"--listen wants HOST:PORT, not {value!r}")
    return host or "0.0.0.0", int(port)


def make_api(framework: str, token: str, api_base: str) -> TelegramApi:
    if framework == "aiogram":
        from bot.adapters.telegram.aiogram import AiogramApi

        return AiogramApi(token, api_base)
    from bot.adapters.telegram.ptb import PtbApi

    return PtbApi(token, api_base)


def run(args: argparse.Namespace) -> int:
    if bool(args.webhook_url) != bool(args.listen):
        print("weiquan run: --webhook-url and --listen go together", file=sys.stderr)
        return 2
    try:
        listen = listen_address(args.listen) if args.listen else ("0.0.0.0", 8080)
    except ValueError as exc:
        print(f"weiquan run: {exc}", file=sys.stderr)
        return 2
    settings = load_settings()
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return 1
    setup_logging(settings.token, args.verbose, json_lines=settings.log_format == "json")
    limits = Limits(per_chat=settings.rate_chat, overall=settings.rate_global,
                    shared=settings.rate_shared)
    options = Options(webhook_url=args.webhook_url, listen=listen, limits=limits,
                      drop_pending=args.drop_pending_updates)
    app = build(settings, source="telegram")
    try:
        return asyncio.run(serve(app, args.framework, options))
    except StartError as exc:
        print(f"weiquan run: {mask(str(exc), settings.token)}", file=sys.stderr)
        return 1
    except Exception:  # through the masking log, never as a raw traceback with a URL in it
        logging.getLogger("weiquan.run").exception("weiquan run failed")
        return 1
    finally:
        app.store.close()


async def serve(app: App, framework: str, options: Options) -> int:
    settings = app.settings
    try:
        api = make_api(framework, settings.token or "", settings.api_base)
    except Exception as exc:  # aiogram checks the token's shape when the Bot is made
        raise StartError("WEIQUAN_TOKEN does not look like a bot token "
                         "(digits, a colon, then letters)") from exc
    metrics = None
    if settings.health_listen:
        from bot.ops.metrics import Metrics  # prometheus-client: with a health port only

        metrics = Metrics(open_probes(settings.db_path))
        api = ObservedApi(api, metrics)  # type: ignore[assignment]
    runner = Runner(app, api, options)
    runner.metrics = metrics
    level = logging.INFO if settings.log_format == "json" else logging.DEBUG
    runner.pipeline.observe = UpdateObserver(settings.token or "", metrics, level)
    health = start_health(app, runner, metrics) if metrics is not None else None
    forget = asyncio.Event()
    purging = asyncio.create_task(
        Retention(app.store, app.evidence, app.clock, Ages.of(settings)).run(forget))
    try:
        return await runner.serve()
    finally:
        forget.set()
        await purging
        if health is not None:
            health.close()


def start_health(app: App, runner: Runner, metrics: Metrics) -> HealthServer:
    from bot.ops.health import HealthServer, probe_for

    host, port = health_address(app.settings.health_listen or "")
    server = HealthServer(probe_for(app, runner, metrics), metrics)
    try:
        port = server.start(host, port)
    except OSError as exc:
        raise StartError(f"cannot serve /healthz on {host}:{port} "
                         f"(WEIQUAN_HEALTH_LISTEN): {exc.strerror or exc}") from exc
    logging.getLogger("weiquan.run").info("/healthz and /metrics on http://%s:%d", host, port)
    return server
