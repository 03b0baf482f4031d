"""The Telegram transport: the engine's actions as Bot API calls, for the outbox's delivery loop.

Every string is escaped for parse_mode HTML; long texts are split at line breaks (keyboard on
the last piece); a pressed keyboard is edited to show "✅ choice" without buttons. A row that
was half sent (a 429 on its second piece, or a crash) resumes where it stopped: the parts sent
are kept by `progress` (the outbox row, in the bot), which also marks the row `sending` right
before each call that sends, after any wait for a rate-limit slot.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

from bot.adapters.telegram.api import BadRequest, NotModified, TelegramApi, ThreadNotFound, rows
from bot.adapters.telegram.limits import Limiter, RateLimiter
from bot.adapters.telegram.text import MAX_CAPTION, MAX_TEXT, chosen_text, escape, split_text
from bot.desk.relay import Relay, ThreadGone
from bot.transport import Progress, Undeliverable
from dialogs.actions import (
    Action,
    CopyToUser,
    DownloadFile,
    EditRelayed,
    MarkChosen,
    NotifyAdvisers,
    RelayToAdvisers,
    SendFile,
    SendPhoto,
    SendText,
)
from dialogs.markup import MARKS, pre_block

log = logging.getLogger(__name__)
LETTER_FILE = "weiquan-letter.txt"  # a long letter sent as a document, to copy or forward
REMEMBERED = 5000  # texts of recent keyboard messages, to show the choice when one is pressed


class MemoryProgress:
    """Progress kept in memory (tests, and transports without a store)."""

    def __init__(self) -> None:
        self.parts: dict[int, int] = {}

    async def sending(self, ref: int) -> None:
        pass

    def parts_done(self, ref: int) -> int:
        return self.parts.get(ref, 0)

    def part_sent(self, ref: int, parts: int) -> None:
        self.parts[ref] = parts


class TelegramTransport:
    marks_sending = True  # the outbox need not: `progress.sending` comes after the rate wait

    def __init__(self, api: TelegramApi, limiter: Limiter | None = None,
                 relay: Relay | None = None, progress: Progress | None = None) -> None:
        self.api = api
        self.limiter: Limiter = limiter or RateLimiter()
        self.relay = relay  # the advisers' group, when WEIQUAN_OPERATOR_CHAT is set
        self.progress: Progress = progress or MemoryProgress()
        self._texts: OrderedDict[tuple[int, int], str] = OrderedDict()

    def remember(self, chat_id: int, message_id: int, text: str) -> None:
        """The plain text of a message carrying a keyboard (ours, or seen in a button press).
        Ours is kept over what a press shows: it still has its marks (<code>, <pre>)."""
        key = (chat_id, message_id)
        if key not in self._texts or not any(m in self._texts[key] for m in MARKS):
            self._texts[key] = text
        self._texts.move_to_end((chat_id, message_id))
        while len(self._texts) > REMEMBERED:
            self._texts.popitem(last=False)

    async def deliver(self, action: Action, ref: int) -> None:
        try:
            await self._deliver(action, ref)
        except BadRequest as exc:
            # A 400 will be a 400 again: give the row up instead of retrying it.
            raise Undeliverable(f"{action.kind}: {exc}") from exc
        if isinstance(self.progress, MemoryProgress):
            self.progress.parts.pop(ref, None)

    async def _deliver(self, action: Action, ref: int) -> None:
        if isinstance(action, SendText):
            await self.send_text(action.chat_id, action.text, rows(action.buttons), ref,
                                 thread_id=action.thread_id, action=action.action)
        elif isinstance(action, MarkChosen):
            await self.progress.sending(ref)
            await self.mark_chosen(action)
        elif isinstance(action, SendFile):
            await self.send_file(action, ref)
        elif isinstance(action, SendPhoto):
            await self.send_photo(action, ref)
        elif isinstance(action, NotifyAdvisers | RelayToAdvisers | CopyToUser | EditRelayed):
            await self.progress.sending(ref)
            await self.to_desk(action)
        elif isinstance(action, DownloadFile):  # the evidence worker's job, where there is one
            log.info("%s for chat %s left to the evidence store", action.kind, action.chat_id)

    # ---- the advisers' group (the relay's GroupIO) ---------------------------------------------
    async def create_topic(self, chat_id: int, title: str) -> int | None:
        """A forum topic for a hand-over; None in a plain group (threads are reply chains)."""
        await self.limiter.wait(chat_id)
        return await self.api.create_topic(chat_id, title[:128])

    async def close_topic(self, chat_id: int, thread_id: int) -> None:
        await self._topic(self.api.close_topic, chat_id, thread_id)

    async def reopen_topic(self, chat_id: int, thread_id: int) -> None:
        await self._topic(self.api.reopen_topic, chat_id, thread_id)

    async def _topic(self, call: Any, chat_id: int, thread_id: int) -> None:
        await self.limiter.wait(None)  # not a message: no per-chat slot
        try:
            await call(chat_id, thread_id)
        except NotModified:
            pass  # already closed (or open): a row carried out again after a crash
        except ThreadNotFound as exc:
            raise ThreadGone(str(exc)) from exc

    async def edit(self, chat_id: int, message_id: int, text: str, caption: bool) -> None:
        await self.limiter.wait(None)
        try:
            if caption:
                await self.api.edit_caption(chat_id, message_id, escape(text[:MAX_CAPTION]))
            else:
                await self.api.edit_text(chat_id, message_id, escape(text[:MAX_TEXT]))
        except NotModified:
            pass

    async def send(self, chat_id: int, text: str, thread_id: int | None,
                   reply_to: int | None) -> int:
        """Text into a group thread (or a private chat); split pieces all go there; the last
        piece's id. Raises relay.ThreadGone when the forum topic was deleted."""
        message_id = 0
        for piece in [p for p in split_text(text) if p.strip()]:
            await self.limiter.wait(chat_id)
            try:
                message_id = await self.api.send_message(chat_id, escape(piece), None, thread_id,
                                                         reply_to)
            except ThreadNotFound as exc:
                raise ThreadGone(str(exc)) from exc
        return message_id

    async def copy(self, to_chat: int, from_chat: int, message_id: int, thread_id: int | None,
                   reply_to: int | None) -> int:
        await self.limiter.wait(to_chat)
        try:
            return await self.api.copy_message(to_chat, from_chat, message_id, thread_id,
                                               reply_to)
        except ThreadNotFound as exc:
            raise ThreadGone(str(exc)) from exc

    async def fetch(self, file_id: str, dest: Path) -> None:
        """A file the user sent, through WEIQUAN_API_BASE's file path, into `dest`."""
        data = await self.api.download(file_id)  # whole before anything is written (kill-safe)
        await asyncio.to_thread(dest.write_bytes, data)  # not on the event loop

    async def to_desk(self, action: NotifyAdvisers | RelayToAdvisers | CopyToUser
                      | EditRelayed) -> None:
        """The relay's actions, with this transport as its group I/O."""
        if self.relay is None:
            log.info("no WEIQUAN_OPERATOR_CHAT: %s not carried out", action.kind)
        elif isinstance(action, NotifyAdvisers):
            await self.relay.post(self, action)
        elif isinstance(action, RelayToAdvisers):
            await self.relay.relay(self, action)
        elif isinstance(action, EditRelayed):
            await self.relay.edit(self, action)
        else:
            await self.relay.to_user(self, action)

    async def chat_action(self, chat_id: int, action: str) -> None:
        """"typing", "upload_document" …: shown until our next message (at most 5 s). Only a
        courtesy: a failure is logged, never retried, never holds a reply back."""
        try:
            await self.api.send_chat_action(chat_id, action)
        except Exception as exc:
            log.debug("chat action %s for chat %s not shown: %r", action, chat_id, exc)

    async def send_text(self, chat_id: int, text: str, keyboard: list[list[tuple[str, str]]] | None,
                        ref: int, limit: int = MAX_TEXT, thread_id: int | None = None,
                        action: str = "") -> None:
        """`action`: a chat action shown before each piece (while its rate-limit slot comes)."""
        pieces = [p for p in split_text(text, limit) if p.strip()]
        block = pre_block(text)
        if block is not None and len(pieces) > 1:  # a long letter: the text, then a .txt file
            await self.send_with_file(chat_id, block, keyboard, ref, limit, action)
            return
        start = self.progress.parts_done(ref) if len(pieces) > 1 else 0
        for i in range(start, len(pieces)):
            last = i == len(pieces) - 1
            if action:
                await self.chat_action(chat_id, action)
            await self.limiter.wait(chat_id)
            await self.progress.sending(ref)
            message_id = await self.api.send_message(chat_id, escape(pieces[i]),
                                                     keyboard if last else None, thread_id)
            if not last:
                self.progress.part_sent(ref, i + 1)
            if last and keyboard:
                self.remember(chat_id, message_id, pieces[i])

    async def send_with_file(self, chat_id: int, block: tuple[str, str, str],
                             keyboard: list[list[tuple[str, str]]] | None, ref: int, limit: int,
                             action: str) -> None:
        """A block too long for one message (a complaint letter) goes as a .txt document after
        the text around it, which keeps the keyboard; sent once each across retries."""
        head, body, tail = block
        around = "\n\n".join(p.strip("\n") for p in (head, tail) if p.strip())
        if self.progress.parts_done(ref) == 0:
            await self.send_text(chat_id, around, keyboard, ref, limit, action=action)
            self.progress.part_sent(ref, 1)
        await self.chat_action(chat_id, "upload_document")
        with tempfile.TemporaryDirectory(prefix="letter-") as folder:
            path = Path(folder) / LETTER_FILE
            await asyncio.to_thread(path.write_text, body.strip("\n") + "\n", "utf-8")
            await self.limiter.wait(chat_id)
            await self.progress.sending(ref)
            await self.api.send_document(chat_id, path, "")

    async def mark_chosen(self, action: MarkChosen) -> None:
        """The pressed question, edited to end with "✅ choice" and without buttons. After a
        restart the question's text may be unknown here: dropping the keyboard returns it."""
        chat, message = action.chat_id, action.message_id
        original = self._texts.get((chat, message))
        try:
            await self.limiter.wait(None)
            removed = original is None
            if removed:
                original = await self.api.remove_keyboard(chat, message)
            new = chosen_text(original, action.choice) if original and action.choice else None
            if new is not None:
                await self.api.edit_text(chat, message, escape(new))
            elif not removed:
                await self.api.remove_keyboard(chat, message)
        except NotModified:
            pass  # already shows the choice (a row delivered again after a crash)

    async def send_photo(self, action: SendPhoto, ref: int) -> None:
        """A picture the bot drew, as a photo; the caption cut to Telegram's 1,024."""
        path = Path(action.path)
        if not path.is_file():
            raise Undeliverable(f"no picture {path.name} to send")
        caption = split_text(action.caption, MAX_CAPTION)[0] if action.caption else ""
        await self.limiter.wait(action.chat_id)
        await self.progress.sending(ref)
        await self.api.send_photo(action.chat_id, path, escape(caption))

    async def send_file(self, action: SendFile, ref: int) -> None:
        """The document with the first 1,024 units of the caption; the rest follows as text."""
        path = Path(action.path)
        if not path.is_file():
            raise Undeliverable(f"no file {path.name} to send")
        caption, *overflow = split_text(action.caption, MAX_CAPTION)
        rest = [p for p in split_text("\n".join(overflow)) if p.strip()] if overflow else []
        done = self.progress.parts_done(ref) if rest else 0
        if done == 0:
            await self.limiter.wait(action.chat_id)
            await self.progress.sending(ref)
            await self.api.send_document(action.chat_id, path, escape(caption))
            done = 1
            if rest:
                self.progress.part_sent(ref, done)
        for i in range(done - 1, len(rest)):
            await self.limiter.wait(action.chat_id)
            await self.progress.sending(ref)
            await self.api.send_message(action.chat_id, escape(rest[i]), None)
            if i + 2 <= len(rest):
                self.progress.part_sent(ref, i + 2)
