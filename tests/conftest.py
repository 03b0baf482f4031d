from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.adapters.telegram.runner import Runner
from tests.chat import Chat, Conversation
from tests.chat.drivers import DRIVERS, conversation
from tests.chat.telegram_bot import TOKEN, running_bot
from tests.emulator import BotApiEmulator
from tests.s3server import bucket, s3_server  # noqa: F401  (fixtures: a local S3 server)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with a test that starts real processes (marked slow) run first, each file's tests in
    their own order: `make test` hands whole files to two workers (pytest-xdist --dist loadfile),
    and a long file handed out last would end the run alone while the other worker idles."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "weiquan.db"


@pytest.fixture
def chat(db: Path) -> Iterator[Chat]:
    client = Chat(db)
    yield client
    client.close()


@pytest.fixture
def en_chat(db: Path) -> Iterator[Chat]:
    client = Chat(db, user_id=7, lang="en")
    yield client
    client.close()


# One conversation on every driver: a test taking `talk` runs on the console, through
# python-telegram-bot and through aiogram (tests/chat/drivers.py).
@pytest.fixture(params=DRIVERS)
async def talk(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Conversation]:
    async with conversation(request.param, tmp_path / request.param) as chat:
        yield chat


# The Telegram tests' defaults; a module that needs groups or advisers defines its own.
@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as e:
        yield e


@pytest.fixture
async def bot(framework: str, emu: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Runner]:
    async with running_bot(framework, emu, tmp_path) as runner:
        yield runner


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[object]:
    """The session's throwaway PostgreSQL cluster (tests/pg_cluster.py), stopped at the end."""
    from tests import pg_cluster as cluster

    yield cluster.cluster()
    cluster.stop()
