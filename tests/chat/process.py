"""The process driver of the chat client: one user of the Bot API emulator (running in its own
thread) talking to a bot that runs as a separate `weiquan run` process, which a test may kill
between any two verbs. So sending does not wait for a commit: send/click put the update on the
emulator, and wait_reply waits for the message that shows the bot handled it. A wait that times
out shows the bot's own output."""

from __future__ import annotations

from typing import Protocol

from tests.chat.reply import Match, Reply, matches
from tests.chat.telegram import as_reply
from tests.chat.telegram_bot import USER
from tests.emulator import EmulatorThread

WAIT = 30.0  # for one reply once the bot runs; an upper bound, every wait ends at its event


class HasOutput(Protocol):
    def output(self) -> str: ...


class ProcessChat:
    """Blocking verbs; `bot` is the process now running (its output explains a timeout)."""

    def __init__(self, emu: EmulatorThread, user: int = USER, lang: str = "zh",
                 timeout: float = WAIT, bot: HasOutput | None = None, group: bool = False) -> None:
        self.emu, self.user, self.lang, self.timeout, self.bot = emu, user, lang, timeout, bot
        if not group:  # an advisers' group is read like a chat, but nobody "is" it
            emu.add_user(user, lang=lang)

    def send(self, text: str) -> int:
        """The update id: the reply is for wait_reply, as the bot may be down right now."""
        return int(self.emu.send_text(self.user, text, lang=self.lang))

    def click(self, label: str) -> int:
        return int(self.emu.press_label(self.user, label, lang=self.lang))

    def wait_reply(self, what: Match, since: int = 0, timeout: float | None = None) -> Reply:
        """The first message to this chat after mark `since` that contains `what`."""
        try:
            sent = self.emu.wait_for(lambda m: m.chat_id == self.user and matches(as_reply(m), what),
                                     timeout=timeout or self.timeout, since=since)
        except TimeoutError as exc:
            output = self.bot.output()[-4000:] if self.bot is not None else "(no bot)"
            raise AssertionError(f"{exc}\n--- bot output ---\n{output}") from None
        return as_reply(sent)

    def count(self, fragment: str) -> int:
        """How many messages of this chat contain `fragment`."""
        return sum(fragment in text for text in self.texts)

    def mark(self) -> int:
        return int(self.emu.mark())

    def since(self, mark: int) -> list[Reply]:
        return [as_reply(m) for m in self.emu.sent(self.user, since=mark)]

    @property
    def replies(self) -> list[Reply]:
        return self.since(0)

    @property
    def texts(self) -> list[str]:
        return [str(r) for r in self.replies]

    @property
    def last(self) -> Reply:
        return self.replies[-1]
