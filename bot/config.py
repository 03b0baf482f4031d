"""Settings: the only place that reads the environment (CONTRACT.md's variables).

A wrong value is one line naming the variable, what was expected and what was given
(`ConfigError`); the CLI prints those lines and exits 1, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.clock import DEFAULT_TZ, Clock
from bot.config_error import ConfigError

if TYPE_CHECKING:
    from bot.evidence.storage import Storage

__all__ = ["Clock", "ConfigError", "Settings", "load_settings"]

PREFIX = "WEIQUAN_"
HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$")
SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
OFFICIAL_BASE = "https://api.telegram.org"
OFFICIAL_MAX_MB = 20  # getFile's download limit on Telegram's own Bot API server
# Read by knowledge/kbcache.py through the environment it is given; listed so that
# `config check` knows it.
OTHER_NAMES = ("WEIQUAN_CACHE_DIR",)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=PREFIX, env_file=".env", extra="ignore", frozen=True,
        env_ignore_empty=True,  # `WEIQUAN_FONT=` in a .env file means "not set"
    )

    token: str | None = Field(None, description="the bot token @BotFather gave you")
    api_base: str = Field(OFFICIAL_BASE,
                          description="Bot API server root (a self-hosted one too)")
    max_file_mb: float | None = Field(
        None, gt=0, description="largest file a shopper may send, in MB; above 20 only with a "
                                "self-hosted Bot API server in WEIQUAN_API_BASE (default 20)")
    db: str | None = Field(None, description="the store: a SQLite file (or sqlite:///path), or "
                                             "a PostgreSQL URL postgresql://user@host:port/db "
                                             "(default: weiquan.db in the data folder)")
    data_dir: Path = Field(Path("./weiquan-data"),
                           description="data folder: database and evidence files")
    evidence_url: str | None = Field(None, description="where evidence files are kept: "
                                     "s3://bucket/prefix for an S3-compatible store (default: "
                                     "evidence/ in the data folder)")
    s3_endpoint: str | None = Field(None, description="URL of the S3-compatible server (MinIO, "
                                                      "Ceph, …); none: AWS S3")
    s3_region: str | None = Field(None, description="the bucket's region (default: boto3's, "
                                                    "else us-east-1)")
    operator_chat: int | None = Field(None, description="chat id of the advisers' group, "
                                                        "e.g. -1001234567890")
    operators: Annotated[tuple[int, ...], NoDecode] = Field(
        (), description="comma-separated user ids allowed to act as advisers")
    tz: str = Field(DEFAULT_TZ, description="time zone for typed dates and reminders")
    now: datetime | None = Field(None, description="ISO instant the clock starts at (demos)")
    lang: str = Field("zh", description="zh or en: language for users whose language is "
                                        "unknown")
    desk_lang: str = Field("zh", description="zh or en: the language of the bot's texts in "
                                             "the advisers' group")
    adviser_hours: str = Field("09:00-21:00", description="advisers' hours, local time")
    rate_global: float = Field(30.0, gt=0, description="messages a second overall")
    rate_chat: float = Field(1.0, gt=0, description="messages a second to one chat")
    rate_shared: bool = Field(False, description="keep the send rates in the database, so that "
                                                 "every process on it together stays within "
                                                 "them (several replicas)")
    outbox_lease: float = Field(30.0, ge=2, description="seconds an outbox row claimed by a "
                                                        "process that died waits before "
                                                        "another one takes it over")
    retry_base: float = Field(2.0, gt=0, description="seconds before a failed send is tried "
                                                     "again (doubling)")
    retry_cap: float = Field(300.0, gt=0, description="the longest wait between two tries")
    retry_hours: float = Field(48.0, gt=0, description="hours network trouble is retried")
    db_timeout: float = Field(30.0, gt=0, description="seconds a write waits for a locked "
                                                      "database")
    kill_after_sends: int = Field(0, ge=0, description="fault tests only")
    webhook_secret: str | None = Field(None, description="the webhook's secret token (the "
                                                         "same on every replica)")
    health_listen: str | None = Field(None, description="HOST:PORT (or PORT) for /healthz "
                                                        "and /metrics; none: not served")
    log_format: str = Field("text", description="text or json (one JSON object a line)")
    keep_texts_days: float = Field(30.0, gt=0, description="days the texts of sent and "
                                                           "recent messages are kept")
    keep_updates_days: float = Field(7.0, gt=0, description="days processed update ids are "
                                                            "kept")
    keep_cases_days: float = Field(0.0, ge=0, description="days a closed case is kept; 0: "
                                                          "until the shopper's /forget")
    font: Path | None = Field(None, description="a TTF/OTF/TTC font with Chinese glyphs for "
                                                "the PDF")

    @field_validator("db", mode="before")
    @classmethod
    def _path_as_text(cls, value: object) -> object:
        """A caller may still hand a file as a Path (the setting is text since it may be a URL)."""
        return str(value) if isinstance(value, os.PathLike) else value

    @field_validator("operators", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.replace(" ", "").split(",") if part)
        return value

    @field_validator("max_file_mb")
    @classmethod
    def _server_allows(cls, value: float | None, info: ValidationInfo) -> float | None:
        # getFile on api.telegram.org refuses files over 20 MB; a self-hosted Bot API server
        # (--local) has no such limit, so only there may the operator raise it.
        if value is not None and value > OFFICIAL_MAX_MB and \
                official_server(str(info.data.get("api_base", OFFICIAL_BASE))):
            raise ValueError("over the official server's limit")
        return value

    @field_validator("lang", "desk_lang")
    @classmethod
    def _known_lang(cls, value: str) -> str:
        if value not in ("zh", "en"):
            raise ValueError("not a language")
        return value

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("not a time zone") from None
        return value

    @field_validator("adviser_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        if not HOURS.match(value.replace(" ", "")):
            raise ValueError("not hours")
        return value.replace(" ", "")

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        if value.lower() not in ("text", "json"):
            raise ValueError("not a log format")
        return value.lower()

    @field_validator("webhook_secret")
    @classmethod
    def _secret(cls, value: str | None) -> str | None:
        if value and not SECRET.match(value):  # what setWebhook's secret_token allows
            raise ValueError("not a secret token")
        return value or None

    @field_validator("evidence_url")
    @classmethod
    def _evidence_url(cls, value: str | None) -> str | None:
        if value:
            from bot.evidence.s3 import parse_url  # no boto3 import: only the URL's shape

            parse_url(value)
        return value or None

    @field_validator("s3_endpoint")
    @classmethod
    def _endpoint(cls, value: str | None) -> str | None:
        if value and urlparse(value).scheme not in ("http", "https"):
            raise ValueError("not an http(s) URL")
        return value or None

    @field_validator("health_listen")
    @classmethod
    def _listen(cls, value: str | None) -> str | None:
        if value:
            health_address(value)
        return value or None

    @property
    def db_path(self) -> Path | str:
        """The SQLite file, or the PostgreSQL URL as given."""
        from bot.store import location

        return location(self.db) if self.db else self.data_dir / "weiquan.db"

    @property
    def max_file_bytes(self) -> int:
        """The largest file the bot downloads: 20 MB on api.telegram.org, else as configured."""
        mb = self.max_file_mb if self.max_file_mb is not None else OFFICIAL_MAX_MB
        return int(mb * 1024 * 1024)

    def evidence_storage(self) -> Storage:
        """Where evidence files are kept (bot/evidence/storage.py)."""
        from bot.evidence.storage import open_storage

        return open_storage(self.data_dir, self.evidence_url, self.s3_endpoint, self.s3_region)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)


# What a variable expects, in the words of its one-line error.
EXPECTED: dict[str, str] = {
    "operator_chat": "an integer chat id like -1001234567890",
    "operators": "comma-separated integer user ids like 12345,67890",
    "lang": "zh or en",
    "desk_lang": "zh or en",
    "tz": "an IANA time zone like Asia/Shanghai",
    "now": "an ISO 8601 time like 2026-07-06T09:00:00+08:00",
    "adviser_hours": "hours like 09:00-21:00",
    "log_format": "text or json",
    "health_listen": "HOST:PORT or PORT, like 127.0.0.1:9101",
    "webhook_secret": "1-256 characters A-Z, a-z, 0-9, _ and -",
    "kill_after_sends": "a whole number, 0 or more",
    "max_file_mb": "a number of MB greater than 0, at most 20 with the official Bot API server "
                   "(more needs a self-hosted one in WEIQUAN_API_BASE)",
    "keep_cases_days": "a number of days, 0 or more",
    "evidence_url": "s3://bucket/prefix (a bucket name of 3-63 lower-case letters, digits, "
                    "dots and hyphens), or nothing for the data folder",
    "s3_endpoint": "an http(s):// URL like http://minio:9000",
}


def official_server(api_base: str) -> bool:
    """Whether the Bot API root is Telegram's own server (not a self-hosted one)."""
    return (urlparse(api_base.strip()).hostname or "").lower() == "api.telegram.org"


