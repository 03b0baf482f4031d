"""Reminder rows of the outbox: (re)scheduled by case changes, worded when they go out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.service import utc_key
from bot.store.contract import Store
from dialogs.actions import Action
from dialogs.reminder_text import reminder_message


class ReminderRenderer:
    """Turns a due reminder row into a message, or None when it no longer applies."""

    def __init__(self, store: Store, kb: Any, tz: str, default_lang: str = "zh") -> None:
        self.store, self.kb, self.tz, self.default_lang = store, kb, tz, default_lang

    def __call__(self, row: dict[str, Any], now: datetime) -> Action | None:
        payload = row["payload"]
        if self.store.later_reminder_due(row["case_id"], payload["rule"], row["due_at"],
                                         utc_key(now), row["id"]):
            return None  # after downtime several are due: only the latest one goes out
        snap = self.store.load(row["user_id"], row["chat_id"], self.default_lang, self.tz)
        late = self.store.was_down_at(row["due_at"])  # not merely sent a while after due
        return reminder_message(snap, row["case_id"], payload, self.kb, now, late=late)
