"""Logging for `weiquan run`: the bot token never reaches a log line or a traceback.

Bot API URLs contain the token (`/bot<token>/getUpdates`) and httpx logs every URL, so every
formatted record — message, arguments and traceback — goes through `mask`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime

MASK = "<token>"


def secrets_of(token: str) -> list[str]:
    parts = [token]
    _, _, secret = token.partition(":")
    if len(secret) >= 8:  # the part after the bot id is the secret; the id alone is public
        parts.append(secret)
    return parts


def mask(text: str, token: str | None) -> str:
    if not token:
        return text
    for secret in secrets_of(token):
        text = text.replace(secret, MASK)
    return text


class MaskingFormatter(logging.Formatter):
    def __init__(self, token: str, fmt: str) -> None:
        super().__init__(fmt)
        self.token = token

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record), self.token)


# A %-placeholder, and what before one makes its value a user's or chat's id ("user %s").
PLACEHOLDER = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[sdrifx]")
NAMES_AN_ID = re.compile(r"(?:user|chat)\s+$")


def user_hasher(token: str) -> Callable[[int], str]:
    """A user id as 12 hex digits: the same user is the same hash in every line, and the id
    cannot be found again without the bot's token (a plain hash of an id is easily reversed)."""
    key = hashlib.sha256(token.encode()).digest()

    def digest(user_id: int) -> str:
        return hmac.new(key, str(user_id).encode(), hashlib.sha256).hexdigest()[:12]

    return digest


def hide_ids(record: logging.LogRecord, hasher: Callable[[int], str]) -> None:
    """The ids a message names as "user %s" or "chat %s" (a private chat's id is its user's)
    become their hash, as in the update records."""
    if not isinstance(record.msg, str) or not isinstance(record.args, tuple):
        return
    msg, args = record.msg, list(record.args)
    pieces, last = [], 0
    for i, match in enumerate(PLACEHOLDER.finditer(msg)):
        if i >= len(args):
            break
        piece = match.group()
        value = args[i]
        if isinstance(value, int) and not isinstance(value, bool) and \
                NAMES_AN_ID.search(msg[:match.start()]):
            args[i], piece = hasher(value), "%s"
        pieces.append(msg[last:match.start()] + piece)
        last = match.end()
    record.msg = "".join(pieces) + msg[last:]
    record.args = tuple(args)


# Fields an update's record carries (bot/ops/observe.py), copied into its JSON object.
FIELDS = ("update_id", "user", "kind", "duration_ms", "outcome")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, the update's fields when it has
    them, and the traceback; the token masked in the finished line."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self.hasher = user_hasher(token)

    def format(self, record: logging.LogRecord) -> str:
        hide_ids(record, self.hasher)
        out = {"ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
               "level": record.levelname.lower(), "logger": record.name,
               "msg": record.getMessage()}
        for name in FIELDS:
            if hasattr(record, name):
                out[name] = getattr(record, name)
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return mask(json.dumps(out, ensure_ascii=False, default=str), self.token)


def setup_logging(token: str, verbose: bool = False, json_lines: bool = False) -> None:
    """Root logging to stderr with the token masked in every handler already installed too;
    `json_lines`: one JSON object a line (WEIQUAN_LOG_FORMAT=json)."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler(sys.stderr))
    fmt = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    for handler in root.handlers:
        handler.setFormatter(JsonFormatter(token) if json_lines else MaskingFormatter(token, fmt))
    if json_lines:
        logging.captureWarnings(True)  # a library's warning is a JSON line too
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    quiet = logging.INFO if verbose else logging.WARNING
    for name in ("httpx", "httpcore", "aiohttp.access", "aiogram.event"):
        logging.getLogger(name).setLevel(quiet)
    logging.getLogger("transitions").setLevel(logging.WARNING)  # a line per state change
