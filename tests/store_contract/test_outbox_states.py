"""The outbox rows' delivery states: every move the sender makes, from every state."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.store.contract import Store
from tests.store_contract.given import AT, key, reply, row

Move = Callable[[Store, int], None]
TO: dict[str, Move] = {  # how a fresh row is brought into a state
    "pending": lambda s, r: None,
    "sending": lambda s, r: s.rows.sending(r, AT),
    "sent": lambda s, r: s.rows.sent(r, AT),
    "failed": lambda s, r: s.rows.end(r, "failed", "400"),
    "unknown": lambda s, r: s.rows.end(r, "unknown", "timeout"),
    "skipped": lambda s, r: s.mark_skipped(r, AT),
}
MOVES: dict[str, Move] = {
    "sending": lambda s, r: s.rows.sending(r, AT),
    "sent": lambda s, r: s.rows.sent(r, AT),
    "retry": lambda s, r: s.rows.retry(r, key(30), "network: down", AT),
    "end_failed": lambda s, r: s.rows.end(r, "failed", "403"),
    "recover_one": lambda s, r: s.rows.recover_one(r),
}
# (state before, move, state after): a move that does not apply leaves the row as it was.
TABLE = [
    ("pending", "sending", "sending"), ("pending", "sent", "sent"),
    ("pending", "retry", "pending"), ("pending", "end_failed", "failed"),
    ("pending", "recover_one", "pending"),
    ("sending", "sending", "sending"), ("sending", "sent", "sent"),
    ("sending", "retry", "pending"), ("sending", "end_failed", "failed"),
    ("sending", "recover_one", "pending"),
    ("sent", "sending", "sent"), ("sent", "sent", "sent"), ("sent", "retry", "sent"),
    ("sent", "end_failed", "sent"), ("sent", "recover_one", "sent"),
    ("failed", "sending", "failed"), ("failed", "sent", "failed"),
    ("failed", "retry", "failed"), ("unknown", "sent", "unknown"),
    ("unknown", "sending", "unknown"), ("skipped", "sent", "skipped"),
]


@pytest.mark.parametrize(("start", "move", "end"), TABLE,
                         ids=[f"{a}-{m}" for a, m, _ in TABLE])
def test_state_moves(store: Store, start: str, move: str, end: str) -> None:
    row_id = reply(store, 1, key(0))
    with store.transaction():
        TO[start](store, row_id)
        MOVES[move](store, row_id)
    assert row(store, row_id)["status"] == end


def test_sending_counts_attempts_and_a_retry_keeps_the_reason(store: Store) -> None:
    row_id = reply(store, 1, key(0))
    with store.transaction():
        store.rows.sending(row_id, AT)
        store.rows.retry(row_id, key(30), "network: " + "x" * 900, AT, uncertain=True)
        store.rows.sending(row_id, AT)
    r = row(store, row_id)
    assert (r["status"], r["attempts"], r["retry_at"]) == ("sending", 2, key(30))
    assert r["error"].startswith("network: ") and len(r["error"]) == 500
    with store.transaction():
        store.rows.sent(row_id, AT)
    assert row(store, row_id)["retry_at"] is None


def test_a_reminder_left_sending_is_recovered_as_unknown(store: Store) -> None:
    rem = reply(store, 1, key(0), kind="reminder", payload={"rule": "r", "key": "k"})
    text = reply(store, 2, key(0))
    idle = reply(store, 3, key(0))
    with store.transaction():
        store.rows.sending(rem, AT)
        store.rows.sending(text, AT)
    assert store.rows.recover() == (1, 1)
    assert [row(store, r)["status"] for r in (rem, text, idle)] == ["unknown", "pending",
                                                                    "pending"]
    assert store.rows.recover() == (0, 0)
    uncertain = {r["id"]: r["uncertain"] for r in store.due(key(5))}
    assert uncertain == {text: 1, idle: 0}


def test_recover_one_ends_a_reminder_unknown(store: Store) -> None:
    rem = reply(store, 1, key(0), kind="reminder", payload={"rule": "r", "key": "k"})
    with store.transaction():
        store.rows.sending(rem, AT)
        store.rows.recover_one(rem)
    assert row(store, rem)["status"] == "unknown"


def test_parts_sent_round_trip(store: Store) -> None:
    row_id = reply(store, 1, key(0))
    assert store.rows.parts_sent(row_id) == 0 and store.rows.parts_sent(row_id + 99) == 0
    with store.transaction():
        store.rows.part_sent(row_id, 2)
    assert store.rows.parts_sent(row_id) == 2


def test_a_block_suspends_reminders_and_fails_the_rest_until_unblocked(store: Store) -> None:
    from tests.store_contract.given import case

    case(store, 1)  # the user (chat 1)
    rem = reply(store, 1, key(0), kind="reminder", payload={"rule": "r", "key": "k"})
    met = reply(store, 1, key(0), kind="reminder", payload={"rule": "s", "key": "m"})
    text = reply(store, 1, key(0))
    elsewhere = reply(store, 2, key(0))
    with store.transaction():
        store.rows.sending(met, AT)  # the reminder that met the 403
    store.rows.block(1, AT, "403 blocked")
    assert [row(store, r)["status"] for r in (rem, met, text, elsewhere)] == [
        "suspended", "suspended", "failed", "pending"]
    with store.transaction():
        assert store.rows.unblock(1) is True
        assert store.rows.unblock(1) is False  # not blocked any more
    assert [row(store, r)["status"] for r in (rem, met, text)] == ["pending", "pending",
                                                                   "failed"]
