"""`weiquan chat`: the terminal chat, on the same engine, store and outbox as the Telegram bot."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable

from bot.adapters.console import ConsoleTransport
from bot.app import App, build
from bot.config import load_settings
from dialogs.texts import t

DEFAULT_USER = 1
TICK = 5.0  # seconds between delivery passes while an interactive terminal waits for input


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("chat", help="terminal chat with the bot")
    p.add_argument("--db", type=str, help="SQLite file or postgresql:// URL (default: WEIQUAN_DB or the data folder)")
    p.add_argument("--user", type=int, default=DEFAULT_USER, help="user id to chat as")
    p.add_argument("--lang", choices=("zh", "en"), help="your language")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    app = build(settings, source="console", db=args.db)
    try:
        asyncio.run(chat(app, args.user, args.lang, sys.stdin.isatty(), settings.lang))
    finally:
        app.store.close()
    return 0


async def chat(app: App, user_id: int, lang: str | None, interactive: bool,
               default_lang: str = "zh") -> None:
    transport = ConsoleTransport(sys.stdout, lang or default_lang)
    delivery = app.delivery(transport)
    scheduler = app.scheduler()
    transport.restore(app.store, user_id)
    passes = asyncio.Lock()  # one delivery pass at a time: a row is never printed twice

    async def deliver() -> None:
        async with passes:
            # reminders due get their words, job reports go in, and what is due goes out
            while await scheduler.run_once() + await delivery.deliver_due():
                pass

    await deliver()  # anything committed but not shown before a crash
    if interactive:
        sys.stdout.write(t(lang or default_lang, "console.banner") + "\n\n")
    ticking = asyncio.ensure_future(_tick(deliver)) if interactive else None
    loop = asyncio.get_running_loop()
    try:
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
            if ev is None:  # the terminal answered by itself
                continue
            await app.service.handle(ev)
            await deliver()
    finally:
        if ticking is not None:
            ticking.cancel()


async def _tick(deliver: Callable[[], Awaitable[None]]) -> None:
    """While the terminal waits for a line, reminders still go out when they are due, as
    they do in Telegram (and the service is seen running, so they are not called late)."""
    while True:
        await asyncio.sleep(TICK)
        await deliver()
