"""Time as the store keeps it: fixed-width UTC text, so the outbox compares times as strings."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_key(moment: datetime) -> str:
    """Fixed-width UTC text, so the outbox can compare times as strings in an index."""
    # isoformat writes what strftime("%Y-%m-%dT%H:%M:%S.%f+00:00") did, several times faster
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
