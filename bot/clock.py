"""The bot's clock, and time as the store keeps it: fixed-width UTC text, so the outbox compares
times as strings. Without pydantic: `weiquan kb ask` reads the clock without the settings."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Shanghai"  # WEIQUAN_TZ's default (bot/config.py)


def utc_key(moment: datetime) -> str:
    """Fixed-width UTC text, so the outbox can compare times as strings in an index."""
    # isoformat writes what strftime("%Y-%m-%dT%H:%M:%S.%f+00:00") did, several times faster
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class Clock:
    """The bot's clock: real time, or WEIQUAN_NOW running forward from start-up."""

    def __init__(self, start: datetime | None, zone: ZoneInfo,
                 not_before: datetime | None = None) -> None:
        self._zone = zone
        if start is not None and start.tzinfo is None:
            start = start.replace(tzinfo=zone)
        # WEIQUAN_NOW starts every process at the same instant: a restart would run time
        # backwards past what the store already recorded (a queue waiting "-1h59m").
        if start is not None and not_before is not None and not_before > start:
            start = not_before
        self._start = start
        self._mono = time.monotonic()

    def now(self) -> datetime:
        if self._start is None:
            return datetime.now(self._zone)
        return (self._start + timedelta(seconds=time.monotonic() - self._mono)).astimezone(self._zone)
