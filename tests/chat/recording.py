"""The transport the console driver records through: what the bot sends, and an advisers' group
(a forum unless told otherwise) played in memory, with topics that can be closed or deleted."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.desk.relay import Relay, ThreadGone
from dialogs.actions import (
    Action,
    CopyToUser,
    EditRelayed,
    NotifyAdvisers,
    RelayToAdvisers,
    SendFile,
    SendPhoto,
    SendText,
)
from dialogs.markup import plain


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
    closed_topics: set[int] = field(default_factory=set)
    blobs: dict[int, bytes] = field(default_factory=dict)  # files sent, by row: read on sending

    async def deliver(self, action: Action, ref: int) -> None:
        if isinstance(action, SendText):  # as the user reads it (Telegram shows the marks)
            action = replace(action, text=plain(action.text))
        if self.relay is not None and isinstance(action, NotifyAdvisers):
            await self.relay.post(self, action)
        elif self.relay is not None and isinstance(action, RelayToAdvisers):
            await self.relay.relay(self, action)
        elif self.relay is not None and isinstance(action, CopyToUser):
            await self.relay.to_user(self, action)
        elif self.relay is not None and isinstance(action, EditRelayed):
            await self.relay.edit(self, action)
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

    async def close_topic(self, chat_id: int, thread_id: int) -> None:
        if thread_id in self.deleted_topics:
            raise ThreadGone(f"message thread {thread_id} not found")
        self.closed_topics.add(thread_id)

    async def reopen_topic(self, chat_id: int, thread_id: int) -> None:
        if thread_id in self.deleted_topics:
            raise ThreadGone(f"message thread {thread_id} not found")
        self.closed_topics.discard(thread_id)

    async def edit(self, chat_id: int, message_id: int, text: str, caption: bool) -> None:
        old = self.messages[(chat_id, message_id)]
        self.messages[(chat_id, message_id)] = GroupMessage(chat_id, message_id, text,
                                                            old.thread_id, old.reply_to)

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
        self.messages[(chat_id, mid)] = GroupMessage(chat_id, mid, plain(text), thread_id,
                                                     reply_to)
        return mid

    def group(self, chat_id: int) -> list[GroupMessage]:
        return [m for (c, _), m in sorted(self.messages.items()) if c == chat_id]

    async def fetch(self, file_id: str, dest: Path) -> None:
        dest.write_bytes(self.files[file_id])
