"""The no-framework reference for `make bench`: plain aiohttp long polling that echoes each text,
one task per update, nothing stored. What a bot costs when it does no work of its own.

Run: python -m tests.bench_refbot TOKEN BASE
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import aiohttp


async def echo(session: aiohttp.ClientSession, api: str, update: dict[str, Any]) -> None:
    msg = update.get("message") or {}
    if "text" in msg:
        async with session.post(f"{api}/sendMessage",
                                json={"chat_id": msg["chat"]["id"], "text": msg["text"]}) as r:
            await r.read()


async def main(token: str, base: str) -> None:
    api = f"{base.rstrip('/')}/bot{token}"
    offset = 0
    tasks: set[asyncio.Task[None]] = set()
    async with aiohttp.ClientSession() as session:
        while True:
            async with session.post(f"{api}/getUpdates",
                                    json={"offset": offset, "timeout": 25}) as r:
                body = await r.json()
            for update in body.get("result", []):
                offset = max(offset, update["update_id"] + 1)
                task = asyncio.create_task(echo(session, api, update))
                tasks.add(task)
                task.add_done_callback(tasks.discard)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
