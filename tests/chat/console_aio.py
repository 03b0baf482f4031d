"""The console chat as a `Conversation` (tests/chat/reply.py): the same events the synchronous
`Chat` builds, awaited in the caller's event loop, so a scenario written once runs here and
through Telegram."""

from __future__ import annotations

from pathlib import Path

from dialogs.actions import Button
from tests.chat.console import Chat, as_file, as_reply
from tests.chat.recording import Sent
from tests.chat.reply import FileSpec, Match, Reply, matches


class ConsoleConversation:
    def __init__(self, chat: Chat) -> None:
        self.chat = chat
        self.user = chat.user_id
        self.db = Path(chat.store.path)

    async def send(self, text: str) -> list[Reply]:
        return await self.chat.handle(self.chat.text_event(text))

    async def edit(self, text: str, message_id: int | None = None) -> list[Reply]:
        return await self.chat.handle(self.chat.edit_event(text, message_id))

    async def click(self, label: str) -> list[Reply]:
        return await self.press_on(as_reply(self.chat.keyboard_with(label), []), label)

    async def press_on(self, message: Reply, label: str) -> list[Reply]:
        """Old keyboards stay pressable: the message's keys as it was sent."""
        sent = as_reply(message.raw, []) if isinstance(message.raw, Sent) else message
        text, data = sent.button(label)
        return await self.chat.handle(self.chat.press_event(Button(text, data),
                                                            message.message_id))

    async def send_photo(self, data: bytes, caption: str | None = None) -> list[Reply]:
        return await self.send_album([data], caption)

    async def send_document(self, data: bytes, file_name: str, mime: str,
                            caption: str | None = None) -> list[Reply]:
        return await self.send_album([(data, file_name, mime)], caption)

    async def send_album(self, files: list[FileSpec], caption: str | None = None) -> list[Reply]:
        event = self.chat.files_event(tuple(map(as_file, files)), caption or "")
        return await self.chat.handle(event)

    async def wait_reply(self, what: Match, since: int = 0, timeout: float | None = None) -> Reply:
        """Nothing happens here by itself: what is due now is delivered, then looked for."""
        await self.chat.settle()
        self.chat.new_replies()
        found = [r for r in self.chat.since(since) if matches(r, what)]
        if not found:
            raise AssertionError(f"no reply {what!r}; sent since: {self.chat.since(since)}")
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
