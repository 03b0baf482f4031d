"""Logging for `weiquan run`: the bot token never reaches a log line or a traceback.

Bot API URLs contain the token (`/bot<token>/getUpdates`) and httpx logs every URL, so every
formatted record — message, arguments and traceback — goes through `mask`.
"""

from __future__ import annotations

import logging
import sys

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


def setup_logging(token: str, verbose: bool = False) -> None:
    """Root logging to stderr with the token masked in every handler already installed too."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler(sys.stderr))
    fmt = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    for handler in root.handlers:
        handler.setFormatter(MaskingFormatter(token, fmt))
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    quiet = logging.INFO if verbose else logging.WARNING
    for name in ("httpx", "httpcore", "aiohttp.access", "aiogram.event"):
        logging.getLogger(name).setLevel(quiet)
    logging.getLogger("transitions").setLevel(logging.WARNING)  # a line per state change
