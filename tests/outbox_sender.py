"""One outbox sender in a process of its own, as a replica runs it: the real Delivery, the real
Telegram transport (python-telegram-bot or aiogram) and the shared rate limiter, over a SQLite
file several such processes share. Runs until SIGTERM (or, with --kill-after N, SIGKILLs
itself right after its Nth accepted send, before marking it sent).

    python -m tests.outbox_sender --db weiquan.db --api http://127.0.0.1:PORT/bot
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.adapters.telegram.limits import Limits, limiter_for
from bot.adapters.telegram.transport import TelegramTransport
from bot.cli.run import make_api
from bot.config import Clock
from bot.delivery.outbox import Delivery
from bot.store.sqlite import Store
from bot.transport import StoredProgress
from tests.chat.telegram_bot import TOKEN


async def serve(args: argparse.Namespace) -> None:
    store = Store(args.db, busy_timeout=10.0)
    clock = Clock(None, ZoneInfo("Asia/Shanghai"))
    api = make_api(args.framework, TOKEN, args.api)
    limits = Limits(per_chat=args.rate_chat, overall=args.rate_global, shared=True)
    progress = StoredProgress(store.rows, clock.now)
    transport = TelegramTransport(api, limiter_for(limits, store.pace), progress=progress)
    delivery = Delivery(store, transport, clock, kill_after=args.kill_after,
                        lease=timedelta(seconds=args.lease), max_chats=args.max_chats)
    progress.owner = delivery.owner
    print(f"owner {delivery.owner}", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        await delivery.run(stop, interval=0.2)
    finally:
        await api.close()
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--api", required=True)
    parser.add_argument("--framework", default="ptb")
    parser.add_argument("--lease", type=float, default=30.0)
    parser.add_argument("--kill-after", type=int, default=0)
    parser.add_argument("--max-chats", type=int, default=64)
    parser.add_argument("--rate-chat", type=float, default=1.0)
    parser.add_argument("--rate-global", type=float, default=30.0)
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
