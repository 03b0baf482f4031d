"""When a row that failed for a passing reason is tried again: exponential backoff with jitter,
for at least a day, and a bounded number of tries for failures we do not understand."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True)
class RetryPolicy:
    base: float = 2.0  # seconds before the second try
    cap: float = 300.0  # never wait longer than this between tries
    window: timedelta = timedelta(hours=48)  # network trouble: keep trying this long
    odd_tries: int = 5  # an error that is neither network nor Telegram's answer (a bug)
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def delay(self, attempts: int) -> float:
        """Seconds before the next try, after `attempts` tries: base·2ⁿ⁻¹ capped, times a jitter
        in [0.5, 1) so rows failed together do not all come back in the same instant."""
        step = self.base * 2 ** max(0, min(attempts - 1, 30))
        return min(self.cap, step) * (0.5 + self.rng.random() / 2)

    def gives_up(self, tried_for: timedelta) -> bool:
        return tried_for >= self.window

    @classmethod
    def scaled(cls, factor: float) -> RetryPolicy:
        """The same shape, faster (tests scale a 60 s outage down without changing it)."""
        return cls(base=cls.base * factor, cap=cls.cap * factor,
                   window=cls.window * factor)
