"""转人工: two shoppers hand over, an adviser takes one, messages flow both ways in the right
threads, a note stays internal, a stranger's /close is refused, /close returns the user."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.desk.config import DeskConfig
from tests.chat import T0, Chat, FakeClock, RecordingTransport
from tests.test_intake import answer_everything

GROUP, ADVISER, STRANGER = -100500, 777, 888
DESK = DeskConfig(GROUP, frozenset({ADVISER}), time(9, 0), time(21, 0))


def pair(db: Path, forum: bool = True) -> tuple[Chat, Chat]:
    transport = RecordingTransport(forum=forum)
    clock = FakeClock(T0)
    alice = Chat(db, user_id=1, desk=DESK, transport=transport, clock=clock)
    bob = Chat(db, user_id=2, desk=DESK, transport=transport, clock=clock)
    return alice, bob


def thread_of(chat: Chat, user: int) -> int | None:
    row = chat.store.db.execute("SELECT thread_id, card_message_id FROM handovers WHERE "
                                "user_id=? ORDER BY id DESC", [user]).fetchone()
    return row[0] if row else None


def card_of(chat: Chat, user: int) -> int:
    return int(chat.store.db.execute("SELECT card_message_id FROM handovers WHERE user_id=? "
                                     "ORDER BY id DESC", [user]).fetchone()[0])


def queue(chat: Chat) -> str:
    chat.adviser(GROUP, ADVISER, "/queue")
    return chat.transport.group(GROUP)[-1].text


@pytest.mark.parametrize("forum", [True, False])
def test_two_users_an_adviser_and_the_right_threads(db: Path, forum: bool) -> None:
    alice, bob = pair(db, forum)
    alice.send("投诉")
    alice.click("假货")
    answer_everything(alice)
    alice.click("确认提交")
    alice.send("商家一直不回复")
    replies = alice.send("转人工")
    assert "前面还有 1 位" in replies[0] and "时限提醒照常" in replies[0]
    card = alice.transport.group(GROUP)[-1].text
    for shown in ("案件 #1", "假货", "2345678901234567890", "商家一直不回复", "/take"):
        assert shown in card
    assert "等待中的请求（1 个" in queue(alice)
    bob.send("/human 退款一直没到账")
    assert "前面还有 2 位" in bob.last
    assert "等待中的请求（2 个" in queue(alice)

    alice_at = thread_of(alice, 1) if forum else None
    alice_card = card_of(alice, 1)
    reply_to = None if forum else alice_card
    assert (alice_at is not None) == forum
    to_user = alice.adviser(GROUP, ADVISER, "/take", alice_at, reply_to)
    assert "顾问已接手" in to_user[0]
    assert "等待中的请求（1 个" in queue(alice)

    alice.send("订单号已经发给你了")  # relayed into her thread, not Bob's
    relayed = alice.transport.group(GROUP)[-1]
    assert relayed.text == "订单号已经发给你了"
    assert (relayed.thread_id == alice_at) if forum else (relayed.reply_to == alice_card)
    to_user = alice.adviser(GROUP, ADVISER, "收到，我来联系平台。", alice_at, reply_to)
    assert to_user == ["收到，我来联系平台。"]
    assert bob.transport.sent[-1].action.chat_id == 1  # type: ignore[union-attr]

    assert alice.adviser(GROUP, ADVISER, "/note 用户情绪激动，先安抚", alice_at, reply_to) == []
    notes = alice.store.db.execute("SELECT text FROM handover_notes").fetchall()
    assert notes == [("用户情绪激动，先安抚",)]

    assert alice.adviser(GROUP, STRANGER, "/close", alice_at, reply_to) == []
    assert "只有登记的顾问" in alice.transport.group(GROUP)[-1].text
    assert alice.store.db.execute("SELECT state FROM handovers WHERE user_id=1").fetchone()[0] \
        == "taken"
    assert alice.adviser(GROUP, STRANGER, "随便说点", alice_at, reply_to) == []  # not relayed

    to_user = alice.adviser(GROUP, ADVISER, "/close", alice_at, reply_to)
    assert "回到机器人" in to_user[0]
    alice.send("/status")
    assert "案件 #1" in alice.last  # the bot answers again
    assert "等待中的请求（1 个" in queue(alice)
    bob.send("/done")
    assert "已回到机器人" in bob.last
    assert "没有等待中的请求" in queue(alice)
    alice.close()
    bob.close()


def test_outside_hours(db: Path) -> None:
    night = FakeClock(T0.replace(hour=23))
    chat = Chat(db, user_id=5, desk=DESK, clock=night)
    chat.send("转人工")
    assert "不在顾问服务时间" in chat.last and "9510211" in chat.last
    assert chat.transport.group(GROUP)  # the card is there for the morning
    chat.close()


def test_a_form_left_for_an_adviser_continues_after(db: Path) -> None:
    chat = Chat(db, user_id=5, desk=DESK)
    chat.send("投诉")
    chat.click("假货")
    chat.click("天猫")
    chat.send("转人工")
    chat.send("店名我不确定怎么写")
    assert chat.transport.group(GROUP)[-1].text == "店名我不确定怎么写"
    chat.send("/done")
    assert "店铺名称" in chat.last
    chat.close()


def test_nothing_a_user_types_reaches_the_group_outside_their_thread(db: Path) -> None:
    chat = Chat(db, user_id=5, desk=DESK)
    chat.send("/start")
    chat.send("你好")
    chat.send("七天无理由怎么算")
    assert chat.transport.group(GROUP) == []
    chat.close()


def test_case_show_has_the_handover(db: Path) -> None:
    from bot.store.cases import show_case

    alice, _ = pair(db)
    alice.send("投诉")
    alice.click("假货")
    answer_everything(alice)
    alice.click("确认提交")
    alice.send("转人工")
    alice.adviser(GROUP, ADVISER, "/take", thread_of(alice, 1))
    case = show_case(alice.store, 1)
    assert case is not None and case["handover"]["state"] == "taken"
    assert case["handover"]["adviser"] == ADVISER


def test_a_deleted_topic_is_recreated(db: Path) -> None:
    alice, _ = pair(db)
    alice.send("转人工")
    old = thread_of(alice, 1)
    assert old is not None
    alice.transport.deleted_topics.add(old)
    alice.send("还在吗？")
    new = thread_of(alice, 1)
    assert new is not None and new != old
    in_new = [m.text for m in alice.transport.group(GROUP) if m.thread_id == new]
    assert in_new[-1] == "还在吗？" and "原来的话题被删除了" in in_new[0]
    assert "收到" in alice.adviser(GROUP, ADVISER, "收到", new)  # routed by the new topic


def test_a_card_that_failed_after_its_topic_was_made_reuses_the_topic(db: Path) -> None:
    """The process died (here: the send failed) between opening the forum topic and posting the
    card: the retried row finds the saved thread and posts the card there, no second topic."""
    from bot.transport import Transient

    class CardFailsOnce(RecordingTransport):
        failed = False

        async def send(self, chat_id: int, text: str, thread_id: int | None,
                       reply_to: int | None) -> int:
            if chat_id == GROUP and not self.failed:
                self.failed = True
                raise Transient("connection reset after the topic was created")
            return await super().send(chat_id, text, thread_id, reply_to)

    transport = CardFailsOnce(forum=True)
    clock = FakeClock(T0)
    alice = Chat(db, user_id=1, desk=DESK, transport=transport, clock=clock)
    alice.send("转人工")
    assert len(transport.topics) == 1
    saved = thread_of(alice, 1)
    assert saved is not None  # committed before the card went
    clock.advance(minutes=10)  # the row's next try
    alice.dispatch_due()
    assert len(transport.topics) == 1 and thread_of(alice, 1) == saved
    cards = [m for m in transport.group(GROUP) if m.thread_id == saved]
    assert len(cards) == 1 and card_of(alice, 1) == cards[0].message_id
    alice.close()
