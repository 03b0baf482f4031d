"""The error a wrong configuration raises: apart from bot/config.py so that the CLI can catch
it without importing pydantic for commands that never read the settings (`kb ask`)."""

from __future__ import annotations


class ConfigError(Exception):
    """One or more variables are wrong; `lines` has one line for each."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
