"""Polling hands each update over once (issue 13 item 7): the bot asks again only once what it
took is committed, so the next offset confirms it, instead of taking the updates still in
flight again and again (each was fetched two to five times under load)."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from bot.adapters.telegram.runner import Runner
from tests.chat.telegram_bot import FRAMEWORKS
from tests.emulator import BotApiEmulator

pytestmark = pytest.mark.parametrize("framework", FRAMEWORKS)

USERS = range(7001, 7021)


def handed_over(emu: BotApiEmulator) -> Counter[int]:
    """How often getUpdates handed each update_id to the bot."""
    return Counter(u["update_id"] for c in emu.calls("getUpdates")
                   if isinstance(c.response.get("result"), list) for u in c.response["result"])


# (send or press, what, a fragment of the reply): presses too, whose callback answers are calls
STEPS = [("send", "/start", "维权助手"), ("press", "📝 我要投诉", "请选择你遇到的问题"),
         ("press", "质量问题", "是在哪个平台买的"), ("press", "天猫", "店铺名称"),
         ("send", "/help", "/complain")]


def answered(emu: BotApiEmulator, user: int, fragment: str, before: int) -> bool:
    return any(fragment in m.content for m in emu.sent(user)[before:])


async def converse(emu: BotApiEmulator, user: int) -> list[int]:
    """A user who goes on as soon as the bot answered, as the bench's users do."""
    ids = []
    for how, what, fragment in STEPS:
        before = len(emu.sent(user))
        ids.append(emu.press_label(user, what) if how == "press" else emu.send_text(user, what))
        await emu.wait_until(lambda f=fragment, b=before: answered(emu, user, f, b), 60,
                             f"{what!r} answered for {user}")
    return ids


async def test_twenty_users_at_once_each_update_is_fetched_once(framework: str, bot: Runner,
                                                                emu: BotApiEmulator) -> None:
    for user in USERS:
        emu.add_user(user, lang="zh")
    sent = [u for ids in await asyncio.gather(*(converse(emu, u) for u in USERS)) for u in ids]
    await emu.wait_until(lambda: not emu.pending_updates(), 30, "every update confirmed")
    counts = handed_over(emu)
    assert sorted(counts) == sorted(sent)
    assert max(counts.values()) == 1, {u: n for u, n in counts.items() if n > 1}
