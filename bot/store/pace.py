"""Send rates shared by every sender on one database: Telegram counts messages per bot, not per
process, so replicas reserve their slots here (bot/adapters/telegram/limits.py `SharedLimiter`).

One short transaction per send:
- the chat: generic cell rate algorithm on its theoretical arrival time (`burst` at once, then
  one every `chat_interval`);
- overall: a calendar of the send slots taken; the send gets the earliest time not before its
  chat's slot that is `overall_interval` away from every slot taken. Gaps are filled, so a chat
  waiting for its own next second never delays another chat's send; any two sends of any
  processes are at least `overall_interval` apart.
The chat's algorithm counts the send at its overall slot, so the chat's own spacing holds too. Times are
seconds since the epoch (wall clock: several processes compare them).
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlite_utils import Database

from bot.store.atomic import joined

FORGET_EVERY = 500  # reservations between sweeps of what lies a minute in the past
LOOK_AHEAD = 2000  # slots looked at for a gap (more than a minute at 30 a second)


def first_gap(taken: list[float], at: float, interval: float) -> float:
    """The earliest time >= `at` at least `interval` from each of `taken` (sorted, all >
    at - interval)."""
    for t in taken:
        if t - at >= interval - 1e-6:  # float rounding at epoch magnitudes
            break
        at = max(at, t + interval)
    return at


class SendPace:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._count = 0

    def reserve(self, chat: str | None, chat_interval: float, burst: int,
                overall_interval: float, now: float) -> float:
        """Own transaction. Reserves the next slot of `chat` (None: counted overall only) and
        the earliest overall slot not before it; returns when the send may go (>= now)."""
        with self._tx():
            tat = self._tat(chat) if chat is not None else None
            start = max(tat if tat is not None else now, now)
            at = max(now, start - (burst - 1) * chat_interval) if chat is not None else now
            taken = [r[0] for r in self.db.execute(
                "SELECT at FROM send_slots WHERE at > ? ORDER BY at LIMIT ?",
                [at - overall_interval, LOOK_AHEAD]).fetchall()]
            send = first_gap(taken, at, overall_interval)
            self.db.execute("INSERT INTO send_slots (at) VALUES (?)", [send])
            if chat is not None:  # the chat's schedule follows its send
                self.db.execute("INSERT INTO send_pace (key, tat) VALUES (?, ?) ON "
                                "CONFLICT(key) DO UPDATE SET tat=excluded.tat",
                                [chat, max(start, send) + chat_interval])
            self._count += 1
            if self._count % FORGET_EVERY == 0:
                self.db.execute("DELETE FROM send_pace WHERE tat < ?", [now - 60])
                self.db.execute("DELETE FROM send_slots WHERE at < ?", [now - 60])
        return send

    def _tat(self, key: str) -> float | None:
        row = self.db.execute("SELECT tat FROM send_pace WHERE key=?", [key]).fetchone()
        return None if row is None else float(row[0])

    def _tx(self) -> AbstractContextManager[None]:
        return joined(self.db.conn)
