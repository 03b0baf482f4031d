"""转人工 through Telegram: the card opens a forum topic in the advisers' group, the shopper's
messages are copied into it, an adviser's /take and replies there reach the shopper."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.adapters.telegram.runner import Runner
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, TOKEN, USER, db_of, pending_rows, running_bot
from tests.emulator import BotApiEmulator

pytestmark = pytest.mark.parametrize("framework", FRAMEWORKS)
GROUP, ADVISER, OTHER_GROUP = -1001500, 777, -1001600
ON_DUTY = datetime.fromisoformat("2026-11-27T10:00:00+08:00")


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as e:
        e.add_group(GROUP, "顾问群", is_forum=True)
        e.add_group(OTHER_GROUP, "别的群", is_forum=False)
        e.add_user(ADVISER, first_name="王顾问")
        yield e


@pytest.fixture
async def bot(framework: str, emu: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Runner]:
    async with running_bot(framework, emu, tmp_path, operator_chat=GROUP,
                           operators=(ADVISER,), now=ON_DUTY) as runner:
        yield runner


async def adviser_says(emu: BotApiEmulator, chat: TelegramChat, text: str, thread: int) -> None:
    await chat.settle(emu.group_message(GROUP, ADVISER, text, thread_id=thread))


async def test_handover_both_ways_through_a_forum_topic(bot: Runner, emu: BotApiEmulator) -> None:
    chat = TelegramChat(emu, db_of(bot))
    await chat.send("/human 退款一直没到账")
    topics = emu.topics(GROUP)
    assert len(topics) == 1
    thread = next(iter(topics))
    card = emu.sent(GROUP)[-1]
    assert card.thread_id == thread and "/take" in card.content

    await adviser_says(emu, chat, "/take", thread)
    assert any("顾问已接手" in m.content for m in emu.sent(USER))
    mark = emu.mark()
    await chat.send("订单号已经发给你了 <123>")
    copied = emu.sent(GROUP, since=mark)
    assert [(m.method, m.thread_id, m.content) for m in copied] == \
        [("copyMessage", thread, "订单号已经发给你了 <123>")]

    mark = emu.mark()
    await adviser_says(emu, chat, "收到，我来联系平台。", thread)
    to_user = emu.sent(USER, since=mark)
    assert [(m.method, m.content) for m in to_user] == [("copyMessage", "收到，我来联系平台。")]

    mark = emu.mark()
    emu.group_message(OTHER_GROUP, ADVISER, "/close")
    await emu.wait_idle()  # taken and confirmed, and nothing said: another group is not
    # confirmed only once committed: whatever it caused is in the outbox by now; wait until
    # the outbox has delivered everything due
    await emu.wait_until(lambda: pending_rows(db_of(bot)) == 0, 5, "outbox delivered")
    assert emu.sent(since=mark) == []
    await adviser_says(emu, chat, "/close", thread)
    assert any("回到机器人" in m.content for m in emu.sent(USER, since=mark))
