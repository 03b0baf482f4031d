"""A chat-like test client: send, click, last reply. Runs the real service on a real SQLite file."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from bot.delivery.outbox import Delivery
from bot.desk.relay import Relay, ThreadGone
from bot.evidence.repository import EvidenceStore
from bot.evidence.worker import EvidenceWorker
from bot.service import Outcome, Service
from bot.store.handovers import DeskConfig
from bot.store.sqlite import Store
from dialogs.actions import (
    Action,
    Button,
    CopyToUser,
    MarkChosen,
    NotifyAdvisers,
    RelayToAdvisers,
    SendFile,
    SendPhoto,
    SendText,
)
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
class GroupMessage:
    chat_id: int
    message_id: int
    text: str
    thread_id: int | None = None
    reply_to: int | None = None


@dataclass
class RecordingTransport:
    """Records what the bot sends; plays an advisers' group (a forum unless told otherwise)."""

    sent: list[Sent] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # what fetch() serves, by file id
    relay: Relay | None = None
    forum: bool = True
    messages: dict[tuple[int, int], GroupMessage] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    deleted_topics: set[int] = field(default_factory=set)
    blobs: dict[int, bytes] = field(default_factory=dict)  # files sent, by row: read on sending

    async def deliver(self, action: Action, ref: int) -> None:
        if self.relay is not None and isinstance(action, NotifyAdvisers):
            await self.relay.post(self, action)
        elif self.relay is not None and isinstance(action, RelayToAdvisers):
            await self.relay.relay(self, action)
        elif self.relay is not None and isinstance(action, CopyToUser):
            await self.relay.to_user(self, action)
        elif isinstance(action, SendText) and action.chat_id < 0:  # to the advisers' group
            self.new_message(action.chat_id, action.text, action.thread_id)
        else:
            if isinstance(action, SendFile | SendPhoto) and Path(action.path).is_file():
                self.blobs[ref] = Path(action.path).read_bytes()  # a drawn file goes once sent
            self.sent.append(Sent(ref, action))

    # GroupIO -------------------------------------------------------------------------------
    async def create_topic(self, chat_id: int, title: str) -> int | None:
        if not self.forum:
            return None
        self.topics.append(title)
        return 9000 + len(self.topics)

    async def send(self, chat_id: int, text: str, thread_id: int | None,
                   reply_to: int | None) -> int:
        if thread_id in self.deleted_topics:
            raise ThreadGone(f"message thread {thread_id} not found")
        mid = self.new_message(chat_id, text, thread_id, reply_to)
        if chat_id > 0:  # a private chat: the user sees it like any reply
            self.sent.append(Sent(mid, SendText(chat_id=chat_id, text=text)))
        return mid

    async def copy(self, to_chat: int, from_chat: int, message_id: int, thread_id: int | None,
                   reply_to: int | None) -> int:
        original = self.messages[(from_chat, message_id)]
        return await self.send(to_chat, original.text, thread_id, reply_to)

    def new_message(self, chat_id: int, text: str, thread_id: int | None = None,
                    reply_to: int | None = None) -> int:
        mid = len(self.messages) + 1
        self.messages[(chat_id, mid)] = GroupMessage(chat_id, mid, text, thread_id, reply_to)
        return mid

    def group(self, chat_id: int) -> list[GroupMessage]:
        return [m for (c, _), m in sorted(self.messages.items()) if c == chat_id]

    async def fetch(self, file_id: str, dest: Path) -> None:
        dest.write_bytes(self.files[file_id])


class Chat:
    """One user talking to the bot. Replies are what the delivery loop actually sent."""

    def __init__(self, db: Path, user_id: int = 42, lang: str | None = "zh-hans",
                 clock: FakeClock | None = None, desk: DeskConfig | None = None,
                 transport: RecordingTransport | None = None) -> None:
        self.store = Store(db)
        self.clock = clock or FakeClock()
        self.service = Service(self.store, load_kb(), self.clock, source="test", desk=desk)
        self.transport = transport or RecordingTransport()
        if desk is not None and desk.operator_chat is not None:
            self.transport.relay = Relay(self.service.handovers, desk.operator_chat)
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
        mid = self.transport.new_message(self.user_id, text)  # the user's own message
        ev = text_event(self.user_id, text, self.clock.now(), lang=self.lang,
                        update_id=self.next_update())
        return self.dispatch(replace(ev, message_id_in=mid))

    def adviser(self, group: int, adviser_id: int, text: str, thread_id: int | None = None,
                reply_to: int | None = None, name: str = "王顾问") -> list[str]:
        """A message in the advisers' group; returns what the user was sent because of it."""
        mid = self.transport.new_message(group, text, thread_id, reply_to)
        ev = text_event(adviser_id, text, self.clock.now(), chat_id=group,
                        update_id=self.next_update())
        return self.dispatch(replace(ev, message_id_in=mid, thread_id=thread_id,
                                     reply_to=reply_to, user_name=name))

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
