"""The outbox sender at Telegram's limits: one and two sender processes (tests/outbox_sender.py)
over one SQLite file, through the emulator with its Telegram-like flood control on. With the
shipped limits (30/s overall, kept 5% under; 1/s a chat after a burst of 3) the senders should
send at the limit and no slower, and never collect a 429.

    python -m tests.bench_outbox
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from bot.store.sqlite import Store
from tests.chat.telegram_bot import TOKEN
from tests.emulator import EmulatorThread
from tests.outbox_sender import Sender, most_in_a_window, queue_rows, wait_for

SCENARIOS = [  # (senders, chats, rows a chat)
    (1, 200, 1), (2, 200, 1), (2, 20, 10),
]


def scenario(senders: int, chats: range, per_chat: int) -> dict[str, float]:
    """Figures of one run: messages a second (by the emulator's receive times), the most in
    any one second, 429s, duplicates."""
    with tempfile.TemporaryDirectory() as folder, EmulatorThread(token=TOKEN) as emu:
        db = str(Path(folder) / "weiquan.db")
        Store(db).close()
        for chat in chats:
            emu.add_user(chat, lang="zh")
        emu.rate_limit(per_chat=(3, 1.0), overall=(30, 1.0), per_group=None)
        procs = [Sender(db, Path(folder), emu.base, "--framework", ("ptb", "aiogram")[n % 2])
                 for n in range(senders)]
        total = len(chats) * per_chat
        try:
            for p in procs:
                p.ready()
            queue_rows(db, chats, per_chat)

            def done() -> bool:
                with sqlite3.connect(db) as conn:
                    return conn.execute("SELECT COUNT(*) FROM outbox WHERE status='sent'"
                                        ).fetchone()[0] == total

            wait_for(done, 300, "every row sent")
        finally:
            for p in procs:
                p.stop()
        calls = emu.calls("sendMessage")
        times = sorted(c.at for c in calls if c.status == 200)
        name = f"{senders} sender(s) {len(chats)}x{per_chat}"
        return {f"{name} msg/s": (len(times) - 1) / (times[-1] - times[0]),
                f"{name} most in 1s": most_in_a_window(times, 1.0, 0.0),
                f"{name} 429s": sum(c.status == 429 for c in calls),
                f"{name} duplicates": len(times) - total}


def run() -> dict[str, float]:
    """For `make bench` (tests/bench.py)."""
    figures: dict[str, float] = {}
    for senders, chats, per_chat in SCENARIOS:
        figures.update(scenario(senders, range(9001, 9001 + chats), per_chat))
    return figures


def main() -> None:
    for key, value in run().items():
        print(f"{key:36s} {value:8.1f}")


if __name__ == "__main__":
    main()
