"""Every store offers the whole protocol, with the protocol's parameter names."""

from __future__ import annotations

import inspect

import pytest

from bot.store import contract
from bot.store.contract import Store

AREAS = [
    (None, contract.Updates), (None, contract.Snapshots), (None, contract.Outbox),
    (None, contract.Liveness), ("rows", contract.OutboxStates), ("pace", contract.SendRates),
    ("evidence", contract.EvidenceRows), ("users", contract.UserRows),
    ("handovers", contract.HandoverRows), ("cases", contract.CaseRows),
    ("deferred", contract.DeferredRows), ("purges", contract.Purges),
    ("bans", contract.BanRows), ("tally", contract.Tallies), ("albums", contract.AlbumRows),
]


def _methods(protocol: type) -> list[str]:
    return [n for n, v in vars(protocol).items() if callable(v) and not n.startswith("_")]


def test_a_store_is_a_store(store: Store) -> None:
    assert isinstance(store, Store)
    assert isinstance(store.errors, tuple) and store.errors
    assert store.in_transaction is False


@pytest.mark.parametrize(("area", "protocol"), AREAS, ids=[p.__name__ for _, p in AREAS])
def test_every_method_of_the_protocol_is_there(store: Store, area: str | None,
                                               protocol: type) -> None:
    where = store if area is None else getattr(store, area)
    for name in _methods(protocol):
        wanted = list(inspect.signature(getattr(protocol, name)).parameters)[1:]
        got = list(inspect.signature(getattr(where, name)).parameters)
        assert got == wanted, f"{protocol.__name__}.{name}"


def test_the_store_itself_and_its_probes(store: Store, probes: contract.Probes) -> None:
    for name in ("transaction", "checkpoint_in_background", "close"):
        wanted = list(inspect.signature(getattr(Store, name)).parameters)[1:]
        assert list(inspect.signature(getattr(store, name)).parameters) == wanted, name
    for name in _methods(contract.Probes):
        wanted = list(inspect.signature(getattr(contract.Probes, name)).parameters)[1:]
        assert list(inspect.signature(getattr(probes, name)).parameters) == wanted, name
