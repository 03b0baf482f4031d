"""转人工 through Telegram (issue 7), with both frameworks over real HTTP to the emulator: two
shoppers and an advisers' group — a forum (a topic per case) and a plain group (the card is the
thread, replies to it are routed) — and the real `weiquan run` killed with SIGKILL and restarted
with a hand-over open."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from tests.chat import texts
from tests.chat.desk import TelegramDesk
from tests.chat.process import WAIT, ProcessChat
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, TOKEN, db_of, running_bot
from tests.emulator import BotApiEmulator, EmulatorThread
from tests.test_evidence_make import jpeg, sha
from tests.test_telegram_process import BotProcess

GROUP, ADVISER, STRANGER = -1001700, 777, 888  # STRANGER: in the group, not an adviser
ALICE, BOB = 601, 602
ON_DUTY = "2026-11-27T10:00:00+08:00"
REFUSED = "只有登记的顾问才能使用这个命令。"


def handover(db: Path, user: int) -> tuple[str, int | None] | None:
    """(state, adviser) of the user's newest hand-over."""
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT state, adviser_id FROM handovers WHERE user_id=? "
                           "ORDER BY id DESC LIMIT 1", [user]).fetchone()
    return None if row is None else (row[0], row[1])


def waiting(queue_text: str) -> list[int]:
    """The users a /queue answer lists, in its order."""
    lines = [line for line in queue_text.splitlines() if "用户 " in line]
    assert all("已等 0h0" in line for line in lines), queue_text  # minutes, on this clock
    return [int(line.split("用户 ", 1)[1].split(" ", 1)[0]) for line in lines]


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as e:
        e.add_user(ADVISER, first_name="王顾问")
        e.add_user(STRANGER, first_name="路人")
        yield e


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("forum", [True, False], ids=["forum", "plain-group"])
async def test_two_shoppers_and_an_advisers_group(forum: bool, emu: BotApiEmulator,
                                                  tmp_path: Path, framework: str) -> None:
    emu.add_group(GROUP, "顾问群", is_forum=forum)
    async with running_bot(framework, emu, tmp_path, operator_chat=GROUP, operators=(ADVISER,),
                           now=datetime.fromisoformat(ON_DUTY)) as bot:
        await desk_scenario(emu, db_of(bot), forum, tmp_path)


