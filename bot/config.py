"""Settings: the only place that reads the environment (CONTRACT.md's variables)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="WEIQUAN_", env_file=".env", extra="ignore", frozen=True
    )

    token: str | None = None
    api_base: str = "https://api.telegram.org"
    db: Path | None = None
    data_dir: Path = Path("./weiquan-data")
    operator_chat: int | None = None
    operators: Annotated[tuple[int, ...], NoDecode] = ()
    tz: str = "Asia/Shanghai"
    now: datetime | None = None
    lang: str = "zh"
    adviser_hours: str = "09:00-21:00"  # local time, every day
    rate_global: float = 30.0  # messages a second overall (Telegram's limit)
    rate_chat: float = 1.0  # messages a second to one chat
    retry_base: float = 2.0  # seconds before a failed send is tried again (doubling)
    retry_cap: float = 300.0  # the longest wait between two tries
    retry_hours: float = 48.0  # network trouble: keep trying this long before `failed`
    db_timeout: float = 30.0  # seconds a write waits for a locked database
    kill_after_sends: int = 0  # fault tests only: SIGKILL right after the Nth accepted send

    @field_validator("operators", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.replace(" ", "").split(",") if part)
        return value

    @field_validator("lang")
    @classmethod
    def _known_lang(cls, value: str) -> str:
        return value if value in ("zh", "en") else "zh"

    @property
    def db_path(self) -> Path:
        return self.db if self.db is not None else self.data_dir / "weiquan.db"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)


class Clock:
    """The bot's clock: real time, or WEIQUAN_NOW running forward from start-up."""

    def __init__(self, start: datetime | None, zone: ZoneInfo,
                 not_before: datetime | None = None) -> None:
        self._zone = zone
        if start is not None and start.tzinfo is None:
            start = start.replace(tzinfo=zone)
        # WEIQUAN_NOW starts every process at the same instant: a restart would run time
        # backwards past what the store already recorded (a queue waiting "-1h59m").
        if start is not None and not_before is not None and not_before > start:
            start = not_before
        self._start = start
        self._mono = time.monotonic()

    def now(self) -> datetime:
        if self._start is None:
            return datetime.now(self._zone)
        return (self._start + timedelta(seconds=time.monotonic() - self._mono)).astimezone(self._zone)


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
