"""A Bot API outage on a schedule: 5xx answers for a while, then refused connections.

`Outage.start(errors=…, refused=…)` makes every send answer `status` for `errors` seconds
(getUpdates keeps working, so users' messages still arrive and their replies meet the trouble),
then every call of any method fails at the connection for `refused` seconds: the listening
socket is closed (new connections are refused) and a request arriving on a connection opened
before is cut off without an answer. The durations are parameters, so a test can keep the
shape of a 60 s outage at a tenth of the time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from .flood import SEND_METHODS
from .params import ApiError


class Outage:
    def __init__(self, close_site: Callable[[], Awaitable[None]],
                 open_site: Callable[[], Awaitable[None]]) -> None:
        self._close_site, self._open_site = close_site, open_site
        self.errors_until = 0.0
        self.refused_from = self.refused_until = 0.0
        self.status = 502
        self.answered = 0  # calls answered with the error
        self.cut = 0  # calls cut off at the connection
        self._task: asyncio.Task[None] | None = None
        self.slow: dict[str, tuple[float, int]] = {}  # method -> (seconds late, calls left)

    def start(self, errors: float, refused: float = 0.0, status: int = 502) -> None:
        """From now: `errors` seconds of `status` answers to sends, then `refused` seconds
        without connections. Call on the server's loop."""
        now = time.monotonic()
        self.status = status
        self.errors_until = now + errors
        self.refused_from, self.refused_until = self.errors_until, self.errors_until + refused
        if refused > 0:
            self._task = asyncio.get_running_loop().create_task(self._refuse(errors, refused))

    async def _refuse(self, after: float, seconds: float) -> None:
        await asyncio.sleep(after)
        await self._close_site()
        try:
            await asyncio.sleep(seconds)
        finally:
            await self._open_site()

    @property
    def over(self) -> bool:
        return time.monotonic() >= max(self.errors_until, self.refused_until)

    def refusing(self) -> bool:
        now = time.monotonic()
        if self.refused_from <= now < self.refused_until:
            self.cut += 1
            return True
        return False

    def slow_down(self, method: str, seconds: float, times: int = 1) -> None:
        """The next `times` calls of `method` answer `seconds` late (and are carried out)."""
        self.slow[method] = (seconds, times)

    def slowness(self, method: str) -> float:
        seconds, left = self.slow.get(method, (0.0, 0))
        if left <= 0:
            return 0.0
        self.slow[method] = (seconds, left - 1)
        return seconds

    def error_for(self, method: str) -> ApiError | None:
        if method in SEND_METHODS and time.monotonic() < self.errors_until:
            self.answered += 1
            return ApiError(self.status, "Bad Gateway" if self.status == 502 else
                            "Internal Server Error")
        return None

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
