from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.chat import Chat


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