async def desk_scenario(emu: BotApiEmulator, db: Path, forum: bool, data_dir: Path) -> None:
    alice, bob = TelegramChat(emu, db, user=ALICE), TelegramChat(emu, db, user=BOB)
    desk = TelegramDesk(emu, GROUP, ADVISER, alice, forum)
    assert "现在没有等待中的请求" in await desk.queue()

    # Both hand over: each gets a card (and, in a forum, a topic of its own) and its place.
    await bob.send("投诉")
    await bob.click("质量问题")  # Bob's draft case #1: his photos are kept on it
    mark = emu.mark()
    told = await alice.send("/human 退款一直没到账")
    assert any("前面还有 1 位" in m.content and "09:00–21:00" in m.content for m in told)
    card = desk.card_for(ALICE, mark)
    assert "退款一直没到账" in card.content
    assert waiting(await desk.queue()) == [ALICE]
    mark = emu.mark()
    told = await bob.send("转人工")
    assert any("前面还有 2 位" in m.content for m in told), texts(told)
    card = desk.card_for(BOB, mark)
    assert "案件 #1" in card.content and "质量问题" in card.content
    if forum:
        assert len(emu.topics(GROUP)) == 2
        assert desk.cards[ALICE].thread_id != desk.cards[BOB].thread_id
    else:
        assert emu.topics(GROUP) == {} and card.thread_id is None
    assert waiting(await desk.queue()) == [ALICE, BOB]  # oldest first

    # The adviser takes Bob's (the second) case: only Bob is told; the queue keeps Alice.
    out = await desk.say("/take", BOB)
    assert [m.content for m in out if m.chat_id == BOB] == \
        ["🙋 顾问已接手你的案件，接下来会在这里回复你。"]
    assert not [m for m in out if m.chat_id == ALICE]
    assert all(desk.in_thread_of(m, BOB) for m in out if m.chat_id == GROUP)
    assert handover(db, BOB) == ("taken", ADVISER) and handover(db, ALICE) == ("waiting", None)
    assert waiting(await desk.queue()) == [ALICE]

    # Shoppers' messages reach their own thread, copied as they are.
    mark = emu.mark()
    assert await bob.send("鞋底开胶了 <卖家> 不认") == []
    assert await alice.send("还要等多久？") == []
    copies = emu.sent(GROUP, since=mark)
    assert [(m.method, m.content) for m in copies] == \
        [("copyMessage", "鞋底开胶了 <卖家> 不认"), ("copyMessage", "还要等多久？")]
    assert desk.in_thread_of(copies[0], BOB) and desk.in_thread_of(copies[1], ALICE)
    bobs_words = copies[0]

    # Bob's photo: into his thread, and kept on his case as evidence as well.
    shoe = jpeg(seed=50)
    mark = emu.mark()
    told = await bob.photo(shoe, caption="开胶的地方")
    [copy] = emu.sent(GROUP, since=mark)
    assert copy.method == "copyMessage" and desk.in_thread_of(copy, BOB)
    assert copy.content == "开胶的地方" and emu.file_bytes(copy.files[0]) == shoe
    assert any("✅ 已保存：照片" in m.content for m in told), texts(told)
    assert len(told) == 2  # "receiving" and the report; no form question while handed over
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT user_id, case_id, sha256 FROM evidence").fetchall() == \
            [(BOB, 1, sha(shoe))]
    assert (data_dir / "evidence" / sha(shoe)[:2] / sha(shoe)).is_file()

    # The adviser's text and photo reach Bob only. In a plain group, a reply to one of
    # Bob's copied messages is routed too, not only a reply to the card.
    reply_to = None if forum else bobs_words.message_id
    out = await desk.say("收到，我来联系平台 <客服>。", BOB, reply_to=reply_to)
    assert [(m.chat_id, m.method, m.content) for m in out] == \
        [(BOB, "copyMessage", "收到，我来联系平台 <客服>。")]
    receipt = jpeg(seed=51)
    out = await desk.photo(receipt, BOB)
    assert [(m.chat_id, m.method) for m in out] == [(BOB, "copyMessage")]
    assert emu.file_bytes(out[0].files[0]) == receipt

    # A note stays among the advisers.
    out = await desk.say("/note 买家情绪激动，先安抚", BOB)
    assert [m.chat_id for m in out] == [GROUP] and "仅顾问可见" in out[0].content
    assert desk.in_thread_of(out[0], BOB)
    assert not any("情绪激动" in m.content for m in emu.sent(BOB) + emu.sent(ALICE))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT adviser_id, text FROM handover_notes").fetchall() == \
            [(ADVISER, "买家情绪激动，先安抚")]

    # Someone in the group who is not an adviser: /close refused, nothing changes, and
    # nothing they write reaches the shopper.
    for command in ("/close", "/take", "/note 我也来", "/queue"):
        out = await desk.say(command, BOB, who=STRANGER)
        assert [(m.chat_id, m.content) for m in out] == [(GROUP, REFUSED)], (command, texts(out))
    assert await desk.say("你好，我能帮你", BOB, who=STRANGER) == []
    assert handover(db, BOB) == ("taken", ADVISER)
    mark = emu.mark()
    await bob.send("还在吗")  # still handed over: still relayed
    assert [m.content for m in emu.sent(GROUP, since=mark)] == ["还在吗"]
    assert waiting(await desk.queue()) == [ALICE]

    # A command addressed to another bot in the group is not ours: nothing happens.
    mark = emu.mark()
    uid = emu.group_message(GROUP, ADVISER, "/close@other_bot", **desk.where(BOB))
    await emu.wait_until(lambda: uid not in emu.pending_updates(), 10, "taken and confirmed")
    assert emu.sent(since=mark) == [] and handover(db, BOB) == ("taken", ADVISER)

    # The adviser's /close returns Bob to the bot (his form where he left it); both sides told.
    out = await desk.say("/close", BOB)
    to_bob = [m.content for m in out if m.chat_id == BOB]
    assert any("顾问结束了这次对话，你已回到机器人" in c for c in to_bob), to_bob
    assert any("已结束" in m.content and desk.in_thread_of(m, BOB) for m in out
               if m.chat_id == GROUP)
    assert handover(db, BOB) == ("closed", ADVISER)
    mark = emu.mark()
    after = await bob.send("天猫")  # the bot answers again; the advisers see nothing of it
    assert any("店铺名称" in m.content for m in after), texts(after)
    assert emu.sent(GROUP, since=mark) == []
    # A closed thread reaches nobody, and the adviser is told so (in that thread or reply).
    out = await desk.say("还有问题吗？", BOB)
    assert [m.chat_id for m in out] == [GROUP] and "没有转给任何用户" in out[0].content
    assert desk.in_thread_of(out[0], BOB) or not desk.forum
    assert not any("还有问题吗" in m.content for m in emu.sent(BOB))
    assert waiting(await desk.queue()) == [ALICE]

    # Alice leaves with /done: the advisers are told in her thread; the queue is empty.
    mark = emu.mark()
    back = await alice.send("/done")
    assert any("已回到机器人" in m.content for m in back)
    assert [desk.in_thread_of(m, ALICE) for m in emu.sent(GROUP, since=mark)] == [True]
    assert handover(db, ALICE) == ("closed", None)
    assert "现在没有等待中的请求" in await desk.queue()
    assert not emu.unanswered_callbacks()


