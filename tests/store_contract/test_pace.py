"""Send rates shared through the store: every connection's reservations together keep the
overall rate and each chat's rate, as Telegram counts them for the whole bot."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from bot.store.contract import Store

NOW = 1_800_000_000.0
OVERALL = 1 / 30


def test_a_chat_gets_its_burst_then_one_slot_per_interval(store: Store) -> None:
    slots = [store.pace.reserve("7", 1.0, 3, OVERALL, NOW) for _ in range(5)]
    assert slots[0] == NOW
    assert slots[1] == pytest.approx(NOW + OVERALL, abs=1e-6)  # the burst, spaced only overall
    assert slots[2] == pytest.approx(NOW + 2 * OVERALL, abs=1e-6)
    assert slots[3] == pytest.approx(NOW + 1.0, abs=1e-6)
    assert slots[4] == pytest.approx(NOW + 2.0, abs=1e-6)
    later = store.pace.reserve("7", 1.0, 3, OVERALL, NOW + 10)
    assert later == NOW + 10  # an idle chat starts afresh


def test_two_connections_share_the_overall_rate_and_a_chats_rate(store: Store,
                                                                 second: Store) -> None:
    slots = [(store if n % 2 else second).pace.reserve(str(n), 1.0, 3, OVERALL, NOW)
             for n in range(60)]
    assert slots == sorted(slots)
    assert all(b - a == pytest.approx(OVERALL, abs=1e-6) for a, b in zip(slots, slots[1:], strict=False))
    mine = [store.pace.reserve("solo", 1.0, 1, OVERALL, NOW),
            second.pace.reserve("solo", 1.0, 1, OVERALL, NOW)]
    assert mine[1] - mine[0] >= 1.0 - 1e-6


def test_an_overall_slot_is_never_before_its_chats_slot(store: Store) -> None:
    store.pace.reserve("5", 1.0, 1, OVERALL, NOW)
    at = store.pace.reserve("5", 1.0, 1, OVERALL, NOW)
    assert at == pytest.approx(NOW + 1.0, abs=1e-6)
    other = store.pace.reserve("6", 1.0, 1, OVERALL, NOW)  # the slot after NOW+1 is taken
    assert NOW < other < NOW + 1.0
    assert store.pace.reserve(None, 1.0, 1, OVERALL, NOW + 1.0) == pytest.approx(
        NOW + 1.0 + OVERALL)  # an edit: overall only


def test_racing_connections_never_get_overall_slots_too_close(
        opened: Callable[[], Store]) -> None:
    stores = [opened() for _ in range(4)]
    got: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(len(stores))

    def reserve(n: int, store: Store) -> None:
        start.wait()
        for i in range(25):
            at = store.pace.reserve(f"{n}-{i}", 1.0, 3, OVERALL, NOW)
            with lock:
                got.append(at)

    threads = [threading.Thread(target=reserve, args=(n, s)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    got.sort()
    assert len(got) == 100
    assert all(b - a >= OVERALL - 1e-6 for a, b in zip(got, got[1:], strict=False))
