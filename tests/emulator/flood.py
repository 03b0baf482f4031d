"""Optional flood control like Telegram's: sliding windows per chat, per group and overall."""

from __future__ import annotations

import math
import threading
import time
from collections import deque

from .params import ApiError

SEND_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage", "sendMediaGroup", "copyMessages"}
)
Window = tuple[int, float]


class FloodControl:
    """Off until configure(); then a send over a limit answers 429 with retry_after."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.per_chat: Window | None = None
        self.overall: Window | None = None
        self.per_group: Window | None = None
        self.enabled = False
        self._sends: deque[tuple[float, int]] = deque()

    def configure(self, per_chat: Window | None, overall: Window | None, per_group: Window | None) -> None:
        with self._lock:
            self.per_chat, self.overall, self.per_group = per_chat, overall, per_group
            self.enabled = any((per_chat, overall, per_group))
            self._sends.clear()

    def _wait(self, window: Window | None, stamps: list[float], now: float) -> float:
        if window is None:
            return 0.0
        count, seconds = window
        recent = [t for t in stamps if now - t < seconds]
        if len(recent) < count:
            return 0.0
        return recent[-count] + seconds - now

    def check(self, method: str, chat_id: object) -> None:
        """Raise 429 when this send would exceed a window."""
        if not self.enabled or method not in SEND_METHODS or not isinstance(chat_id, int):
            return
        now = time.monotonic()
        with self._lock:
            horizon = max(w[1] for w in (self.per_chat, self.overall, self.per_group) if w)
            while self._sends and now - self._sends[0][0] > horizon:
                self._sends.popleft()
            mine = [t for t, c in self._sends if c == chat_id]
            wait = max(
                self._wait(self.overall, [t for t, _ in self._sends], now),
                self._wait(self.per_chat, mine, now),
                self._wait(self.per_group, mine, now) if chat_id < 0 else 0.0,
            )
        if wait > 0:
            retry = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})

    def record(self, method: str, chat_id: object) -> None:
        if self.enabled and method in SEND_METHODS and isinstance(chat_id, int):
            with self._lock:
                self._sends.append((time.monotonic(), chat_id))
