"""Hand-overs: one open request per user, the queue, threads, links and recent messages."""

from __future__ import annotations

from bot.store.contract import Store
from tests.store_contract.given import handover, said

T1, T2, T3 = (f"2026-05-01T10:00:0{i}+08:00" for i in (1, 2, 3))


def test_a_request_waits_in_the_queue_in_order(store: Store) -> None:
    handover(store, "open", 1, T1, text="退款不给")
    handover(store, "open", 2, T2)
    handover(store, "open", 1, T3, text="again")  # one open request per user: ignored
    one, two = store.handovers.note_for(1), store.handovers.note_for(2)
    assert one is not None and two is not None
    assert (one.state, one.reason, one.requested_at, one.position) == ("waiting", "退款不给",
                                                                       T1, 1)
    assert two.position == 2 and store.handovers.waiting() == 2
    assert [(q.user_id, q.state) for q in store.handovers.queue()] == [(1, "waiting"),
                                                                       (2, "waiting")]
    assert store.handovers.note_for(3) is None


def test_taking_and_closing_a_request(store: Store) -> None:
    handover(store, "open", 1, T1, case_id=None)
    handover(store, "open", 2, T2)
    handover(store, "take", 1, T2, adviser_id=99)
    taken = store.handovers.note_for(1)
    assert taken is not None and (taken.state, taken.adviser_id, taken.position) == (
        "taken", 99, 0)
    assert store.handovers.note_for(2).position == 1  # type: ignore[union-attr]
    assert store.handovers.waiting() == 1
    handover(store, "note", 1, T3, adviser_id=99, text="已联系商家")
    handover(store, "close", 1, T3, text="adviser")
    assert store.handovers.note_for(1) is None
    assert [q.user_id for q in store.handovers.queue()] == [2]
    handover(store, "open", 1, T3)  # closed: a new request may open
    assert store.handovers.note_for(1).state == "waiting"  # type: ignore[union-attr]


def test_threads_cards_and_links_route_group_messages(store: Store) -> None:
    handover(store, "open", 1, T1)
    handover(store, "open", 2, T1)
    first = store.handovers.open_row(1)
    assert first is not None and first["thread_id"] is None and first["card"] is None
    with store.transaction():
        store.handovers.set_thread(first["id"], 555)
        store.handovers.set_card(first["id"], 10)
        store.handovers.link(-100, 10, first["id"])
        store.handovers.link(-100, 10, first["id"])  # again: one link
        second = store.handovers.open_row(2)
        assert second is not None
        store.handovers.set_thread(second["id"], None, 20)
        store.handovers.link(-100, 20, second["id"])
    assert store.handovers.open_row(1) == {"id": first["id"], "thread_id": 555, "card": 10}
    route = store.handovers.user_for
    assert route(-100, 555, None) == 1  # by its topic
    assert route(-100, None, 20) == 2  # by what it replies to
    assert route(-100, 777, 20) == 2  # an unknown topic: the reply decides
    assert route(-100, None, 21) is None and route(-200, None, 20) is None
    assert store.handovers.ours(-100, 10) and not store.handovers.ours(-100, 11)
    assert not store.handovers.ours(-100, None)
    handover(store, "close", 1, T2)
    assert route(-100, 555, None) is None  # a closed hand-over's topic routes to no one
    assert store.handovers.open_row(3) is None


def test_recent_messages_keep_the_last_ten_cut_to_500(store: Store) -> None:
    with store.transaction():
        for i in range(12):
            said(store, 1, f"第{i}条", T1)
        said(store, 1, "长" * 600, T1)
        said(store, 2, "别人的", T1)
    recent = store.handovers.recent(1)
    assert recent[:-1] == [f"第{i}条" for i in range(3, 12)] and recent[-1] == "长" * 500
    assert store.handovers.recent(2) == ["别人的"] and store.handovers.recent(3) == []


def test_a_shoppers_topic_copies_and_edits(store: Store) -> None:
    """The topic of a shopper's earlier hand-over is found again (to reopen it); a copy of the
    shopper's message is found while its hand-over is open (an edit follows it), not after."""
    handover(store, "open", 1, T1)
    first = store.handovers.open_row(1)
    assert first is not None
    with store.transaction():
        store.handovers.set_thread(first["id"], 555)
        store.handovers.link(-100, 11, first["id"], user_message_id=7)
    assert store.handovers.copy_of(1, 7) == (-100, 11)
    assert store.handovers.copy_of(1, 8) is None and store.handovers.copy_of(2, 7) is None
    assert store.handovers.previous_thread(1, first["id"]) is None
    handover(store, "close", 1, T2, text="adviser")
    assert store.handovers.copy_of(1, 7) is None  # what the advisers saw stays as it was
    assert store.handovers.user_for(-100, 555, None) is None  # closed: routes to no one ...
    assert store.handovers.last_user_for(-100, 555, None) == 1  # ... but it is still theirs
    assert store.handovers.last_user_for(-100, None, 11) == 1
    assert store.handovers.last_user_for(-100, 556, 12) is None
    handover(store, "open", 1, T3)
    second = store.handovers.open_row(1)
    assert second is not None and second["id"] != first["id"]
    assert store.handovers.previous_thread(1, second["id"]) == 555


def test_a_ban_holds_reminders_until_it_is_lifted(store: Store) -> None:
    with store.transaction():
        store.enqueue(1, 1, "reminder", {"kind": "reminder"}, "2026-05-02T00:00:00.000000+00:00",
                      T1, None)
        store.enqueue(1, 1, "send_text", {"kind": "send_text", "chat_id": 1, "text": "hi"},
                      "2026-05-01T00:00:00.000000+00:00", T1, None)
    assert not store.bans.is_banned(1)
    with store.transaction():
        store.bans.ban(1, 99, T2)
        store.bans.ban(1, 98, T3)  # again: still one ban
    assert store.bans.is_banned(1) and not store.bans.is_banned(2)
    assert states(store) == [("reminder", "suspended"), ("send_text", "pending")]
    with store.transaction():
        assert store.rows.unblock(1) is False  # coming back from a block does not lift a ban
        store.bans.unban(1)
    assert not store.bans.is_banned(1)
    assert states(store)[0] == ("reminder", "pending")


def states(store: Store) -> list[tuple[str, str]]:
    _, rows = store.outbox_listing(("pending", "suspended", "sent"), 10)
    return [(r["kind"], r["status"]) for r in reversed(rows)]
