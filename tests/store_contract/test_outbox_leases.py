"""Outbox rows claimed with a lease: no row to two senders, one sender per chat at a time, a dead
sender's rows taken over when its lease ends, and no settling of a row someone else holds."""

from __future__ import annotations

import threading
from collections.abc import Callable

from bot.store.contract import Store
from tests.store_contract.given import AT, key, reply, row

A, B = "host-a:1:aaaa", "host-b:2:bbbb"


def ids(rows: list[dict[str, object]]) -> list[object]:
    return [r["id"] for r in rows]


def test_a_claim_takes_due_rows_in_order_and_says_whose_they_are(store: Store) -> None:
    late = reply(store, 1, key(5))
    early = reply(store, 2, key(1))
    reply(store, 3, key(30))  # not due
    got = store.rows.claim(A, key(10), key(11))
    assert ids(got) == [early, late]
    assert {k: got[0][k] for k in ("chat_id", "kind", "attempts", "uncertain")} == {
        "chat_id": 2, "kind": "send_text", "attempts": 0, "uncertain": 0}
    assert got[0]["payload"] == {"text": "好的"}
    assert store.rows.claimants() == [A]
    assert store.rows.claim(A, key(10), key(11)) == []  # its own rows are not handed out again
    assert (row(store, early)["held_by"], row(store, early)["held_until"]) == (A, key(11))


def test_two_claimants_never_share_a_row_nor_a_chat(store: Store, second: Store) -> None:
    first = reply(store, 1, key(0))
    other = reply(store, 2, key(0))
    assert ids(store.rows.claim(A, key(1), key(5), limit=1)) == [first]
    later = reply(store, 1, key(1))  # chat 1 is A's while A holds a live lease there
    assert ids(second.rows.claim(B, key(2), key(6))) == [other]
    assert second.rows.claim(B, key(2), key(6)) == []
    assert ids(store.rows.claim(A, key(2), key(6))) == [later]


