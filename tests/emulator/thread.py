"""EmulatorThread: the emulator on its own event loop in a background thread, for sync tests
that drive a `weiquan run` subprocess."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

from .emulator import BotApiEmulator, Predicate


class EmulatorThread:
    """`with EmulatorThread(token=...) as emu:` — every sync method of BotApiEmulator is available
    (they are thread-safe); wait_for / wait_until / wait_idle block the calling thread."""

    def __init__(self, **kwargs: Any) -> None:
        self.emu = BotApiEmulator(**kwargs)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="bot-api-emulator", daemon=True)
        self.base = ""

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    def _call(self, coro: Any, timeout: float) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def start(self) -> str:
        self._thread.start()
        self.base = self._call(self.emu.start(), 10)
        return self.base

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        try:
            self._call(self.emu.stop(), 10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop.close()

    def __enter__(self) -> EmulatorThread:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait_for(self, what: Predicate | int, timeout: float = 5.0, chat_id: int | None = None,
                 since: int = 0) -> Any:
        return self._call(self.emu.wait_for(what, timeout, chat_id, since), timeout + 5)

    def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        self._call(self.emu.wait_until(condition, timeout), timeout + 5)

    def wait_idle(self, timeout: float = 5.0) -> None:
        self._call(self.emu.wait_idle(timeout), timeout + 5)

    def run(self, coro: Any, timeout: float = 10.0) -> Any:
        """A coroutine on the emulator's loop (a test's own server beside it), its result."""
        return self._call(coro, timeout)

    def outage(self, errors: float, refused: float = 0.0, status: int = 502) -> None:
        async def begin() -> None:
            self.emu.outage(errors, refused, status)

        self._call(begin(), 5)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.emu, name)
