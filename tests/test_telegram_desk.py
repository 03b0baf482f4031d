"""The advisers' desk like the support bots people use (issue 16 item 4), through the Bot API
emulator on both frameworks: /close closes the forum topic and the shopper's next hand-over
reopens it; canned replies (/reply NAME) reach the shopper in the shopper's language; /ban and
/unban; an edited shopper message is relayed as an edit; the group's texts are in the
advisers' language (WEIQUAN_DESK_LANG)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.chat import Chat as LocalChat
from tests.chat import FakeClock, texts
from tests.chat.desk import TelegramDesk
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, TOKEN, db_of, running_bot
from tests.emulator import BotApiEmulator
from tests.test_evidence_make import jpeg
from tests.test_reminders import at, file_not_received

pytestmark = pytest.mark.parametrize("framework", FRAMEWORKS)
GROUP, ADVISER, STRANGER = -1001700, 777, 778
SHOPPER = 901
ON_DUTY = at("2026-11-28T10:00")


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as e:
        e.add_group(GROUP, "advisers", is_forum=True)
        e.add_user(ADVISER, first_name="Wang")
        e.add_user(STRANGER, first_name="Passer-by")
        yield e


def the_topic(emu: BotApiEmulator) -> int:
    topics = emu.topics(GROUP)
    assert len(topics) == 1, topics
    return next(iter(topics))


async def test_close_reopen_canned_replies_and_edits_in_the_advisers_language(
        framework: str, emu: BotApiEmulator, tmp_path: Path) -> None:
    async with running_bot(framework, emu, tmp_path, operator_chat=GROUP, operators=(ADVISER,),
                           now=ON_DUTY, desk_lang="en") as bot:
        shopper = TelegramChat(emu, db_of(bot), user=SHOPPER, lang="zh")
        desk = TelegramDesk(emu, GROUP, ADVISER, shopper)
        await shopper.send("/human 退款一直没到账")
        thread = the_topic(emu)
        card = emu.sent(GROUP)[-1]
        assert card.thread_id == thread and "Commands: /take" in card.content
        assert "/reply NAME" in card.content and "命令" not in card.content
        assert emu.topics(GROUP)[thread].endswith("· no case yet")  # the topic's name too

        listed = desk.in_group(await desk.say("/reply", thread=thread))
        assert [m.thread_id for m in listed] == [thread]
        assert "Canned replies" in listed[0].content and "order — Ask for order details" in \
            listed[0].content
        unknown = desk.in_group(await desk.say("/reply nonsense", thread=thread))
        assert 'no canned reply called "nonsense"' in unknown[0].content
        assert "hello — Greeting" in unknown[0].content

        mark = emu.mark()
        said = desk.in_group(await desk.say("/reply order", thread=thread))
        to_shopper = texts(emu.sent(SHOPPER, since=mark))
        assert any("顾问已接手" in m for m in to_shopper)  # a reply takes a waiting request
        assert any(m.startswith("请把订单号、下单日期和实付金额发给我") for m in to_shopper)
        assert any('Canned reply "order" sent' in m.content and "请把订单号" in m.content
                   for m in said)

        # The shopper corrects a message already copied to the advisers: the copy follows.
        mark = emu.mark()
        await shopper.send("订单号 111")
        [copy] = emu.sent(GROUP, since=mark)
        assert copy.method == "copyMessage" and copy.content == "订单号 111"
        mid = shopper.own[-1]
        await shopper.edit("订单号 222 <对的>")
        assert copy.content == "订单号 222 <对的>" and copy.edits[-1]["method"] == \
            "editMessageText"
        assert emu.sent(GROUP, since=mark) == [copy]  # edited, not sent again
        mark = emu.mark()
        sent = emu.send_photo(SHOPPER, jpeg(seed=3), "包装破了")
        await shopper.settle(sent)
        [photo] = [m for m in emu.sent(GROUP, since=mark) if m.method == "copyMessage"]
        assert photo.content == "包装破了"
        await shopper.edit("包装和商品都破了", int(emu.update(sent)["message"]["message_id"]))
        assert photo.content == "包装和商品都破了"
        assert photo.edits[-1]["method"] == "editMessageCaption"

        # /close ends the hand-over and closes its topic ...
        mark = emu.mark()
        closed = desk.in_group(await desk.say("/close", thread=thread))
        assert any("back with the bot" in m.content for m in closed)
        assert any("回到机器人" in m for m in texts(emu.sent(SHOPPER, since=mark)))
        assert emu.closed_topics(GROUP) == {thread}
        late = desk.in_group(await desk.say("anyone?", thread=thread))
        assert "not passed to anyone" in late[0].content
        # ... an edit after the close goes nowhere (and says nothing to the shopper)
        mark = emu.mark()
        await shopper.edit("订单号 333", mid)
        assert emu.sent(since=mark) == [] and copy.content == "订单号 222 <对的>"

        # ... and the shopper's next request reopens the same topic with a new card.
        mark = emu.mark()
        await shopper.send("转人工")
        assert emu.closed_topics(GROUP) == set() and the_topic(emu) == thread
        assert "The user asked for a human while in: idle" in emu.sent(GROUP)[-1].content
        [new_card] = emu.sent(GROUP, since=mark)
        assert new_card.thread_id == thread and "Commands: /take" in new_card.content
        assert [c.method for c in emu.calls() if "ForumTopic" in c.method] == \
            ["createForumTopic", "closeForumTopic", "reopenForumTopic"]
        await desk.say("/take", thread=thread)
        mark = emu.mark()
        await shopper.send("/done")
        assert emu.closed_topics(GROUP) == {thread}
        assert any("/done" in m.content for m in emu.sent(GROUP, since=mark))


def reminders(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT status FROM outbox WHERE kind='reminder' "
                                           "AND status NOT IN ('cancelled', 'skipped')")]


async def test_a_banned_shopper_is_told_once_then_nothing_until_unbanned(
        framework: str, emu: BotApiEmulator, tmp_path: Path) -> None:
    db = tmp_path / "weiquan.db"

    def seed() -> None:  # a filed case: two reminders planned for December
        local = LocalChat(db, user_id=SHOPPER, clock=FakeClock(at("2026-11-27T10:00")))
        file_not_received(local)
        local.close()

    await asyncio.to_thread(seed)
    assert reminders(db) == ["pending", "pending"]
    async with running_bot(framework, emu, tmp_path, operator_chat=GROUP, operators=(ADVISER,),
                           now=ON_DUTY) as bot:
        shopper = TelegramChat(emu, db_of(bot), user=SHOPPER, lang="zh", but_reminders=True)
        desk = TelegramDesk(emu, GROUP, ADVISER, shopper)
        await shopper.send("转人工")
        thread = the_topic(emu)
        refused = desk.in_group(await desk.say("/ban", thread=thread, who=STRANGER))
        assert [m.content for m in refused] == ["只有登记的顾问才能使用这个命令。"]

        mark = emu.mark()
        said = desk.in_group(await desk.say("/ban", thread=thread))
        assert any(f"已封禁用户 {SHOPPER}" in m.content for m in said)
        notice = texts(emu.sent(SHOPPER, since=mark))
        assert len(notice) == 1 and notice[0].startswith("很抱歉") and "12315" in notice[0]
        assert emu.closed_topics(GROUP) == {thread}
        assert reminders(db) == ["suspended", "suspended"]
        again = desk.in_group(await desk.say("/ban", thread=thread))
        assert f"用户 {SHOPPER} 已经是封禁状态" in again[0].content

        # Nothing they send is answered or relayed, whatever it is.
        mark = emu.mark()
        for text in ("你们什么意思？", "/human", "/start", "投诉"):
            assert await shopper.send(text) == []
        await shopper.settle(emu.press(SHOPPER, notice_id(emu), "x"))
        assert emu.sent(since=mark) == []
        assert emu.unanswered_callbacks() == []  # the button's spinner still stops

        # /unban in the (closed) topic, or anywhere with the user's id
        said = desk.in_group(await desk.say("/unban", thread=thread))
        assert f"已解除对用户 {SHOPPER} 的封禁" in said[0].content
        assert reminders(db) == ["pending", "pending"]
        assert texts(emu.sent(SHOPPER, since=mark)) == []  # not told
        assert "没有被封禁" in desk.in_group(await desk.say(f"/unban {SHOPPER}"))[0].content
        assert await shopper.send("/help")  # answered again
        said = desk.in_group(await desk.say(f"/ban {SHOPPER}"))  # no open hand-over: said where typed
        assert said[0].thread_id is None and "已封禁用户" in said[0].content
        assert desk.in_group(await desk.say("/ban"))[0].content.startswith("请在用户的话题里")


def notice_id(emu: BotApiEmulator) -> int:
    return emu.sent(SHOPPER)[-1].message_id
