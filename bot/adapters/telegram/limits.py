"""Telegram's send rates: about 1 message a second per chat, 20 a minute per group, 30 a second
overall. A short burst is allowed; beyond it, callers wait their turn (first come, first
served), so the bot slows down instead of collecting 429s.

Two limiters behind one face (`Limiter`): `RateLimiter` keeps the state in this process's
memory (the default: one process per bot); `SharedLimiter` keeps it in the store
(bot/store/pace.py), so every process on one database together stays within the limits
(WEIQUAN_RATE_SHARED, for replicas). `limiter_for` picks one."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.store.contract import SendRates

# One second as Telegram counts it, plus the jitter between a send leaving and arriving (a
# busy loop, a slow connection): 5% below the rate rather than a 429 now and then.
WINDOW = 1.05
LATE = 0.03  # a shared slot missed by more than this is given up for the next (SharedLimiter)
LATE_TRIES = 5  # then the send goes anyway: a loop this busy is slow for everyone


@dataclass(frozen=True)
class Limits:
    per_chat: float = 1.0  # messages a second in one private chat
    per_group: float = 20 / 60
    overall: float = 30.0
    burst: int = 3  # messages a chat may get at once before the rate applies
    shared: bool = False  # kept in the store for every process on it (SharedLimiter)

    @classmethod
    def unlimited(cls) -> Limits:
        return cls(per_chat=1e9, per_group=1e9, overall=1e9, burst=1000)

    @property
    def off(self) -> bool:
        """Practically unlimited (a local Bot API server): nothing to keep, anywhere."""
        return min(self.per_chat, self.per_group, self.overall) >= 1e6


class Limiter(Protocol):
    limits: Limits

    def delay(self, chat_id: int | None) -> float:
        """Reserve a slot for one message to `chat_id` (None: an edit, counted overall only);
        seconds until it comes."""
        ...

    async def wait(self, chat_id: int | None) -> None:
        """Until this message may go (its slot reserved)."""
        ...


def limiter_for(limits: Limits, pace: SendRates | None = None) -> Limiter:
    """The shared limiter when the limits say so and there is a store to share them in."""
    if limits.shared and pace is not None and not limits.off:
        return SharedLimiter(pace, limits)
    return RateLimiter(limits)


class Pacer:
    """Generic cell rate algorithm: `delay(key, rate, burst)` reserves the next slot and says
    how long to wait for it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._tat: dict[object, float] = {}  # theoretical arrival time per key

    def delay(self, key: object, rate: float, burst: int) -> float:
        now = self.clock()
        interval = 1.0 / rate
        tat = max(self._tat.get(key, now), now)
        allowed = tat - (burst - 1) * interval
        self._tat[key] = tat + interval
        if len(self._tat) > 10_000:
            self._forget(now)
        return max(0.0, allowed - now)

    def _forget(self, now: float) -> None:
        for key in [k for k, tat in self._tat.items() if tat < now]:
            del self._tat[key]


class RateLimiter:
    def __init__(self, limits: Limits | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits or Limits()
        self.pacer = Pacer(clock)
        self.clock = clock
        per_second = int(self.limits.overall)
        # The last sends as they actually left (see `_window`); off when practically unlimited.
        self._left: deque[float] | None = deque(maxlen=per_second) \
            if 1 <= per_second <= 10_000 else None

    def delay(self, chat_id: int | None) -> float:
        """Reserve a slot for one message to `chat_id` (None: an edit, counted overall only)."""
        lim = self.limits
        # Overall: evenly spaced, no burst: 30 at once plus 30 in the next second would be 60
        # within one second, which Telegram answers with 429s.
        wait = self.pacer.delay("*", lim.overall, 1)
        if chat_id is not None:
            rate = lim.per_group if chat_id < 0 else lim.per_chat
            wait = max(wait, self.pacer.delay(chat_id, rate, lim.burst))
        return wait

    async def wait(self, chat_id: int | None) -> None:
        """Until the reserved slot; a send that wakes too late for it (a busy loop) takes the
        next free one instead of going at once: late sends going together would crowd the
        slots of other processes' sends, and Telegram counts arrivals."""
        for _ in range(LATE_TRIES):
            seconds = self.delay(chat_id)
            due = self.clock() + seconds
            if seconds > 0:
                await asyncio.sleep(seconds)
            if self.clock() - due <= LATE:
                return
        await self._window()

    async def _window(self) -> None:
        """Never more than `overall` sends leave within one second. The reservations above are
        evenly spaced, but a busy event loop can wake several waiters late and at once; this
        looks at when sends really left, as Telegram counts them."""
        left = self._left
        if left is None:
            return
        while len(left) == left.maxlen and (gap := left[0] + WINDOW - self.clock()) > 0:
            await asyncio.sleep(gap)
        left.append(self.clock())


class SharedLimiter:
    """The limits kept in the store: each send reserves its chat's slot and an overall slot in
    one short transaction (bot/store/pace.py), seen by every process on the database. Both are
    kept 5% under the rate (WINDOW), as `RateLimiter` keeps its overall sends, for the jitter
    between a send leaving and arriving: a chat's fourth message 1.00 s after a first one that
    arrived late is a 429, 1.05 s after it is not."""

    def __init__(self, pace: SendRates, limits: Limits | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.pace, self.limits, self.clock = pace, limits or Limits(), clock

    def delay(self, chat_id: int | None) -> float:
        lim = self.limits
        rate = lim.per_group if chat_id is not None and chat_id < 0 else lim.per_chat
        now = self.clock()
        at = self.pace.reserve(None if chat_id is None else str(chat_id), WINDOW / rate,
                               lim.burst, WINDOW / lim.overall, now)
        return max(0.0, at - now)

    async def wait(self, chat_id: int | None) -> None:
        """Until the reserved slot; a send that wakes too late for it (a busy loop) takes the
        next free one instead of going at once: late sends going together would crowd the
        slots of other processes' sends, and Telegram counts arrivals."""
        for _ in range(LATE_TRIES):
            seconds = self.delay(chat_id)
            due = self.clock() + seconds
            if seconds > 0:
                await asyncio.sleep(seconds)
            if self.clock() - due <= LATE:
                return
