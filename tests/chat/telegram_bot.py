"""The bot under test for the Telegram driver: the real app with python-telegram-bot or aiogram,
in-process, talking real HTTP to the Bot API emulator (tests/emulator)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.adapters.telegram.limits import Limits
from bot.adapters.telegram.runner import Options, Runner
from bot.app import App, build
from bot.cli.run import make_api
from bot.config import Settings
from tests.emulator import BotApiEmulator

TOKEN = "123456:TEST-weiquan_s3cret-token"
USER = 501
FRAMEWORKS = ["ptb", "aiogram"]


def settings_for(base: str, data_dir: Path, **extra: Any) -> Settings:
    return Settings(_env_file=None, token=TOKEN, api_base=base, data_dir=data_dir,  # type: ignore[call-arg]
                    **extra)


def fast_options(**overrides: Any) -> Options:
    """Test options: short polls; Telegram's send rates are tested on their own."""
    values: dict[str, Any] = {"poll_timeout": 2, "album_wait": 0.6,
                              "limits": Limits.unlimited(), "delivery_interval": 0.2}
    return Options(**{**values, **overrides})


@asynccontextmanager
async def running_bot(framework: str, emu: BotApiEmulator, data_dir: Path,
                      options: Options | None = None, **settings: Any) -> AsyncIterator[Runner]:
    app = build(settings_for(emu.base, data_dir, **settings), source="telegram")
    runner = Runner(app, make_api(framework, TOKEN, emu.base), options or fast_options())
    await runner.start()
    try:
        yield runner
    finally:
        await runner.stop()
        app.store.close()


def _one(db: Path | str, sql: str, params: list[Any] | None = None) -> Any:
    """The first column of the first row, from the SQLite file or the PostgreSQL URL."""
    if isinstance(db, str) and db.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(db) as pg:
            row = pg.execute(sql.replace("?", "%s"), params or []).fetchone()
    else:
        with sqlite3.connect(db) as conn:
            row = conn.execute(sql, params or []).fetchone()
    return None if row is None else row[0]


def pending_rows(db: Path | str) -> int:
    """Outbox rows due now and not yet sent."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    return int(_one(db, "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending') "
                        "AND due_at <= ?", [now]))


def replies_pending(db: Path | str) -> int:
    """Outbox rows not yet sent, reminders left out (due or not)."""
    return int(_one(db, "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending') "
                        "AND kind != 'reminder'"))


def processed(db: Path | str, update_id: int) -> bool:
    return _one(db, "SELECT 1 FROM processed_updates WHERE update_id=?", [update_id]) is not None


def db_of(runner: Runner) -> Path:
    return runner.app.settings.db_path  # type: ignore[return-value]


def app_of(runner: Runner) -> App:
    return runner.app
