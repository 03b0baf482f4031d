"""The Telegram driver of the chat client: one user of the Bot API emulator talking to the real
bot (tests/chat/telegram_bot.py). Each verb injects an update and returns, once the bot has
committed it and delivered every reply it caused, the messages this chat received meanwhile."""

from __future__ import annotations

from pathlib import Path

from bot.adapters.telegram.text import CHOSEN_MARK
from tests.chat.reply import FileSpec, Match, Reply, matches
from tests.chat.telegram_bot import USER, pending_rows, processed, replies_pending
from tests.emulator import BotApiEmulator, SentMessage

KINDS = {"sendPhoto": "photo", "sendDocument": "document"}


def as_reply(sent: SentMessage) -> Reply:
    """A message as the emulator keeps it (current through edits): a pressed question ends with
    "✅ choice" and shows no buttons."""
    chosen = None
    head, mark, choice = sent.content.rpartition(f"\n\n{CHOSEN_MARK} ")
    if sent.edits and mark and head and not sent.buttons:
        chosen = choice
    return Reply(sent.content, message_id=sent.message_id, buttons=sent.buttons,
                 kind=KINDS.get(sent.method, "text"), parse_mode=sent.parse_mode, chosen=chosen,
                 raw=sent)


class TelegramChat:
    """A `Conversation` through Telegram (tests/chat/reply.py)."""

    def __init__(self, emu: BotApiEmulator, db: Path, user: int = USER, lang: str = "zh",
                 timeout: float = 10.0, but_reminders: bool = False) -> None:
        """but_reminders: settle without waiting for reminders, for a bot whose clock is not
        the real one (its reminders are due by the real clock, not by the bot's)."""
        self.emu, self.db, self.user, self.lang, self.timeout = emu, db, user, lang, timeout
        self.outstanding = replies_pending if but_reminders else pending_rows
        self.own: list[int] = []  # the ids of the messages this user sent, oldest first
        emu.add_user(user, lang=lang)

    async def settle(self, update_id: int) -> None:
        """Until the update is committed and every reply it caused was delivered."""
        await self.emu.wait_until(
            lambda: processed(self.db, update_id) and self.outstanding(self.db) == 0,
            self.timeout, f"update {update_id} handled and replied to")

    async def after(self, update_id: int, mark: int) -> list[Reply]:
        await self.settle(update_id)
        return self.since(mark)

    # ---- what the user does ------------------------------------------------------------------

    async def send(self, text: str) -> list[Reply]:
        mark = self.mark()
        uid = self.emu.send_text(self.user, text, lang=self.lang)
        self.own.append(int(self.emu.update(uid)["message"]["message_id"]))
        return await self.after(uid, mark)

    async def edit(self, text: str, message_id: int | None = None) -> list[Reply]:
        """The user edits one of their messages (by default their newest) to read `text`."""
        mark = self.mark()
        mid = message_id if message_id is not None else self.own[-1]
        return await self.after(self.emu.edit_text(self.user, mid, text, lang=self.lang), mark)

    async def click(self, label: str) -> list[Reply]:
        return await self.press_on(self.keyboard_showing(label), label)

    async def press_on(self, message: Reply | SentMessage, label: str) -> list[Reply]:
        _, data = as_reply(message).button(label) if isinstance(message, SentMessage) \
            else message.button(label)
        mark = self.mark()
        uid = self.emu.press(self.user, message.message_id, data, lang=self.lang)
        return await self.after(uid, mark)

    async def send_photo(self, data: bytes, caption: str | None = None) -> list[Reply]:
        mark = self.mark()
        return await self.after(self.emu.send_photo(self.user, data, caption, lang=self.lang),
                                mark)

    async def send_document(self, data: bytes, file_name: str, mime: str,
                            caption: str | None = None,
                            file_size: int | None = None) -> list[Reply]:
        """A file sent as a document; file_size fakes the size Telegram reports."""
        mark = self.mark()
        uid = self.emu.send_document(self.user, data, file_name, mime, caption, lang=self.lang,
                                     file_size=file_size)
        return await self.after(uid, mark)

    async def forward_photo(self, data: bytes, origin: int | str,
                            caption: str | None = None) -> list[Reply]:
        """A photo forwarded from someone else's chat (origin: their user id or hidden name)."""
        mark = self.mark()
        uid = self.emu.forward_photo(self.user, data, origin, caption, lang=self.lang)
        return await self.after(uid, mark)

    async def send_album(self, files: list[FileSpec], caption: str | None = None) -> list[Reply]:
        mark = self.mark()
        ids = self.emu.send_album(self.user, list(files), caption, lang=self.lang)
        return await self.after(ids[-1], mark)

    # ---- reading -----------------------------------------------------------------------------

    async def wait_reply(self, what: Match, since: int = 0, timeout: float | None = None) -> Reply:
        sent = await self.emu.wait_for(lambda m: matches(as_reply(m), what),
                                       timeout or self.timeout, chat_id=self.user, since=since)
        return as_reply(sent)

    def mark(self) -> int:
        return self.emu.mark()

    def since(self, mark: int) -> list[Reply]:
        return [as_reply(m) for m in self.emu.sent(self.user, since=mark)]

    def current(self, message: Reply) -> Reply:
        return next(r for r in self.replies if r.message_id == message.message_id)

    @property
    def replies(self) -> list[Reply]:
        return self.since(0)

    @property
    def last(self) -> Reply:
        return self.replies[-1]

    @property
    def buttons(self) -> list[str]:
        return self.keyboard_message().labels

    def keyboard_message(self) -> Reply:
        """The newest message of this chat still showing buttons."""
        return next(r for r in reversed(self.replies) if r.buttons)

    def keyboard_showing(self, label: str) -> Reply:
        """The newest message showing `label` (exact, else contained)."""
        shown = [r for r in reversed(self.replies) if not r.raw.deleted]
        for exact in (True, False):
            for reply in shown:
                if any(data is not None and (text == label if exact else label in text)
                       for text, data in reply.buttons):
                    return reply
        raise AssertionError(f"no button {label!r}; last reply: {shown[:1]}")

    # the names the Telegram tests used before the two clients became one
    photo = send_photo
    document = send_document
    album = send_album
    forwarded_photo = forward_photo
