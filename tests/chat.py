"""A chat-like test client: send, click, last reply. Runs the real service on a real SQLite file."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from bot.evidence import EvidenceStore
from bot.evidence_worker import EvidenceWorker
from bot.outbox import Delivery
from bot.service import Outcome, Service
from bot.store import Store
from dialogs.actions import Action, Button, MarkChosen, SendText
from dialogs.events import FileRef, Incoming, Kind, text_event
from knowledge.loader import load_kb

T0 = datetime.fromisoformat("2026-11-27T10:00:00+08:00")


class FakeClock:
    """A controlled clock: starts at T0 and moves only when told to."""

    def __init__(self, start: datetime = T0) -> None:
        self.at = start

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@dataclass
class Sent:
    ref: int
    action: Action


@dataclass
class RecordingTransport:
    sent: list[Sent] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # what fetch() serves, by file id

    async def deliver(self, action: Action, ref: int) -> None:
        self.sent.append(Sent(ref, action))

    async def fetch(self, file_id: str, dest: Path) -> None:
        dest.write_bytes(self.files[file_id])


class Chat:
    """One user talking to the bot. Replies are what the delivery loop actually sent."""

    def __init__(self, db: Path, user_id: int = 42, lang: str | None = "zh-hans",
                 clock: FakeClock | None = None) -> None:
        self.store = Store(db)
        self.clock = clock or FakeClock()
        self.service = Service(self.store, load_kb(), self.clock, source="test")
        self.transport = RecordingTransport()
        self.store_dir = db.parent / "data"
        self.evidence = EvidenceStore(self.store, self.store_dir)
        self.delivery = Delivery(self.store, self.transport, self.clock, worker=EvidenceWorker(
            self.store, self.evidence, self.transport, self.service, self.clock))
        self.user_id, self.lang = user_id, lang
        self.update_id = 1000 * user_id
        self.seen = 0

    def close(self) -> None:
        self.store.close()

    # ---- sending --------------------------------------------------------------------------

    def send(self, text: str) -> list[str]:
        return self.dispatch(text_event(self.user_id, text, self.clock.now(), lang=self.lang,
                                        update_id=self.next_update()))

    def click(self, label: str) -> list[str]:
        """Press the button whose label contains `label`, on the newest keyboard showing it."""
        message = self.keyboard_with(label)
        button = next(b for row in message.action.buttons for b in row if label in b.label)
        return self.press(button, message.ref)

    def press(self, button: Button, message_id: int) -> list[str]:
        return self.dispatch(Incoming(
            user_id=self.user_id, chat_id=self.user_id, kind=Kind.BUTTON, at=self.clock.now(),
            update_id=self.next_update(), button=button.data, message_id=message_id,
            lang=self.lang, extra={"button_label": button.label}))

    def send_files(self, *files: tuple[bytes, str, str], caption: str = "",
                   forwarded: bool = False) -> list[str]:
        """(data, kind, file_name) each; several make an album."""
        refs = []
        for data, kind, name in files:
            file_id = f"f{len(self.transport.files)}"
            self.transport.files[file_id] = data
            refs.append(FileRef(file_id=file_id, kind=kind, file_name=name, size=len(data),
                                unique_id=f"u{hash(data)}"))
        return self.dispatch(Incoming(user_id=self.user_id, chat_id=self.user_id,
                                      kind=Kind.FILES, at=self.clock.now(), files=tuple(refs),
                                      caption=caption, forwarded=forwarded,
                                      album_id="a" if len(refs) > 1 else None,
                                      update_id=self.next_update(), lang=self.lang))

    def dispatch(self, ev: Incoming) -> list[str]:
        self.last_outcome: Outcome = asyncio.run(self._handle(ev))
        new = self.transport.sent[self.seen:]
        self.seen = len(self.transport.sent)
        return [s.action.text for s in new if isinstance(s.action, SendText)]

    async def _handle(self, ev: Incoming) -> Outcome:
        outcome = await self.service.handle(ev)
        while await self.delivery.deliver_due():  # evidence reports queue more replies
            pass
        return outcome

    def dispatch_due(self) -> list[str]:
        """Run the delivery loop once at the current clock; the texts it sent."""
        asyncio.run(self.delivery.deliver_due())
        new = self.transport.sent[self.seen:]
        self.seen = len(self.transport.sent)
        return [s.action.text for s in new if isinstance(s.action, SendText)]

    def next_update(self) -> int:
        self.update_id += 1
        return self.update_id

    # ---- reading --------------------------------------------------------------------------

    @property
    def texts(self) -> list[str]:
        return [s.action.text for s in self.transport.sent if isinstance(s.action, SendText)]

    @property
    def last(self) -> str:
        return self.texts[-1]

    @property
    def marks(self) -> list[MarkChosen]:
        return [s.action for s in self.transport.sent if isinstance(s.action, MarkChosen)]

    def keyboard_with(self, label: str) -> Sent:
        for sent in reversed(self.transport.sent):
            if isinstance(sent.action, SendText) and any(
                    label in b.label for row in sent.action.buttons for b in row):
                return sent
        raise AssertionError(f"no button {label!r}; last reply: {self.last!r}")

    @property
    def buttons(self) -> list[str]:
        for sent in reversed(self.transport.sent):
            if isinstance(sent.action, SendText) and sent.action.buttons:
                return [b.label for row in sent.action.buttons for b in row]
        return []
