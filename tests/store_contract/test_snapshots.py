"""A user's snapshot: what `step` reads and what one commit writes back."""

from __future__ import annotations

from bot.store.contract import Store
from dialogs.snapshot import CaseEvent, CaseNote, Snapshot
from tests.store_contract.given import AT, case, evidence, saved


def test_an_unknown_user_loads_as_a_new_session(store: Store) -> None:
    snap = store.load(5, 50, "en", "Europe/Berlin")
    assert (snap.session.user_id, snap.session.chat_id, snap.session.lang) == (5, 50, "en")
    assert snap.cases == {} and snap.evidence == [] and snap.tz == "Europe/Berlin"
    assert snap.next_case_id == 1


def test_the_session_round_trips_whole(store: Store) -> None:
    def change(s: Snapshot) -> None:
        s.session.state, s.session.slot, s.session.lang_chosen = "filling", "order_no", True
        s.session.trail = ["category", "订单号"]
        s.session.pending_files = [{"file_id": "x", "caption": "截图 1"}]
        s.session.label_batch = [3, 4]

    snap = saved(store, store.load(1, 10, "zh", "Asia/Shanghai"), change)
    s = snap.session
    assert (s.state, s.slot, s.lang_chosen, s.chat_id) == ("filling", "order_no", True, 10)
    assert s.trail == ["category", "订单号"] and s.label_batch == [3, 4]
    assert s.pending_files == [{"file_id": "x", "caption": "截图 1"}]


def test_a_case_round_trips_with_its_timeline_and_notes(store: Store) -> None:
    case_id = case(store, 1, fields={"order_no": "123", "问题": "掉色"}, snoozed={"r": "x"})
    snap = store.load(1, 1, "zh", "Asia/Shanghai")
    c = snap.cases[case_id]
    assert (c.status, c.category, c.fields) == ("draft", "quality", {"order_no": "123",
                                                                      "问题": "掉色"})
    assert c.meta == {"snoozed": {"r": "x"}} and c.created_at == AT
    assert [(e.kind, e.at) for e in c.events] == [("opened", AT)] and c.events[0].id is not None
    assert [(n.kind, n.text) for n in c.notes] == [("story", "店家不理我")]
    assert snap.session.current_case_id == case_id and snap.next_case_id == case_id + 1


def test_saving_again_writes_only_what_is_new(store: Store) -> None:
    case_id = case(store, 1)
    snap = store.load(1, 1, "zh", "Asia/Shanghai")

    def change(s: Snapshot) -> None:
        c = s.cases[case_id]
        c.status, c.fields = "negotiating", {"amount": "899"}
        c.events.append(CaseEvent("seller_contacted", "2026-04-30T09:00:00+08:00", note="电话"))
        c.notes.append(CaseNote("花了899块", AT, kind="answer", field="amount"))

    again = saved(store, snap, change)
    c = saved(store, again, lambda s: None).cases[case_id]  # an unchanged save adds nothing
    assert (c.status, c.fields) == ("negotiating", {"amount": "899"})
    # the timeline in time order, whatever order it was told in
    assert [(e.kind, e.note) for e in c.events] == [("seller_contacted", "电话"), ("opened", "")]
    assert [(n.kind, n.field) for n in c.notes] == [("story", ""), ("answer", "amount")]


def test_cases_are_per_user_and_ids_are_global(store: Store) -> None:
    first = case(store, 1)
    other = case(store, 2)
    second = case(store, 1, status="resolved")
    assert [c.id for c in store.user_cases(1)] == [first, second]
    assert [c.id for c in store.user_cases(2)] == [other]
    assert store.user_cases(3) == []
    assert store.load(3, 3, "zh", "Asia/Shanghai").next_case_id == second + 1


def test_evidence_notes_and_relabel_stay_with_their_user(store: Store) -> None:
    mine, theirs = case(store, 1), case(store, 2)
    a = evidence(store, 1, mine, "a" * 64)
    b = evidence(store, 1, mine, "b" * 64, caption="聊天")
    c = evidence(store, 2, theirs, "c" * 64)
    with store.transaction():
        store.relabel(1, (a.id, c.id), "chat_log")
    notes = store.load(1, 1, "zh", "Asia/Shanghai").evidence
    assert [(n.id, n.label, n.caption) for n in notes] == [(a.id, "chat_log", ""),
                                                           (b.id, None, "聊天")]
    assert [n.label for n in store.evidence_notes(2)] == [None]  # not the other user's


def test_a_session_saved_before_a_field_was_added_loads_with_its_default(store: Store) -> None:
    """A row written by an older version lacks the fields added since: the user goes on where
    they were, the new fields at their defaults (and a row as `save` writes it loads whole)."""
    saved(store, store.load(3, 30, "zh", "Asia/Shanghai"),
          lambda s: setattr(s.session, "trail", ["category"]))
    with store.transaction():
        store.db.execute("UPDATE sessions SET state = 'filling', data = "
                         "'{\"user_id\": 3, \"chat_id\": 30, \"lang\": \"en\", "
                         "\"state\": \"filling\", \"slot\": \"shop\"}' WHERE user_id = 3")
    for load in (lambda: store.load(3, 30, "zh", "Asia/Shanghai"),
                 lambda: store.load_event(3, 30, "zh", "Asia/Shanghai").snapshot):
        s = load().session
        assert (s.state, s.slot, s.lang, s.trail, s.screen_offer) == ("filling", "shop", "en",
                                                                       [], None)
    saved(store, store.load(3, 30, "zh", "Asia/Shanghai"),
          lambda s: setattr(s.session, "trail", ["shop"]))
    whole = store.load_event(3, 30, "zh", "Asia/Shanghai").snapshot.session
    assert (whole.slot, whole.trail, whole.pending_files) == ("shop", ["shop"], [])
