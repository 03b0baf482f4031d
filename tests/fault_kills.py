"""The real `weiquan run`, killed between a send Telegram accepted and its `sent` mark, again and
again (WEIQUAN_KILL_AFTER_SENDS: the process SIGKILLs itself right after its Nth accepted send).

Thirty shoppers each have a filed case whose reminder is due when the bot starts (WEIQUAN_NOW
after it), and before every start two of them ask /help. Afterwards: how many reminders and
replies each chat got. A reminder must never come twice (a row found `sending` is `unknown`);
a reply may come twice (re-sent once) and must never be lost.

    python -m tests.fault_kills [--framework ptb] [--kills 50]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.chat import Chat as LocalChat
from tests.chat import FakeClock
from tests.chat.telegram_bot import TOKEN
from tests.emulator import EmulatorThread
from tests.test_reminders import at, file_not_received
from tests.test_telegram_process import BotProcess

SHOPPERS = range(801, 831)
NOW = "2026-12-04T09:30:00+08:00"  # every case's reminder is due (overdue) at start


@dataclass
class Figures:
    kills: int = 0
    asked: int = 0  # /help messages sent
    reminders: dict[int, int] = field(default_factory=dict)  # chat -> reminders received
    replies: int = 0  # /help replies received
    lost: int = 0  # /help that got no reply
    states: dict[str, int] = field(default_factory=dict)

    @property
    def duplicate_reminders(self) -> int:
        return sum(n - 1 for n in self.reminders.values() if n > 1)

    @property
    def duplicate_replies(self) -> int:
        return max(0, self.replies - self.asked)

    def line(self) -> str:
        return (f"{self.kills} kills: reminders {sum(self.reminders.values())} to "
                f"{len(self.reminders)} chats, {self.duplicate_reminders} duplicate; replies "
                f"{self.replies} to {self.asked} /help, {self.duplicate_replies} duplicate, "
                f"{self.lost} lost; "
                f"rows {self.states}")


def seed(db: Path) -> None:
    """A filed case per shopper, on the bot's database, a week before NOW."""
    for user in SHOPPERS:
        chat = LocalChat(db, user_id=user, clock=FakeClock(at("2026-11-27T10:00")))
        file_not_received(chat)
        chat.close()


def is_reminder(emu: EmulatorThread, message: object) -> bool:
    return any((data or "").startswith("r:") for _, data in emu.buttons(message))


def run(framework: str, kills: int, work: Path, seed_rng: int = 13) -> Figures:
    rng = random.Random(seed_rng)
    data = work / "data"
    data.mkdir(parents=True, exist_ok=True)
    seed(data / "weiquan.db")
    figures = Figures()
    asked = dict.fromkeys(SHOPPERS, 0)
    with EmulatorThread(token=TOKEN) as emu:
        for user in SHOPPERS:
            emu.add_user(user, lang="zh")
        for _ in range(kills):
            for user in rng.sample(list(SHOPPERS), 2):
                emu.send_text(user, "/help")
                figures.asked += 1
                asked[user] += 1
            sends = rng.randint(1, 2)  # at least the two replies are there to send
            before = len(emu.calls("sendMessage"))
            proc = BotProcess(framework, emu.base, data,
                              extra_env={"WEIQUAN_NOW": NOW,
                                         "WEIQUAN_KILL_AFTER_SENDS": str(sends)})
            try:
                code = proc.proc.wait(180)  # it kills itself after `sends` accepted sends
            finally:
                proc.close()
            assert code == -9 and len(emu.calls("sendMessage")) > before, proc.output()[-3000:]
            figures.kills += 1
        final = BotProcess(framework, emu.base, data, extra_env={"WEIQUAN_NOW": NOW})
        try:
            final.ready(emu)
            emu.wait_until(lambda: sum("/complain" in m.content for u in SHOPPERS
                                       for m in emu.sent(u)) >= figures.asked, 60)
            emu.wait_until(lambda: not pending(data / "weiquan.db"), 60)
        finally:
            final.terminate()
        for user in SHOPPERS:
            got = emu.sent(user)
            figures.reminders[user] = sum(is_reminder(emu, m) for m in got)
            replies = sum("/complain" in m.content for m in got)
            figures.replies += replies
            figures.lost += max(0, asked[user] - replies)
    with sqlite3.connect(data / "weiquan.db") as conn:
        figures.states = {f"{k}:{s}": n for k, s, n in conn.execute(
            "SELECT kind, status, COUNT(*) FROM outbox WHERE status != 'sent' OR kind = "
            "'reminder' GROUP BY kind, status")}
    return figures


def pending(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM outbox WHERE status IN "
                                "('pending', 'sending') AND due_at <= '2026-12-04T02:00'"
                                ).fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--framework", choices=("ptb", "aiogram"), default="ptb")
    parser.add_argument("--kills", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(run(args.framework, args.kills, Path(tmp)).line())


if __name__ == "__main__":
    main()
