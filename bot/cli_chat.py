"""`weiquan chat`: the terminal chat, on the same engine, store and outbox as the Telegram bot."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.adapters.console import ConsoleTransport
from bot.app import App, build
from bot.config import load_settings

DEFAULT_USER = 1


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("chat", help="terminal chat with the bot")
    p.add_argument("--db", type=Path, help="SQLite file (default: WEIQUAN_DB or the data folder)")
    p.add_argument("--user", type=int, default=DEFAULT_USER, help="user id to chat as")
    p.add_argument("--lang", choices=("zh", "en"), help="your language")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    app = build(load_settings(), source="console", db=args.db)
    try:
        asyncio.run(chat(app, args.user, args.lang, sys.stdin.isatty()))
    finally:
        app.store.close()
    return 0


async def chat(app: App, user_id: int, lang: str | None, interactive: bool) -> None:
    transport = ConsoleTransport(sys.stdout)
    delivery = app.delivery(transport)
    transport.restore(app.store, user_id)
    while await delivery.deliver_due():  # anything committed but not shown before a crash
        pass
    if interactive:
        sys.stdout.write("weiquan 维权 — 输入「投诉」开始，/help 查看帮助，Ctrl-D 退出\n\n")
    loop = asyncio.get_running_loop()
    while True:
        if interactive:
            sys.stdout.write("> ")
            sys.stdout.flush()
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return
        if not line.strip():
            continue
        ev = transport.read(line, user_id, app.clock.now(), lang)
        await app.service.handle(ev)
        while await delivery.deliver_due():  # evidence reports queue replies of their own
            pass