def health_address(value: str) -> tuple[str, int]:
    host, sep, port = value.strip().rpartition(":")
    if not port.isdigit() or int(port) > 65535 or (sep and not host):
        raise ValueError("not an address")
    return (host if sep else "127.0.0.1"), int(port)


def env_name(field: str) -> str:
    return PREFIX + field.upper()


def _expected(field: str) -> str:
    if field in EXPECTED:
        return EXPECTED[field]
    annotation = str(Settings.model_fields[field].annotation)
    return "a number greater than 0" if "float" in annotation else "a valid value"


def error_lines(exc: ValidationError) -> list[str]:
    lines = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else ""
        if field not in Settings.model_fields:
            lines.append(f"configuration: {err['msg']}")
            continue
        given: Any = err.get("input")
        shown = json.dumps(given if isinstance(given, str) else str(given), ensure_ascii=False)
        if field in ("token", "webhook_secret"):  # never echo a secret
            shown = "(hidden)"
        lines.append(f"{env_name(field)}: expected {_expected(field)}, got {shown}")
    return lines


def load_settings(env_file: Path | str | None = ".env", **overrides: object) -> Settings:
    """The settings from the environment and `env_file`; ConfigError when any is wrong."""
    try:
        settings = Settings(_env_file=env_file, **overrides)  # type: ignore[arg-type, call-arg]
    except ValidationError as exc:
        raise ConfigError(error_lines(exc)) from None
    if settings.evidence_url and env_file is not None:
        aws_from_env_file(Path(env_file))
    return settings


