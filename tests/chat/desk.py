"""The advisers' side of the Telegram driver: the advisers' group as an adviser types in it, a
thread per shopper (a forum topic, or in a plain group the shopper's card, which messages reply
to). Each call returns everything the bot sent, anywhere, because of it, once handled."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.chat.reply import texts
from tests.chat.telegram import TelegramChat
from tests.emulator import BotApiEmulator, SentMessage


@dataclass
class TelegramDesk:
    emu: BotApiEmulator
    group: int
    adviser: int  # who types, unless told otherwise
    chat: TelegramChat  # any client of the same bot: its settle() waits for the update
    forum: bool = True
    cards: dict[int, SentMessage] = field(default_factory=dict)  # shopper -> their card

    def card_for(self, user: int, since: int) -> SentMessage:
        """The one new hand-over card since mark `since`, remembered as `user`'s thread."""
        new = [m for m in self.emu.sent(self.group, since=since) if "/take" in m.content]
        assert len(new) == 1, texts(self.emu.sent(self.group, since=since))
        self.cards[user] = new[0]
        return new[0]

    def where(self, user: int) -> dict[str, int | None]:
        card = self.cards[user]
        return {"thread_id": card.thread_id} if self.forum else \
            {"reply_to_message_id": card.message_id}

    def in_thread_of(self, message: SentMessage, user: int) -> bool:
        card = self.cards[user]
        if self.forum:
            return message.thread_id == card.thread_id
        return (message.message.get("reply_to_message") or {}).get("message_id") == \
            card.message_id

    async def say(self, text: str, user: int | None = None, *, thread: int | None = None,
                  reply_to: int | None = None, who: int | None = None) -> list[SentMessage]:
        """A message in the group: in `user`'s thread, in topic `thread`, replying to
        `reply_to`, or else in the general chat."""
        where: dict[str, Any] = self.where(user) if user is not None else {}
        if thread is not None:
            where = {"thread_id": thread}
        if reply_to is not None:
            where = {"reply_to_message_id": reply_to}
        mark = self.emu.mark()
        uid = self.emu.group_message(self.group, who or self.adviser, text, **where)
        await self.chat.settle(uid)
        return self.emu.sent(since=mark)

    async def photo(self, data: bytes, user: int, who: int | None = None) -> list[SentMessage]:
        mark = self.emu.mark()
        where = self.where(user)
        uid = self.emu.send_photo(who or self.adviser, data, chat_id=self.group,
                                  thread_id=where.get("thread_id"),
                                  reply_to=where.get("reply_to_message_id"))
        await self.chat.settle(uid)
        return self.emu.sent(since=mark)

    async def queue(self) -> str:
        out = await self.say("/queue")
        assert len(out) == 1 and out[0].chat_id == self.group, texts(out)
        return out[0].content

    def in_group(self, messages: list[SentMessage]) -> list[SentMessage]:
        return [m for m in messages if m.chat_id == self.group]
