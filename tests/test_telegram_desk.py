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
from tests.chat import FakeClock
from tests.emulator import BotApiEmulator, SentMessage
from tests.telegram_harness import FRAMEWORKS, TOKEN, Chat, db_of, running_bot, texts
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


class Desk:
    """The adviser typing in the group; each call returns what the bot said in the group."""

    def __init__(self, emu: BotApiEmulator, shopper: Chat) -> None:
        self.emu, self.shopper = emu, shopper

    async def say(self, text: str, thread: int | None = None,
                  who: int = ADVISER) -> list[SentMessage]:
        mark = self.emu.mark()
        await self.shopper.settle(self.emu.group_message(GROUP, who, text, thread_id=thread))
        return self.emu.sent(GROUP, since=mark)


def the_topic(emu: BotApiEmulator) -> int:
    topics = emu.topics(GROUP)
    assert len(topics) == 1, topics
    return next(iter(topics))


async def test_close_reopen_canned_replies_and_edits_in_the_advisers_language(
        framework: str, emu: BotApiEmulator, tmp_path: Path) -> None:
    async with running_bot(framework, emu, tmp_path, operator_chat=GROUP, operators=(ADVISER,),
                           now=ON_DUTY, desk_lang="en") as bot:
        shopper = Chat(emu, db_of(bot), user=SHOPPER, lang="zh")
        desk = Desk(emu, shopper)
        await shopper.send("/human 退款一直没到账")
        thread = the_topic(emu)
        card = emu.sent(GROUP)[-1]
        assert card.thread_id == thread and "Commands: /take" in card.content
        assert "/reply NAME" in card.content and "命令" not in card.content

        listed = await desk.say("/reply", thread)
        assert [m.thread_id for m in listed] == [thread]
        assert "Canned replies" in listed[0].content and "order — Ask for order details" in \
            listed[0].content
        unknown = await desk.say("/reply nonsense", thread)
        assert 'no canned reply called "nonsense"' in unknown[0].content
        assert "hello — Greeting" in unknown[0].content

        mark = emu.mark()
        said = await desk.say("/reply order", thread)
        to_shopper = texts(emu.sent(SHOPPER, since=mark))
        assert any("顾问已接手" in m for m in to_shopper)  # a reply takes a waiting request
        assert any(m.startswith("请把订单号、下单日期和实付金额发给我") for m in to_shopper)
        assert any('Canned reply "order" sent' in m.content and "请把订单号" in m.content
                   for m in said)

        # The shopper corrects a message already copied to the advisers: the copy follows.
        mark = emu.mark()
        sent = emu.send_text(SHOPPER, "订单号 111", lang="zh")
        await shopper.settle(sent)
        [copy] = emu.sent(GROUP, since=mark)
        assert copy.method == "copyMessage" and copy.content == "订单号 111"
        mid = emu.update(sent)["message"]["message_id"]
        await shopper.settle(emu.edit_text(SHOPPER, mid, "订单号 222 <对的>"))
        assert copy.content == "订单号 222 <对的>" and copy.edits[-1]["method"] == \
            "editMessageText"
        assert emu.sent(GROUP, since=mark) == [copy]  # edited, not sent again

        # /close ends the hand-over and closes its topic ...
        mark = emu.mark()
        closed = await desk.say("/close", thread)
        assert any("back with the bot" in m.content for m in closed)
        assert any("回到机器人" in m for m in texts(emu.sent(SHOPPER, since=mark)))
        assert emu.closed_topics(GROUP) == {thread}
        late = await desk.say("anyone?", thread)
        assert "not passed to anyone" in late[0].content
        # ... an edit after the close goes nowhere (and says nothing to the shopper)
        mark = emu.mark()
        await shopper.settle(emu.edit_text(SHOPPER, mid, "订单号 333"))
        assert emu.sent(since=mark) == [] and copy.content == "订单号 222 <对的>"

        # ... and the shopper's next request reopens the same topic with a new card.
        mark = emu.mark()
        await shopper.send("转人工")
        assert emu.closed_topics(GROUP) == set() and the_topic(emu) == thread
        [new_card] = emu.sent(GROUP, since=mark)
        assert new_card.thread_id == thread and "Commands: /take" in new_card.content
        assert [c.method for c in emu.calls() if "ForumTopic" in c.method] == \
            ["createForumTopic", "closeForumTopic", "reopenForumTopic"]
        await desk.say("/take", thread)
        mark = emu.mark()
        await shopper.send("/done")
        assert emu.closed_topics(GROUP) == {thread}
        assert any("/done" in m.content for m in emu.sent(GROUP, since=mark))


class ReplyChat(Chat):
    """Settles on replies only: the seeded reminders stay due (by the real clock) and unsent
    (by the bot's), so Chat.settle would wait for them."""

    async def settle(self, update_id: int) -> None:
        def done() -> bool:
            with sqlite3.connect(self.db) as conn:
                return conn.execute("SELECT 1 FROM processed_updates WHERE update_id=?",
                                    [update_id]).fetchone() is not None and not conn.execute(
                    "SELECT 1 FROM outbox WHERE status IN ('pending', 'sending') AND "
                    "kind != 'reminder'").fetchone()

        await self.emu.wait_until(done, self.timeout, f"update {update_id} answered")


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
        shopper = ReplyChat(emu, db_of(bot), user=SHOPPER, lang="zh")
        desk = Desk(emu, shopper)
        await shopper.send("转人工")
        thread = the_topic(emu)
        refused = await desk.say("/ban", thread, who=STRANGER)
        assert [m.content for m in refused] == ["只有登记的顾问才能使用这个命令。"]

        mark = emu.mark()
        said = await desk.say("/ban", thread)
        assert any(f"已封禁用户 {SHOPPER}" in m.content for m in said)
        notice = texts(emu.sent(SHOPPER, since=mark))
        assert len(notice) == 1 and notice[0].startswith("很抱歉") and "12315" in notice[0]
        assert emu.closed_topics(GROUP) == {thread}
        assert reminders(db) == ["suspended", "suspended"]
        again = await desk.say("/ban", thread)
        assert f"用户 {SHOPPER} 已经是封禁状态" in again[0].content

        # Nothing they send is answered or relayed, whatever it is.
        mark = emu.mark()
        for text in ("你们什么意思？", "/human", "/start", "投诉"):
            assert await shopper.send(text) == []
        await shopper.settle(emu.press(SHOPPER, notice_id(emu), "x"))
        assert emu.sent(since=mark) == []
        assert emu.unanswered_callbacks() == []  # the button's spinner still stops

        # /unban in the (closed) topic, or anywhere with the user's id
        said = await desk.say("/unban", thread)
        assert f"已解除对用户 {SHOPPER} 的封禁" in said[0].content
        assert reminders(db) == ["pending", "pending"]
        assert texts(emu.sent(SHOPPER, since=mark)) == []  # not told
        assert "没有被封禁" in (await desk.say(f"/unban {SHOPPER}"))[0].content
        assert await shopper.send("/help")  # answered again
        said = await desk.say(f"/ban {SHOPPER}")  # no open hand-over: said where typed
        assert said[0].thread_id is None and "已封禁用户" in said[0].content
        assert (await desk.say("/ban"))[0].content.startswith("请在用户的话题里")


def notice_id(emu: BotApiEmulator) -> int:
    return emu.sent(SHOPPER)[-1].message_id
