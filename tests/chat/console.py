"""The console driver of the chat client: the real service and delivery loop on a real SQLite
file, a controlled clock and a transport that records what was sent.

`Chat` is the synchronous face most scenario tests use (`chat.send("/start")[-1]`); `chat.aio`
is the same conversation as a `Conversation` (tests/chat/reply.py), so a scenario written
against that protocol runs here and through Telegram alike.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from bot.delivery.outbox import Delivery
from bot.desk.relay import Relay
from bot.evidence.repository import EvidenceStore
from bot.evidence.worker import EvidenceWorker
from bot.service import Outcome, Service
from bot.store.handovers import DeskConfig
from bot.store.sqlite import Store
from dialogs.actions import Button, MarkChosen, SendText
from dialogs.events import FileRef, Incoming, Kind, text_event
from knowledge.loader import load_kb
from tests.chat.recording import FakeClock, RecordingTransport, Sent
from tests.chat.reply import FileSpec, Match, Reply, matches


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
        self.aio = ConsoleConversation(self)

    @property
    def user(self) -> int:
        return self.user_id

    def close(self) -> None:
        self.store.close()

    # ---- what the user does (each builds one event; dispatch runs it) ----------------------

    def send(self, text: str) -> list[Reply]:
        return self.dispatch(self.text_event(text))

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
        return self.dispatch(self.click_event(label))

    def press(self, button: Button, message_id: int) -> list[Reply]:
        return self.dispatch(self.press_event(button.label, button.data, message_id))

    def send_files(self, *files: tuple[bytes, str, str | None], caption: str = "",
                   forwarded: bool = False) -> list[Reply]:
        """(data, kind, file_name) each; several make an album."""
        return self.dispatch(self.files_event(files, caption, forwarded))

    def send_photo(self, data: bytes, caption: str | None = None) -> list[Reply]:
        return self.send_files((data, "photo", None), caption=caption or "")

    def send_album(self, files: list[FileSpec], caption: str | None = None) -> list[Reply]:
        return self.send_files(*map(as_file, files), caption=caption or "")

    def dispatch(self, ev: Incoming) -> list[Reply]:
        return asyncio.run(self.handle(ev))

    def dispatch_due(self) -> list[Reply]:
        """Run the delivery loop once at the current clock; the texts it sent."""
        asyncio.run(self.delivery.deliver_due())
        return self.new_replies()

    # ---- events ------------------------------------------------------------------------------

    def text_event(self, text: str) -> Incoming:
        mid = self.transport.new_message(self.user_id, text)  # the user's own message
        ev = text_event(self.user_id, text, self.clock.now(), lang=self.lang,
                        update_id=self.next_update())
        return replace(ev, message_id_in=mid)

    def click_event(self, label: str) -> Incoming:
        message = self.keyboard_with(label)
        button = next(b for row in message.action.buttons for b in row if label in b.label)
        return self.press_event(button.label, button.data, message.ref)

    def press_event(self, label: str, data: str, message_id: int) -> Incoming:
        return Incoming(
            user_id=self.user_id, chat_id=self.user_id, kind=Kind.BUTTON, at=self.clock.now(),
            update_id=self.next_update(), button=data, message_id=message_id,
            lang=self.lang, extra={"button_label": label})

    def files_event(self, files: tuple[tuple[bytes, str, str | None], ...], caption: str = "",
                    forwarded: bool = False) -> Incoming:
        refs = []
        for data, kind, name in files:
            file_id = f"f{len(self.transport.files)}"
            self.transport.files[file_id] = data
            refs.append(FileRef(file_id=file_id, kind=kind, file_name=name, size=len(data),
                                unique_id=f"u{hash(data)}"))
        return Incoming(user_id=self.user_id, chat_id=self.user_id, kind=Kind.FILES,
                        at=self.clock.now(), files=tuple(refs), caption=caption,
                        forwarded=forwarded, album_id="a" if len(refs) > 1 else None,
                        update_id=self.next_update(), lang=self.lang)

    async def handle(self, ev: Incoming) -> list[Reply]:
        self.last_outcome: Outcome = await self.service.handle(ev)
        while await self.delivery.deliver_due():  # evidence reports queue more replies
            pass
        return self.new_replies()

    def new_replies(self) -> list[Reply]:
        new = self.since(self.seen)
        self.seen = len(self.transport.sent)
        return new

    def next_update(self) -> int:
        self.update_id += 1
        return self.update_id

    # ---- reading -----------------------------------------------------------------------------

    def mark(self) -> int:
        return len(self.transport.sent)

    def since(self, mark: int) -> list[Reply]:
        return [as_reply(s, self.marks) for s in self.transport.sent[mark:]
                if isinstance(s.action, SendText)]

    @property
    def replies(self) -> list[Reply]:
        return self.since(0)

    @property
    def texts(self) -> list[str]:
        return [s.action.text for s in self.transport.sent if isinstance(s.action, SendText)]

    @property
    def last(self) -> Reply:
        return self.replies[-1]

    def current(self, message: Reply) -> Reply:
        return next(r for r in self.replies if r.message_id == message.message_id)

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
    return Reply(sent.action.text, message_id=sent.ref, buttons=buttons, chosen=chosen,
                 raw=sent)


def as_file(spec: FileSpec) -> tuple[bytes, str, str | None]:
    return (spec, "photo", None) if isinstance(spec, bytes) else (spec[0], "document", spec[1])


class ConsoleConversation:
    """The console chat as a `Conversation`: the same events, awaited in the caller's loop."""

    def __init__(self, chat: Chat) -> None:
        self.chat = chat
        self.user = chat.user_id

    async def send(self, text: str) -> list[Reply]:
        return await self.chat.handle(self.chat.text_event(text))

    async def click(self, label: str) -> list[Reply]:
        return await self.press_on(self.keyboard_showing(label), label)

    async def press_on(self, message: Reply, label: str) -> list[Reply]:
        shown = self.original(message)
        text, data = shown.button(label)
        return await self.chat.handle(self.chat.press_event(text, data, message.message_id))

    async def send_photo(self, data: bytes, caption: str | None = None) -> list[Reply]:
        return await self.chat.handle(self.chat.files_event(((data, "photo", None),),
                                                            caption or ""))

    async def send_document(self, data: bytes, file_name: str, mime: str,
                            caption: str | None = None) -> list[Reply]:
        return await self.chat.handle(self.chat.files_event(((data, "document", file_name),),
                                                            caption or ""))

    async def send_album(self, files: list[FileSpec], caption: str | None = None) -> list[Reply]:
        return await self.chat.handle(self.chat.files_event(tuple(map(as_file, files)),
                                                            caption or ""))

    async def wait_reply(self, what: Match, since: int = 0, timeout: float | None = None) -> Reply:
        """Here nothing happens by itself: what is due is delivered once, then looked for."""
        await self.chat.delivery.deliver_due()
        self.chat.new_replies()
        found = [r for r in self.chat.since(since) if matches(r, what)]
        if not found:
            raise AssertionError(f"no reply {what!r}; sent: {self.chat.since(since)}")
        return found[0]

    def mark(self) -> int:
        return self.chat.mark()

    def since(self, mark: int) -> list[Reply]:
        return self.chat.since(mark)

    def current(self, message: Reply) -> Reply:
        return self.chat.current(message)

    @property
    def replies(self) -> list[Reply]:
        return self.chat.replies

    @property
    def last(self) -> Reply:
        return self.chat.last

    def keyboard_showing(self, label: str) -> Reply:
        sent = self.chat.keyboard_with(label)
        return as_reply(sent, [])

    def original(self, message: Reply) -> Reply:
        """The message with the keys it was sent with (old keyboards stay pressable)."""
        return as_reply(message.raw, []) if isinstance(message.raw, Sent) else message
