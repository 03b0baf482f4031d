"""What `weiquan run` tells about itself: a log record for every update (update id, hashed user
id, event kind, duration) and the counts behind /metrics and /healthz.

`ObservedApi` wraps the framework adapter (bot/adapters/telegram/api.py): every Bot API call is
counted and timed without the runner or the adapters knowing.
"""

from __future__ import annotations

import inspect
import logging
import time
from typing import TYPE_CHECKING, Any

from bot.adapters.telegram.api import ApiError, BadRequest
from bot.adapters.telegram.logs import user_hasher
from bot.transport import RetryLater, Undeliverable

if TYPE_CHECKING:
    from bot.ops.metrics import Metrics

log = logging.getLogger("weiquan.updates")
SENDS = frozenset({"send_message", "send_document", "copy_message"})  # replies to a chat


class UpdateObserver:
    """The pipeline's `observe` hook: one log record an update, and the update counters."""

    def __init__(self, token: str, metrics: Metrics | None, level: int = logging.INFO) -> None:
        self.hash_user = user_hasher(token)
        self.metrics = metrics
        self.level = level

    def __call__(self, event: Any, received: float, committed: bool) -> None:
        duration = time.monotonic() - received
        kind = str(event.kind)
        if self.metrics is not None:
            self.metrics.update_handled(kind, committed, event.chat_id, received)
        level = self.level if committed else logging.WARNING
        if not log.isEnabledFor(level):  # the record's fields (a hash each) only when kept
            return
        log.log(level, "update %s %s in %.0f ms", event.update_id,
                "handled" if committed else "deferred", duration * 1000,
                extra={"update_id": event.update_id, "user": self.hash_user(event.user_id),
                       "kind": kind, "duration_ms": round(duration * 1000, 1),
                       "outcome": "committed" if committed else "deferred"})


class ObservedApi:
    """The adapter with every coroutine method counted: successes (and the reply latency they
    end), 429s, failures. Anything else is the adapter's own attribute."""

    def __init__(self, api: Any, metrics: Metrics) -> None:
        self._api, self._metrics = api, metrics
        self.name = api.name

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._api, name)
        if not inspect.iscoroutinefunction(attr):
            return attr
        metrics = self._metrics

        async def call(*args: Any, **kwargs: Any) -> Any:
            try:
                result = await attr(*args, **kwargs)
            except RetryLater as exc:
                metrics.api_failed(name, exc, rate_limited=True)
                raise
            except (BadRequest, Undeliverable):  # the API answered: it works
                metrics.api_refused(name)
                raise
            except ApiError as exc:
                metrics.api_failed(name, exc, rate_limited=False)
                raise
            chat = args[0] if name in SENDS and args else kwargs.get("chat_id")
            metrics.api_ok(name, chat if isinstance(chat, int) else None)
            return result

        return call