# boto3 reads these from the process environment itself; a .env file sets them too, as it sets
# the WEIQUAN_ ones (the environment wins).
AWS_NAMES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
             "AWS_DEFAULT_REGION")


def aws_from_env_file(env_file: Path) -> None:
    import os

    if not env_file.is_file():
        return
    for name, value in file_values(env_file).items():
        if name in AWS_NAMES and value and name not in os.environ:
            os.environ[name] = value


def known_names() -> set[str]:
    return {env_name(f) for f in Settings.model_fields} | set(OTHER_NAMES)


def environment_names() -> list[str]:
    """The WEIQUAN_ names set in the process environment (for the same test)."""
    import os

    return sorted(name for name in os.environ if name.upper().startswith(PREFIX))


def file_names(env_file: Path) -> list[str]:
    """The variable names a .env file sets (for `config check`'s unknown-name test)."""
    return list(file_values(env_file))


def file_values(env_file: Path) -> dict[str, str]:
    from dotenv import dotenv_values

    return {name: value or "" for name, value in dotenv_values(env_file).items() if name}


def described() -> list[tuple[str, str, str]]:
    """(variable, meaning, default) for every setting, in declaration order (--help)."""
    rows = []
    for name, info in Settings.model_fields.items():
        default = info.default
        shown = "none" if default in (None, ()) else str(default)
        rows.append((env_name(name), info.description or "", shown))
    return rows