# ---- the real process: SIGKILL with a hand-over open, restart, the relay goes on ---------------

@pytest.mark.slow
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_sigkill_with_a_handover_open_and_the_relay_goes_on(framework: str,
                                                            tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / ".env").write_text(  # the process runs in data/: settings from its .env file
        f"WEIQUAN_OPERATOR_CHAT={GROUP}\nWEIQUAN_OPERATORS={ADVISER}\nWEIQUAN_NOW={ON_DUTY}\n")
    with EmulatorThread(token=TOKEN) as emu:
        emu.add_group(GROUP, "顾问群", is_forum=True)
        alice, bob = ProcessChat(emu, ALICE), ProcessChat(emu, BOB)
        desk = ProcessChat(emu, GROUP, group=True)  # the advisers' group, as they read it
        emu.add_user(ADVISER, first_name="王顾问")
        first = BotProcess(framework, emu.base, data)
        alice.bot = bob.bot = desk.bot = first
        try:
            first.ready(emu)
            alice.send("/human 快递一直不动")
            card = desk.wait_reply("/take")
            thread = card.raw.thread_id
            assert thread is not None
            emu.group_message(GROUP, ADVISER, "/take", thread_id=thread)
            alice.wait_reply("顾问已接手")
            bob.send("转人工")
            bob.wait_reply("前面还有")
            emu.wait_until(lambda: sum("/take" in m.content for m in emu.sent(GROUP)) == 2, WAIT)
            emu.wait_idle(WAIT)
        finally:
            first.kill()
        db = data / "weiquan.db"
        assert handover(db, ALICE) == ("taken", ADVISER) and handover(db, BOB) == ("waiting", None)
        mark = emu.mark()
        alice.send("补充：订单号 1234567890123456")  # arrives while no bot runs

        second = BotProcess(framework, emu.base, data)
        alice.bot = bob.bot = desk.bot = second
        try:
            second.ready(emu)
            copied = desk.wait_reply("补充：订单号", since=mark)
            assert copied.raw.method == "copyMessage" and copied.raw.thread_id == thread
            emu.group_message(GROUP, ADVISER, "好的，我查一下物流。", thread_id=thread)
            got = alice.wait_reply("我查一下物流", since=mark)
            assert got.raw.method == "copyMessage"
            emu.group_message(GROUP, ADVISER, "/queue")
            queue = desk.wait_reply("等待中的请求", since=mark)
            assert waiting(queue.content) == [BOB]
            emu.group_message(GROUP, ADVISER, "/close", thread_id=thread)
            alice.wait_reply("已回到机器人", since=mark)
            emu.wait_idle(WAIT)
        finally:
            code = second.terminate()
        assert code == 0, second.output()[-3000:]
    assert handover(db, ALICE) == ("closed", ADVISER) and handover(db, BOB) == ("waiting", None)
    assert len(emu.topics(GROUP)) == 2  # no topic opened twice after the restart
    copies = [m for m in emu.sent(GROUP) if "补充：订单号" in m.content]
    assert len(copies) == 1
