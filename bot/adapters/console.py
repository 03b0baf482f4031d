"""The terminal transport: prints what the bot says, numbers the buttons, reads lines back.

Buttons are numbered across every keyboard printed since the user last typed (say the evidence
labels [1]-[12], then the form's question [13]-[16]), so a number presses exactly the button
printed with it. The next keyboard after the user's line starts again at [1]; older numbers
are gone. A message's id is its outbox row id, so after a restart the last keyboard can be
found again.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.store.contract import Store
from dialogs.actions import Action, Button, MarkChosen, SendFile, SendPhoto, SendText
from dialogs.clean import visible
from dialogs.events import FileRef, Incoming, Kind, text_event
from dialogs.markup import plain
from dialogs.texts import t

FILE_COMMANDS = (("/photo", "photo"), ("/file", "document"))


@dataclass(frozen=True)
class Numbered:
    message_id: int
    button: Button


class ConsoleTransport:
    shows_paths = True  # files are shown by their path: a drawn picture stays to be opened

    def __init__(self, out: TextIO, lang: str = "zh") -> None:
        self.out = out
        self.live: dict[int, Numbered] = {}  # the number printed -> the button it presses
        self.fresh = True  # the user typed since the last keyboard: numbering starts again
        self.lang = lang  # for the terminal's own few words (a file path that isn't there)

    async def deliver(self, action: Action, ref: int) -> None:
        if isinstance(action, SendText):
            self.show(action.text, [b for row in action.buttons for b in row], ref)
        elif isinstance(action, MarkChosen):  # that keyboard is answered; other numbers stay
            self.live = {n: b for n, b in self.live.items() if b.message_id != action.message_id}
        elif isinstance(action, SendFile | SendPhoto):
            self.out.write(visible(f"📎 {action.path}\n{action.caption}") + "\n\n")
        else:
            self.out.write(f"[{action.kind}]\n")
        self.out.flush()

    async def fetch(self, file_id: str, dest: Path) -> None:
        """Console files are local paths (`/photo PATH`): copy, so the original stays put."""
        if not file_id.startswith("local:"):
            raise FileNotFoundError(file_id)
        shutil.copyfile(file_id[len("local:"):], dest)

    def show(self, text: str, buttons: list[Button], message_id: int) -> None:
        """Print a message; escape sequences and other control characters never reach the
        terminal, whoever wrote them."""
        self.out.write(visible(plain(text)).rstrip("\n") + "\n")  # marks are Telegram's
        if buttons and self.fresh:
            self.live, self.fresh = {}, False
        first = max(self.live, default=0) + 1
        for i, button in enumerate(buttons, first):
            self.out.write(f"[{i}] {visible(button.label)}\n")
            self.live[i] = Numbered(message_id, button)
        self.out.write("\n")

    def restore(self, store: Store, chat_id: int) -> None:
        """Find the last keyboard this chat was shown, so its numbers work after a restart."""
        last = store.last_keyboard(chat_id)
        if last is None:
            return
        row_id, payload = last
        buttons = [Button(**b) for r in payload.get("buttons", []) for b in r]
        self.live = {i: Numbered(row_id, b) for i, b in enumerate(buttons, 1)}

    def read(self, line: str, user_id: int, at: datetime, lang: str | None) -> Incoming | None:
        """One typed line as an event: a button number or label, a /photo, or text. None when
        the terminal answered by itself (a /photo path that is not there)."""
        stripped = line.strip()
        pressed = self._button(stripped)
        self.fresh = True
        if pressed is not None:
            return Incoming(user_id=user_id, chat_id=user_id, kind=Kind.BUTTON, at=at,
                            button=pressed.button.data, message_id=pressed.message_id,
                            lang=lang, extra={"button_label": pressed.button.label})
        for command, kind in FILE_COMMANDS:
            if stripped == command or stripped.startswith(command + " "):
                return self._file(stripped[len(command):].strip(), command, kind, user_id, at,
                                  lang)
        return text_event(user_id, line.rstrip("\n"), at, lang=lang)

    def _button(self, text: str) -> Numbered | None:
        """A typed number or label: the button printed with it. A number printed with no live
        button goes to the bot as text, which says there is no such button."""
        number = text.strip("[]")
        if number.isdigit():
            found = self.live.get(int(number))
        else:
            found = next((b for _, b in sorted(self.live.items(), reverse=True)
                          if b.button.label == text), None)
        return self._latest_form(found) if found is not None else None

    def _latest_form(self, found: Numbered) -> Numbered:
        """The same question asked twice in one go (after a file, the form's question comes
        once with the receipt and again after the check): an answer button of the earlier
        keyboard presses its twin on the latest one, not a stale copy."""
        scope, _, value = found.button.data.partition(":")
        if not scope.startswith("f"):
            return found
        twins = [b for _, b in sorted(self.live.items())
                 if b.button.data.startswith("f") and b.button.data.partition(":")[2] == value]
        return twins[-1]


    def _file(self, path: str, command: str, kind: str, user_id: int, at: datetime,
              lang: str | None) -> Incoming | None:
        """A local file as a photo or document, or a friendly word when there is none."""
        words = lang or self.lang
        file = Path(path.strip("'\"").replace("\\ ", " ")).expanduser() if path else None
        if file is None:
            self.say(t(words, "console.file_usage", command=command))
        elif not file.is_file():
            self.say(t(words, "console.file_missing", path=visible(path)))
        else:
            return _file_event(file, kind, user_id, at, lang)
        return None

    def say(self, text: str) -> None:
        self.out.write(visible(text) + "\n\n")
        self.out.flush()


def _file_event(file: Path, kind: str, user_id: int, at: datetime, lang: str | None) -> Incoming:
    size = file.stat().st_size
    ref = FileRef(file_id=f"local:{file.resolve()}", kind=kind, file_name=file.name, size=size)
    return Incoming(user_id=user_id, chat_id=user_id, kind=Kind.FILES, at=at, files=(ref,),
                    lang=lang)
