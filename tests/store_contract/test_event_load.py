"""`load_event`: everything one event reads, in whatever way the store answers it, says what the
areas say one by one (bot/store/loading.py) — for a user with nothing, and with everything."""

from __future__ import annotations

from bot.store.contract import Store
from bot.store.loading import load_by_areas
from dialogs.snapshot import CaseEvent, CaseNote
from tests.store_contract.given import AT, case, evidence, handover, said

TZ = "Asia/Shanghai"


def same(store: Store, user: int, look_up: int | None = None) -> None:
    got = store.load_event(user, user, "zh", TZ, look_up)
    wanted = load_by_areas(store, user, user, "zh", TZ, look_up)
    assert got.snapshot == wanted.snapshot
    assert got.waiting == wanted.waiting  # `blocked` may be True for anyone: see below


def test_a_new_user_loads_blank_with_the_desks_queue(store: Store) -> None:
    handover(store, "open", 7, AT)
    got = store.load_event(5, 50, "en", TZ)
    s = got.snapshot
    assert (s.session.user_id, s.session.chat_id, s.session.lang) == (5, 50, "en")
    assert (s.cases, s.evidence, s.tally, s.recent) == ({}, [], {}, [])
    assert s.handover is None and s.banned is False and got.waiting == 1
    same(store, 5)


def test_a_user_with_every_area_loads_what_each_area_says(store: Store) -> None:
    counted = case(store, 1, status="negotiating",
                   fields={"shop": "三只松鼠旗舰店", "platform": "tmall"})
    case(store, 2, status="negotiating", fields={"shop": "三只松鼠旗舰店", "platform": "tmall"})
    other = case(store, 1, fields={"shop": "三只松鼠旗舰店", "platform": "tmall"})
    evidence(store, 1, counted)
    with store.transaction():
        store.tally.join(counted, 1, None, AT)
        for text in ("店家不退", "怎么办"):
            said(store, 1, text)
        store.bans.ban(1, 99, AT)
    handover(store, "open", 3, AT)
    handover(store, "open", 1, AT, text="退款")
    got = store.load_event(1, 1, "zh", TZ, other)
    s = got.snapshot
    assert set(s.cases) == {counted, other} and len(s.evidence) == 1
    assert s.tally[counted].counted and s.tally[other].shop_id == s.tally[counted].shop_id
    assert s.recent == ["店家不退", "怎么办"] and s.banned
    assert s.handover is not None and s.handover.position == 2 and got.waiting == 2
    same(store, 1, other)
    same(store, 2)


def test_a_user_who_blocked_the_bot_is_loaded_as_blocked(store: Store) -> None:
    """False would skip lifting the block when they write: it must never be False for them."""
    case(store, 4)
    store.rows.block(4, AT, "403")
    assert store.load_event(4, 4, "zh", TZ).blocked
    with store.transaction():
        assert store.rows.unblock(4)
    same(store, 4)


def test_what_one_event_read_never_keeps_more_than_the_last_ten_messages(store: Store) -> None:
    """Each event loads, then saves with what the user said, in one transaction (the service's
    order); whatever the store skips because of what it read, ten are kept, the newest."""
    def event(*texts: str) -> None:
        with store.transaction():
            before = store.load_event(8, 8, "zh", TZ).snapshot
            for text in texts:
                store.save(before, before.clone(), AT, text)

    for i in range(13):
        event(f"第{i}条")
        assert store.handovers.recent(8) == [f"第{n}条" for n in range(max(0, i - 9), i + 1)]
    event("a", "b")  # two in one transaction, after one load
    assert store.handovers.recent(8)[-2:] == ["a", "b"] and len(store.handovers.recent(8)) == 10


def test_saving_twice_after_one_load_keeps_the_last_save(store: Store) -> None:
    """A store that skips writes leaving rows as it read them must know what it wrote since."""
    case(store, 9)
    with store.transaction():
        before = store.load_event(9, 9, "zh", TZ).snapshot
        changed = before.clone()
        changed.session.state, changed.session.lang = "filling", "en"
        store.save(before, changed, AT)
        store.save(changed, before.clone(), AT)  # and back as it was
    again = store.load(9, 9, "zh", TZ).session
    assert (again.state, again.lang) == (before.session.state, before.session.lang)


def test_cases_load_with_their_timeline_notes_and_meta_in_order(store: Store) -> None:
    """Several cases, a timeline recorded out of order, notes, nested meta and a case with no
    category yet: one event's read gives each case as the areas do, field for field."""
    first = case(store, 11, status="negotiating", fields={"shop": "某店", "amount": "399.00"},
                 understood={"shop": "某店"}, snoozed=[1, 2])
    second = case(store, 11, category=None)
    with store.transaction():
        before = store.load(11, 11, "zh", TZ)
        after = before.clone()
        after.cases[first].events += [CaseEvent("received", "2026-04-20T09:00:00+08:00"),
                                      CaseEvent("paid", "2026-04-18T09:00:00+08:00", "date_only")]
        after.cases[first].notes.append(CaseNote("第二条", AT, kind="answer", field="shop"))
        store.save(before, after, AT)
    got = store.load_event(11, 11, "zh", TZ).snapshot
    assert list(got.cases) == [first, second] and got.cases[second].category is None
    assert [e.kind for e in got.cases[first].events] == ["paid", "received", "opened"]
    assert [n.text for n in got.cases[first].notes] == ["店家不理我", "第二条"]
    assert got.cases[first].meta == {"understood": {"shop": "某店"}, "snoozed": [1, 2]}
    same(store, 11)