def test_claims_racing_from_many_connections_hand_each_row_out_once(
        opened: Callable[[], Store]) -> None:
    setup = opened()
    rows = [reply(setup, chat, key(0)) for chat in range(1, 21) for _ in range(10)]
    stores = [opened() for _ in range(4)]
    got: dict[str, list[dict[str, object]]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(len(stores))

    def claimant(n: int, store: Store) -> None:
        owner = f"host:{n}:x"
        try:
            start.wait()
            while batch := store.rows.claim(owner, key(1), key(9), limit=7, per_chat=3):
                got.setdefault(owner, []).extend(batch)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=claimant, args=(n, s)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    claimed = [r["id"] for batch in got.values() for r in batch]
    assert sorted(claimed) == sorted(rows)  # every row once
    chats = {owner: {r["chat_id"] for r in batch} for owner, batch in got.items()}
    owners = list(chats)
    assert all(not chats[a] & chats[b] for a in owners for b in owners if a < b)
    assert all(row(setup, r)["status"] == "pending" for r in rows)


def test_a_live_lease_holds_and_an_expired_one_is_taken_over(store: Store,
                                                             second: Store) -> None:
    text = reply(store, 1, key(0))
    assert ids(store.rows.claim(A, key(1), key(5))) == [text]
    assert second.rows.claim(B, key(4), key(8)) == []  # A's lease runs until key(5)
    assert store.rows.renew(A, key(10)) == 1
    assert second.rows.claim(B, key(9), key(14)) == []
    assert ids(second.rows.claim(B, key(10), key(14))) == [text]  # over at key(10)
    assert store.rows.claimants() == [B]


def test_settling_a_row_someone_else_now_holds_is_refused(store: Store, second: Store) -> None:
    text = reply(store, 1, key(0))
    store.rows.claim(A, key(1), key(2))
    assert store.rows.sending(text, AT, owner=A)
    assert store.rows.sending(text, AT, owner=A)  # the next part of a split message
    assert row(store, text)["attempts"] == 1
    assert ids(second.rows.claim(B, key(3), key(9))) == [text]  # A's lease ran out mid-send
    assert row(store, text)["status"] == "pending"
    with store.transaction():
        assert not store.rows.sent(text, AT, owner=A)
        assert not store.mark_sent(text, AT, owner=A)
        assert not store.rows.sending(text, AT, owner=A)
        assert not store.rows.retry(text, key(20), "network: down", AT, owner=A)
        assert not store.rows.end(text, "failed", "400", owner=A)
    assert row(store, text)["status"] == "pending"
    with second.transaction():
        assert second.rows.sending(text, AT, owner=B)
        assert second.rows.sent(text, AT, owner=B)
    assert row(store, text)["status"] == "sent"


def test_what_a_dead_sender_left_sending_is_settled_when_its_lease_ends(
        store: Store, second: Store) -> None:
    rem = reply(store, 1, key(0), kind="reminder",
                payload={"rule": "r", "key": "k", "message": {"kind": "send_text"}})
    text = reply(store, 2, key(0))
    queued = reply(store, 2, key(0))
    store.rows.claim(A, key(1), key(3))
    with store.transaction():
        assert store.rows.sending(rem, AT, owner=A)
        assert store.rows.sending(text, AT, owner=A)
    assert second.rows.claim(B, key(2), key(9)) == []
    assert ids(second.rows.claim(B, key(3), key(9))) == [text, queued]
    assert row(store, rem)["status"] == "unknown"  # at most once: never sent again
    assert "lease" in row(store, rem)["error"]
    assert (row(store, text)["status"], row(store, text)["attempts"]) == ("pending", 1)


def test_a_job_being_carried_out_for_no_one_goes_on_under_an_owner(store: Store) -> None:
    job = reply(store, 1, key(0), kind="evidence_op")
    free = reply(store, 2, key(0))
    with store.transaction():
        assert store.rows.sending(job, AT)  # the evidence worker's claim: no owner
        assert store.rows.sending(job, AT, owner=A)  # its file, sent by A's transport
        assert not store.rows.sending(free, AT, owner=A)  # pending and not A's: refused
    assert (row(store, job)["attempts"], row(store, free)["status"]) == (1, "pending")


def test_a_reminder_held_while_the_user_blocked_the_bot_is_claimed_again_after(
        store: Store) -> None:
    from tests.store_contract.given import case

    case(store, 1)  # the user's row
    rem = reply(store, 1, key(0), kind="reminder",
                payload={"rule": "r", "key": "k", "message": {"kind": "send_text"}})
    store.rows.claim(A, key(1), key(9))
    with store.transaction():
        store.rows.sending(rem, AT, owner=A)
        store.rows.block(1, AT, "403")  # the 403 met this very reminder
    assert row(store, rem)["status"] == "suspended" and store.rows.claimants() == []
    with store.transaction():
        assert store.rows.unblock(1)
    assert ids(store.rows.claim(A, key(2), key(9))) == [rem]
    with store.transaction():  # an adviser's /ban holds it too, claimed or not
        store.bans.ban(1, 99, AT)
    assert row(store, rem)["status"] == "suspended" and store.rows.claimants() == []
    with store.transaction():
        store.bans.unban(1)
    assert ids(store.rows.claim(A, key(3), key(9))) == [rem]


def test_a_retry_lets_the_claim_go_and_holds_the_chat(store: Store, second: Store) -> None:
    first, later = reply(store, 1, key(0)), reply(store, 1, key(0))
    store.rows.claim(A, key(1), key(9))
    with store.transaction():
        assert store.rows.retry(first, key(5), "network: down", AT, owner=A)
        assert store.rows.release(A, [later]) == 1
    assert store.rows.claimants() == []
    assert second.rows.claim(B, key(2), key(9)) == []  # the chat waits out its retry
    assert ids(second.rows.claim(B, key(5), key(9))) == [first, later]


def test_release_frees_pending_rows_not_one_being_sent(store: Store, second: Store) -> None:
    one, two = reply(store, 1, key(0)), reply(store, 2, key(0))
    store.rows.claim(A, key(1), key(9))
    with store.transaction():
        store.rows.sending(one, AT, owner=A)
    assert store.rows.release(A) == 1
    assert store.rows.release(A, []) == 0
    assert ids(second.rows.claim(B, key(2), key(9))) == [two]  # chat 1: A is sending there


def test_a_claim_skips_unworded_reminders_other_workers_kinds_and_keeps_a_chat_share(
        store: Store) -> None:
    reply(store, 1, key(0), kind="reminder", payload={"rule": "r", "key": "k"})
    job = reply(store, 2, key(0), kind="download_file")
    texts = [reply(store, 3, key(0)) for _ in range(4)]
    got = store.rows.claim(A, key(1), key(9), per_chat=3, apart=frozenset({"download_file"}))
    assert ids(got) == texts[:3]
    assert ids(store.rows.claim(A, key(1), key(9))) == [job, texts[3]]


def test_start_up_recovery_settles_dead_claimants_and_leaves_live_leases(
        store: Store, second: Store) -> None:
    dead_text, dead_queued, live = reply(store, 1, key(0)), reply(store, 2, key(0)), \
        reply(store, 3, key(0))
    store.rows.claim(A, key(1), key(30), per_chat=1, limit=2)
    second.rows.claim(B, key(1), key(30))
    store.rows.sending(dead_text, AT, owner=A)
    second.rows.sending(live, AT, owner=B)
    assert store.rows.recover(key(2), (A,)) == (0, 1)
    assert [row(store, r)["status"] for r in (dead_text, dead_queued, live)] == [
        "pending", "pending", "sending"]
    assert store.rows.claimants() == [B]
    assert store.rows.recover(key(31)) == (0, 1)  # B's lease is over by then


JOB_KINDS = frozenset({"download_file", "evidence_op"})


def test_jobs_are_claimed_one_per_chat_after_its_earlier_replies(store: Store,
                                                                 second: Store) -> None:
    notice = reply(store, 1, key(0))
    first = reply(store, 1, key(0), kind="evidence_op")
    later = reply(store, 1, key(0), kind="download_file")
    other = reply(store, 2, key(0), kind="download_file")
    assert ids(store.rows.claim_jobs(A, key(1), key(5), JOB_KINDS)) == [other]
    with store.transaction():
        store.mark_sent(notice, AT)
    assert ids(second.rows.claim_jobs(B, key(1), key(5), JOB_KINDS)) == [first]
    assert store.rows.claim_jobs(A, key(1), key(5), JOB_KINDS) == []  # B's job holds chat 1
    assert second.rows.claim_jobs(B, key(1), key(5), JOB_KINDS) == []  # one at a time
    with second.transaction():
        assert second.rows.sending(first, AT, owner=B)
        assert second.rows.sent(first, AT, owner=B)
    assert ids(store.rows.claim_jobs(A, key(2), key(5), JOB_KINDS)) == [later]
    assert store.rows.claim(A, key(2), key(5), apart=JOB_KINDS) == []  # jobs are not replies


def test_a_job_whose_runner_died_runs_again_after_its_lease(store: Store,
                                                            second: Store) -> None:
    job = reply(store, 1, key(0), kind="evidence_op")
    store.rows.claim_jobs(A, key(1), key(3), JOB_KINDS)
    with store.transaction():
        store.rows.sending(job, AT, owner=A)
    assert second.rows.claim_jobs(B, key(2), key(9), JOB_KINDS) == []
    got = second.rows.claim_jobs(B, key(3), key(9), JOB_KINDS)
    assert ids(got) == [job] and got[0]["uncertain"] == 1
