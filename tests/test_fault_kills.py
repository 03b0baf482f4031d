"""Kills between a send and its `sent` mark (tests/fault_kills.py): no reminder twice, no reply
lost, duplicate replies counted. `make test` runs WEIQUAN_FAULT_KILLS (default 8) kills per
framework; `python -m tests.fault_kills --kills 50` is the full run the report quotes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.chat.telegram_bot import FRAMEWORKS
from tests.fault_kills import run

pytestmark = pytest.mark.slow
KILLS = int(os.environ.get("WEIQUAN_FAULT_KILLS", "8"))


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_kills_between_send_and_mark_never_double_a_reminder(framework: str,
                                                             tmp_path: Path) -> None:
    figures = run(framework, KILLS, tmp_path)
    print(figures.line())
    assert figures.kills == KILLS
    assert figures.duplicate_reminders == 0
    assert figures.lost == 0  # every /help answered
    assert figures.duplicate_replies <= 4 * KILLS  # the few in flight at each kill, again
