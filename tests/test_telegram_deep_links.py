"""Deep links (issue 16 item 2): t.me/<bot>?start=<payload> arrives as "/start <payload>".
start=complain starts a complaint; start=case_<id> opens that case for its owner only (anyone
else hears a polite "not found", never another's data); any other payload is a plain /start."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, running_bot
from tests.emulator import BotApiEmulator

ALICE, BOB = 601, 602


@pytest.fixture
async def chats(framework: str, emu: BotApiEmulator,
                tmp_path: Path) -> AsyncIterator[tuple[TelegramChat, TelegramChat]]:
    async with running_bot(framework, emu, tmp_path) as bot:
        db = bot.app.settings.db_path
        yield TelegramChat(emu, db, user=ALICE), TelegramChat(emu, db, user=BOB, lang="en")


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_deep_links_open_a_complaint_or_ones_own_case(
        chats: tuple[TelegramChat, TelegramChat]) -> None:
    alice, bob = chats
    asked = await alice.send("/start complain")
    assert len(asked) == 1 and "质量问题" in [label for label, _ in asked[0].buttons]
    await alice.click("质量问题")  # Alice's draft case #1
    await alice.send("淘宝")
    await alice.send("/start")  # she wanders off to the menu ...
    opened = await alice.send("/start case_1")  # ... and the link brings her back to #1
    assert [r.text for r in opened] == ["接着上次的问题：\n\n店铺名称是什么？（订单详情页顶部可以看到）"]
    await alice.send("某某旗舰店")
    again = await alice.send("/start complain")  # in the middle of a form: it says so
    assert again[0].text.startswith("你正在填写一份投诉，我们先把它填完") and "订单编号" in \
        again[0].text

    # Bob follows a link to Alice's case: not found, politely, and nothing of hers.
    refused = await bob.send("/start case_1")
    assert [r.text for r in refused] == ["I can't find that case. Type /cases to see yours."]
    plain = [r.text for r in await bob.send("/start")]
    for payload in ("case_x", "case_", "something-else", "case_99999999999999999999"):
        assert [r.text for r in await bob.send(f"/start {payload}")] == plain, payload
