"""The advisers' desk as configured: its group, who may answer there, and its opening hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from functools import cached_property

from dialogs.snapshot import Desk


@dataclass(frozen=True)
class DeskConfig:
    operator_chat: int | None
    operators: frozenset[int]
    opens: time = time(9, 0)
    closes: time = time(21, 0)
    lang: str = "zh"  # WEIQUAN_DESK_LANG: the advisers' language

    @property
    def configured(self) -> bool:
        return self.operator_chat is not None

    @property
    def staffed(self) -> bool:
        """A group and someone allowed to answer in it: only then can a hand-over be seen."""
        return self.configured and bool(self.operators)

    def hours_text(self) -> str:
        return self._hours

    @cached_property
    def _hours(self) -> str:  # asked on every event (the desk's view): formatted once
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}"

    def open_at(self, moment: datetime) -> bool:
        return self.opens <= moment.time() < self.closes

    def view(self, now: datetime, waiting: int) -> Desk:
        """The desk as the engine sees it: staffed, open now, its hours, how many wait (made on
        every event: positional arguments, the hours as formatted once)."""
        return Desk(self.operator_chat is not None and bool(self.operators),
                    self.opens <= now.time() < self.closes, self._hours, waiting, self.lang)


def parse_hours(text: str) -> tuple[time, time]:
    """"09:00-21:00" -> (09:00, 21:00)."""
    start, _, end = text.replace("–", "-").partition("-")
    return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
