"""What one event reads, put together from the store's areas: the way any store can answer
`store.load_event` (bot/store/glance.py is SQLite's one-query way; both answer alike, the
contract suite holds them to it)."""

from __future__ import annotations

from typing import Any

from bot.store.records import Loaded


def load_by_areas(store: Any, user_id: int, chat_id: int, lang: str, tz: str,
                  look_up: int | None = None) -> Loaded:
    """One question per area. `blocked` is True: a store that cannot tell cheaply lets the
    caller lift a block that may not be there (a no-op when there is none)."""
    snap = store.load(user_id, chat_id, lang, tz)
    snap.tally = store.tally.notes(user_id, list(snap.cases.values()), look_up)
    snap.handover = store.handovers.note_for(user_id)
    snap.recent = store.handovers.recent(user_id)
    snap.banned = store.bans.is_banned(user_id)
    return Loaded(snap, store.handovers.waiting(), True)
