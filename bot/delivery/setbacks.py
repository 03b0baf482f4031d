"""What a call that did not go through does to its outbox row: nothing sleeps; the row is tried
again later (its retry_at moves, exponential backoff with jitter) or ends with the reason.

- transient (network, 5xx): again after the policy's delay, for the policy's window (a day or
  more), then `failed` with how long it was tried;
- uncertain (a timeout after the request went out: Telegram may have shown it): a reminder ends
  `unknown` (never risked twice), a reply is tried once more, then ends `unknown`;
- odd (neither Telegram's answer nor the network: a bug): a few tries, then `failed`.
Every move is made as the sender holding the row's lease (`owner`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from bot.clock import utc_key
from bot.delivery.retry_policy import RetryPolicy
from bot.store.contract import OutboxStates

log = logging.getLogger(__name__)


class Setbacks:
    def __init__(self, rows: OutboxStates, policy: RetryPolicy, clock: Any, owner: str) -> None:
        self.rows, self.policy, self.clock, self.owner = rows, policy, clock, owner
        self.network_down = False  # a row is waiting out network trouble

    def end(self, row: dict[str, Any], status: str, why: str) -> str:
        self.rows.end(row["id"], status, why, self.owner)
        return status

    def retry(self, row: dict[str, Any], seconds: float, why: str,
              uncertain: bool = False) -> str:
        now = self.clock.now()
        log.info("outbox row %s for chat %s: %s; again in %.1fs", row["id"], row["chat_id"],
                 why, seconds)
        self.rows.retry(row["id"], utc_key(now + timedelta(seconds=seconds)), why,
                        now.isoformat(timespec="seconds"), uncertain, self.owner)
        return "wait"

    def transient(self, row: dict[str, Any], exc: Exception) -> str:
        now = self.clock.now()
        since = datetime.fromisoformat(row["tried_at"]) if row["tried_at"] else now
        if self.policy.gives_up(now - since):
            return self.end(row, "failed", f"network: gave up after {row['attempts'] + 1} "
                                           f"tries since {since:%Y-%m-%d %H:%M}: {exc}")
        self.network_down = True
        return self.retry(row, self.policy.delay(row["attempts"] + 1), f"network: {exc}")

    def uncertain(self, row: dict[str, Any], exc: Exception) -> str:
        """A timeout after the request went out: Telegram may have shown it. A reminder is not
        risked twice; a reply is tried once more."""
        if row["kind"] == "reminder" or row["uncertain"] >= 1:
            return self.end(row, "unknown", f"no answer in time, may have arrived: {exc}")
        self.network_down = True
        return self.retry(row, self.policy.delay(row["attempts"] + 1),
                          f"network: timed out: {exc}", uncertain=True)

    def odd(self, row: dict[str, Any], exc: Exception) -> str:
        """Not Telegram's answer nor the network: a few tries, then stop."""
        log.error("delivery of outbox row %s failed", row["id"], exc_info=exc)
        if row["attempts"] + 1 >= self.policy.odd_tries:
            return self.end(row, "failed", f"error: {exc!r}")
        return self.retry(row, self.policy.delay(row["attempts"] + 1), f"error: {exc!r}")
