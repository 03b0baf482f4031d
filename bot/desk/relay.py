"""The advisers' group: each shopper's hand-overs live in one forum topic (or, in a plain group,
the card is the thread and replies to it are routed), and messages are copied both ways.

Like the support bots people know: a topic is closed when its hand-over ends (/close, /done,
/ban) and reopened, with the new card, when the shopper asks for an adviser again; an edit of
a relayed shopper message edits its copy. Transports supply the few group operations
(`GroupIO`); this module keeps our own table linking group messages to hand-overs and to the
shopper's messages they copy, since hidden forwards cannot be traced back to a user.
"""

from __future__ import annotations

import logging
from typing import Protocol

from bot.store.contract import HandoverRows
from bot.transport import Undeliverable
from dialogs.actions import CopyToUser, EditRelayed, NotifyAdvisers, RelayToAdvisers
from dialogs.texts import t

log = logging.getLogger(__name__)


class GroupIO(Protocol):
    async def create_topic(self, chat_id: int, title: str) -> int | None:
        """A forum topic's message_thread_id, or None when the chat is not a forum."""
        ...

    async def close_topic(self, chat_id: int, thread_id: int) -> None:
        """closeForumTopic; one already closed is fine. ThreadGone when deleted."""
        ...

    async def reopen_topic(self, chat_id: int, thread_id: int) -> None:
        """reopenForumTopic; one already open is fine. ThreadGone when deleted."""
        ...

    async def send(self, chat_id: int, text: str, thread_id: int | None,
                   reply_to: int | None) -> int: ...

    async def copy(self, to_chat: int, from_chat: int, message_id: int, thread_id: int | None,
                   reply_to: int | None) -> int: ...

    async def edit(self, chat_id: int, message_id: int, text: str, caption: bool) -> None:
        """The message's new text (or caption); unchanged is fine."""
        ...


class ThreadGone(Exception):
    """The hand-over's forum topic was deleted."""


class Relay:
    def __init__(self, handovers: HandoverRows, group: int | None, lang: str = "zh") -> None:
        self.handovers, self.group, self.lang = handovers, group, lang

    async def post(self, io: GroupIO, action: NotifyAdvisers) -> None:
        if self.group is None:
            log.info("no advisers' group: notice about user %s kept in the queue only",
                     action.user_id)
            return
        row = self.handovers.open_row(action.user_id)
        if row is None:
            return
        if row["thread_id"] is None and row["card"] is None:
            await self._open_thread(io, row["id"], action.user_id, action.title, action.text)
            return
        if action.new_thread and row["card"] is None:  # the topic was saved, then a crash
            mid = await io.send(self.group, action.text, row["thread_id"], None)
            self.handovers.set_card(row["id"], mid)
            self.handovers.link(self.group, mid, row["id"])
            return
        try:
            mid = await io.send(self.group, action.text, row["thread_id"],
                                None if row["thread_id"] else row["card"])
        except ThreadGone:  # someone deleted the topic: open a new one with this message
            await self._open_thread(io, row["id"], action.user_id,
                                    action.title or str(action.user_id), action.text,
                                    reuse=False)
            return
        self.handovers.link(self.group, mid, row["id"])
        if action.close_thread and row["thread_id"] is not None:
            try:
                await io.close_topic(self.group, row["thread_id"])
            except ThreadGone:
                pass  # deleted meanwhile: nothing left to close

    async def _open_thread(self, io: GroupIO, handover_id: int, user_id: int, title: str,
                           text: str, reuse: bool = True) -> None:
        """The shopper's earlier topic, reopened; else a new one (None: not a forum)."""
        assert self.group is not None
        thread = self.handovers.previous_thread(user_id, handover_id) if reuse else None
        if thread is not None:
            try:
                await io.reopen_topic(self.group, thread)
            except ThreadGone:
                thread = None
        if thread is None:
            thread = await io.create_topic(self.group, title or "weiquan")
        self.handovers.set_thread(handover_id, thread)  # committed before the card goes
        mid = await io.send(self.group, text, thread, None)
        self.handovers.set_card(handover_id, mid)
        self.handovers.link(self.group, mid, handover_id)

    async def relay(self, io: GroupIO, action: RelayToAdvisers) -> None:
        if self.group is None:
            return
        row = self.handovers.open_row(action.user_id)
        if row is None:
            return
        try:
            mid = await self._relay_into(io, action, row["thread_id"], row["card"])
        except ThreadGone:  # the topic was deleted: a new one, announced, then the message
            thread = await io.create_topic(self.group, f"weiquan · {action.user_id}")
            self.handovers.set_thread(row["id"], thread)
            notice = await io.send(self.group, t(self.lang, "relay.topic_recreated"), thread,
                                   None)
            self.handovers.set_card(row["id"], notice)
            self.handovers.link(self.group, notice, row["id"])
            mid = await self._relay_into(io, action, thread, notice)
        self.handovers.link(self.group, mid, row["id"], action.message_id)

    async def _relay_into(self, io: GroupIO, action: RelayToAdvisers, thread: int | None,
                          card: int | None) -> int:
        assert self.group is not None
        reply_to = None if thread else card
        if action.message_id is not None:
            return await io.copy(self.group, action.from_chat_id, action.message_id, thread,
                                 reply_to)
        return await io.send(self.group, t(self.lang, "relay.user_said", text=action.text),
                             thread, reply_to)

    async def edit(self, io: GroupIO, action: EditRelayed) -> None:
        await io.edit(action.group_chat_id, action.message_id, action.text, action.caption)

    async def to_user(self, io: GroupIO, action: CopyToUser) -> None:
        try:
            if action.message_id is not None:
                await io.copy(action.chat_id, action.from_chat_id, action.message_id, None, None)
            else:
                await io.send(action.chat_id, action.text, None, None)
        except Undeliverable:
            # a private chat's id is its user's id
            await self.post(io, NotifyAdvisers(text=t(self.lang, "relay.blocked"),
                                               user_id=action.chat_id))
            raise
