"""What the console driver's world is made of: a controlled clock, and a transport that records
what the bot sent and plays the advisers' group."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from bot.desk.relay import Relay, ThreadGone
from dialogs.actions import Action, CopyToUser, NotifyAdvisers, RelayToAdvisers, SendText

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
