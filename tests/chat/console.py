"""The console driver of the chat client: send, click, last reply. Runs the real service and
delivery loop on a real SQLite file, with a controlled clock and a transport that records.

`Chat` is the synchronous face most scenario tests use (`chat.send("/start")[-1]`); `chat.aio`
is the same conversation as a `Conversation` (tests/chat/reply.py), so a scenario written
against that protocol runs here and through Telegram alike (tests/chat/drivers.py)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.delivery.outbox import Delivery
from bot.desk.config import DeskConfig
from bot.desk.relay import Relay
from bot.evidence.repository import EvidenceStore
from bot.evidence.storage import Storage
from bot.evidence.worker import EvidenceWorker
from bot.scheduler import Scheduler
from bot.service import Outcome, Service
from bot.store.sqlite import Store
from dialogs.actions import (
    Button,
    MarkChosen,
    SendFile,
    SendPhoto,
    SendText,
)
from dialogs.events import FileRef, Incoming, Kind, text_event
from knowledge.loader import load_kb
from tests.chat.recording import RecordingTransport, Sent
from tests.chat.reply import FileSpec, Reply

if TYPE_CHECKING:
    from tests.chat.console_aio import ConsoleConversation

T0 = datetime.fromisoformat("2026-11-27T10:00:00+08:00")


class FakeClock:
    """A controlled clock: starts at T0 and moves only when told to."""

    def __init__(self, start: datetime = T0) -> None:
        self.at = start

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


class Chat:
    """One user talking to the bot. Replies are what the delivery loop actually sent."""

    def __init__(self, db: Path, user_id: int = 42, lang: str | None = "zh-hans",
                 clock: FakeClock | None = None, desk: DeskConfig | None = None,
                 transport: RecordingTransport | None = None,
                 storage: Storage | None = None) -> None:
        self.store = Store(db)
        self.clock = clock or FakeClock()
        kb = load_kb()
        self.service = Service(self.store, kb, self.clock, source="test", desk=desk)
        self.transport = transport or RecordingTransport()
        if desk is not None and desk.operator_chat is not None:
            self.transport.relay = Relay(self.service.handovers, desk.operator_chat, desk.lang)
        self.store_dir = db.parent / "data"
        self.evidence = EvidenceStore(self.store, self.store_dir, storage=storage)
        self.delivery = Delivery(self.store, self.transport, self.clock, worker=EvidenceWorker(
            self.store, self.evidence, self.transport, self.clock, kb.ocr_words))
        self.scheduler = Scheduler(self.store, self.service, self.clock)
        self.user_id, self.lang = user_id, lang
        self.update_id = 1000 * user_id
        self.seen = 0

    @property
    def user(self) -> int:
        return self.user_id

    @property
    def aio(self) -> ConsoleConversation:
        """This conversation with awaitable verbs (the `Conversation` every driver offers)."""
        from tests.chat.console_aio import ConsoleConversation

        return ConsoleConversation(self)

    def close(self) -> None:
        self.store.close()

    # ---- sending --------------------------------------------------------------------------

    def send(self, text: str) -> list[Reply]:
        return self.dispatch(self.text_event(text))

    def text_event(self, text: str) -> Incoming:
        mid = self.transport.new_message(self.user_id, text)  # the user's own message
        ev = text_event(self.user_id, text, self.clock.now(), lang=self.lang,
                        update_id=self.next_update())
        return replace(ev, message_id_in=mid)

    def edit(self, text: str, message_id: int | None = None) -> list[Reply]:
        """The user edits one of their messages (by default their newest) to read `text`."""
        return self.dispatch(self.edit_event(text, message_id))

    def edit_event(self, text: str, message_id: int | None = None) -> Incoming:
        mine = [m for c, m in self.transport.messages if c == self.user_id]
        mid = message_id if message_id is not None else max(mine)
        self.transport.messages[(self.user_id, mid)].text = text
        return Incoming(user_id=self.user_id, chat_id=self.user_id, kind=Kind.EDITED,
                        at=self.clock.now(), update_id=self.next_update(), text=text,
                        lang=self.lang, message_id_in=mid)

    def adviser(self, group: int, adviser_id: int, text: str, thread_id: int | None = None,
                reply_to: int | None = None, name: str = "王顾问") -> list[Reply]:
        """A message in the advisers' group; returns what the user was sent because of it."""
        mid = self.transport.new_message(group, text, thread_id, reply_to)
        ev = text_event(adviser_id, text, self.clock.now(), chat_id=group,
                        update_id=self.next_update())
        return self.dispatch(replace(ev, message_id_in=mid, thread_id=thread_id,
                                     reply_to=reply_to, user_name=name))

    def click(self, label: str) -> list[Reply]:
        """Press the button whose label contains `label`, on the newest keyboard showing it."""
        message = self.keyboard_with(label)
        button = next(b for row in message.action.buttons for b in row if label in b.label)
        return self.press(button, message.ref)

    def press(self, button: Button, message_id: int) -> list[Reply]:
        return self.dispatch(self.press_event(button, message_id))

    def press_event(self, button: Button, message_id: int) -> Incoming:
        return Incoming(
            user_id=self.user_id, chat_id=self.user_id, kind=Kind.BUTTON, at=self.clock.now(),
            update_id=self.next_update(), button=button.data, message_id=message_id,
            lang=self.lang, extra={"button_label": button.label})

    def send_files(self, *files: tuple[bytes, str, str | None], caption: str = "",
                   forwarded: bool = False) -> list[Reply]:
        """(data, kind, file_name) each; several make an album."""
        return self.dispatch(self.files_event(files, caption, forwarded))

    def send_photo(self, data: bytes, caption: str | None = None) -> list[Reply]:
        return self.send_files((data, "photo", None), caption=caption or "")

    def send_album(self, files: list[FileSpec], caption: str | None = None) -> list[Reply]:
        return self.send_files(*map(as_file, files), caption=caption or "")

    def files_event(self, files: tuple[tuple[bytes, str, str | None], ...], caption: str = "",
                    forwarded: bool = False) -> Incoming:
        refs = []
        for data, kind, name in files:
            file_id = f"f{len(self.transport.files)}"
            self.transport.files[file_id] = data
            refs.append(FileRef(file_id=file_id, kind=kind, file_name=name, size=len(data),
                                unique_id=f"u{hash(data)}"))
        return Incoming(user_id=self.user_id, chat_id=self.user_id,
                        kind=Kind.FILES, at=self.clock.now(), files=tuple(refs),
                        caption=caption, forwarded=forwarded,
                        album_id="a" if len(refs) > 1 else None,
                        update_id=self.next_update(), lang=self.lang)

    def dispatch(self, ev: Incoming) -> list[Reply]:
        return asyncio.run(self.handle(ev))

    async def handle(self, ev: Incoming) -> list[Reply]:
        """The event through the service, then delivery until nothing is due; the new replies."""
        self.last_outcome: Outcome = await self.service.handle(ev)
        await self.settle()
        return self.new_replies()

    def dispatch_due(self) -> list[Reply]:
        """Word the reminders due at the current clock, then run the delivery loop once; the
        texts it sent."""
        asyncio.run(self._due())
        return self.new_replies()

    def new_replies(self) -> list[Reply]:
        new = self.since(self.seen)
        self.seen = len(self.transport.sent)
        return new

    async def settle(self) -> None:
        """Until nothing moves: due reminders worded and job reports handed in (the scheduler),
        due rows sent and jobs run (the delivery loop)."""
        while await self.scheduler.run_once() + await self.delivery.deliver_due():
            pass

    async def _due(self) -> None:
        await self.scheduler.run_once()
        await self.delivery.deliver_due()

    def next_update(self) -> int:
        self.update_id += 1
        return self.update_id

    # ---- reading --------------------------------------------------------------------------

    def mark(self) -> int:
        return len(self.transport.sent)

    def since(self, mark: int) -> list[Reply]:
        marks = self.marks
        return [as_reply(s, marks) for s in self.transport.sent[mark:]
                if isinstance(s.action, SendText)]

    @property
    def replies(self) -> list[Reply]:
        return self.since(0)

    def current(self, message: Reply) -> Reply:
        return next(r for r in self.replies if r.message_id == message.message_id)

    @property
    def texts(self) -> list[str]:
        return [s.action.text for s in self.transport.sent if isinstance(s.action, SendText)]

    @property
    def last(self) -> Reply:
        sent = next((s for s in reversed(self.transport.sent) if isinstance(s.action, SendText)),
                    None)
        if sent is None:
            raise IndexError("the bot has not said anything yet")
        return as_reply(sent, self.marks)

    @property
    def photos(self) -> list[tuple[SendPhoto, bytes]]:
        """Pictures sent to this user, with their bytes."""
        return [(s.action, self.transport.blobs.get(s.ref, b"")) for s in self.transport.sent
                if isinstance(s.action, SendPhoto)]

    def files_sent(self, chat_id: int) -> list[tuple[SendFile, bytes]]:
        return [(s.action, self.transport.blobs.get(s.ref, b"")) for s in self.transport.sent
                if isinstance(s.action, SendFile) and s.action.chat_id == chat_id]

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


def as_reply(sent: Sent, marks: list[MarkChosen]) -> Reply:
    """A recorded SendText as the user sees it: a press marks the choice and drops the keys."""
    assert isinstance(sent.action, SendText)
    chosen = next((m.choice for m in reversed(marks) if m.message_id == sent.ref), None)
    buttons = [] if chosen is not None else [
        (b.label, b.data) for row in sent.action.buttons for b in row]
    return Reply(sent.action.text, message_id=sent.ref, buttons=buttons, chosen=chosen, raw=sent)


def as_file(spec: FileSpec) -> tuple[bytes, str, str | None]:
    """A photo's bytes, or (data, file_name, mime) sent as a document."""
    return (spec, "photo", None) if isinstance(spec, bytes) else (spec[0], "document", spec[1])
