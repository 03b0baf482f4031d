"""Webhook album parts: kept once each, found when quiet, claimed by one replica at a time, a dead
replica's claim taken over, and gone once applied."""

from __future__ import annotations

from bot.store.contract import Store


def t(second: int) -> str:
    """A fixed-width UTC time, `second` seconds after a minute."""
    return f"2026-05-01T02:00:{second:02d}.000000+00:00"


def parts(store: Store, album: str = "g1", user: int = 7, ids: tuple[int, ...] = (1, 2, 3),
          second: int = 0) -> None:
    for n, update_id in enumerate(ids):
        store.albums.add("telegram", update_id, user, album, f'{{"update_id": {update_id}}}',
                         t(second + n))


def test_a_part_is_kept_once(store: Store) -> None:
    assert store.albums.add("telegram", 1, 7, "g1", "{}", t(0))
    assert not store.albums.add("telegram", 1, 7, "g1", "{}", t(1))  # Telegram's retry
    assert store.albums.add("console", 1, 7, "g1", "{}", t(1))  # another source's id
    assert [u.update_id for u in store.albums.claim("telegram", "g1", "a", t(5), t(30))] == [1]


def test_an_album_is_quiet_after_its_newest_part(store: Store) -> None:
    parts(store, "g1", 7, (1, 2, 3), second=0)  # newest part at 2 s
    parts(store, "g2", 8, (4,), second=5)
    assert store.albums.quiet("telegram", before=t(1), now=t(3)) == []
    assert store.albums.quiet("telegram", before=t(2), now=t(3)) == [(7, "g1")]
    assert store.albums.quiet("telegram", before=t(9), now=t(10)) == [(7, "g1"), (8, "g2")]
    assert store.albums.quiet("console", before=t(9), now=t(10)) == []


def test_one_replica_holds_an_album_until_its_claim_expires(store: Store,
                                                            second: Store) -> None:
    parts(store)
    got = store.albums.claim("telegram", "g1", "replica-a", now=t(5), until=t(20))
    assert [(u.update_id, u.body) for u in got] == [
        (1, '{"update_id": 1}'), (2, '{"update_id": 2}'), (3, '{"update_id": 3}')]
    assert second.albums.claim("telegram", "g1", "replica-b", now=t(6), until=t(21)) == []
    assert second.albums.quiet("telegram", before=t(5), now=t(6)) == []  # held: not offered
    # replica-a died: after its claim ran out, b takes the album over
    assert second.albums.quiet("telegram", before=t(5), now=t(21)) == [(7, "g1")]
    taken = second.albums.claim("telegram", "g1", "replica-b", now=t(21), until=t(40))
    assert [u.update_id for u in taken] == [1, 2, 3]
    assert store.albums.done("telegram", "g1", "replica-a") == 0  # not a's any more
    assert second.albums.done("telegram", "g1", "replica-b") == 3
    assert store.albums.of_user("telegram", 7) == []


def test_done_leaves_a_part_that_came_after_the_claim(store: Store) -> None:
    parts(store, ids=(1, 2))
    store.albums.claim("telegram", "g1", "a", now=t(5), until=t(20))
    store.albums.add("telegram", 3, 7, "g1", "{}", t(6))  # late: a new round
    assert store.albums.done("telegram", "g1", "a") == 2
    assert [u.update_id for u in store.albums.claim("telegram", "g1", "b", t(8), t(30))] == [3]


def test_a_let_go_album_can_be_taken_at_once(store: Store, second: Store) -> None:
    parts(store)
    store.albums.claim("telegram", "g1", "a", now=t(5), until=t(50))
    store.albums.let_go("telegram", "g1", "a")
    assert second.albums.quiet("telegram", before=t(5), now=t(6)) == [(7, "g1")]
    assert len(second.albums.claim("telegram", "g1", "b", now=t(6), until=t(30))) == 3


def test_done_inside_a_transaction_rolls_back_with_it(store: Store) -> None:
    parts(store)
    store.albums.claim("telegram", "g1", "a", now=t(5), until=t(50))
    try:
        with store.transaction():
            store.albums.done("telegram", "g1", "a")
            raise RuntimeError("the commit failed")
    except RuntimeError:
        pass
    assert store.albums.of_user("telegram", 7) == ["g1"]


def test_a_users_albums_in_the_order_they_began(store: Store) -> None:
    parts(store, "late", 7, (5, 6), second=10)
    parts(store, "early", 7, (1, 2), second=0)
    parts(store, "other", 8, (3,), second=1)
    assert store.albums.of_user("telegram", 7) == ["early", "late"]
