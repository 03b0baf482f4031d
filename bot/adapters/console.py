"""The terminal transport: prints what the bot says, numbers the buttons, reads lines back.

A message's id is its outbox row id, so after a restart the last keyboard can be found again.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.store import Store
from dialogs.actions import Action, Button, MarkChosen, SendFile, SendText
from dialogs.clean import visible
from dialogs.events import FileRef, Incoming, Kind, text_event
from dialogs.texts import t

FILE_COMMANDS = (("/photo", "photo"), ("/file", "document"))


@dataclass
class Keyboard:
    message_id: int
    buttons: list[Button]


class ConsoleTransport:
    def __init__(self, out: TextIO, lang: str = "zh") -> None:
        self.out = out
        self.keyboard: Keyboard | None = None
        self.lang = lang  # for the terminal's own few words (a file path that isn't there)

    async def deliver(self, action: Action, ref: int) -> None:
        if isinstance(action, SendText):
            self.show(action.text, [b for row in action.buttons for b in row], ref)
        elif isinstance(action, MarkChosen):
            if self.keyboard and self.keyboard.message_id == action.message_id:
                self.keyboard = None
        elif isinstance(action, SendFile):
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
        self.out.write(visible(text).rstrip("\n") + "\n")
        for i, button in enumerate(buttons, 1):
            self.out.write(f"[{i}] {visible(button.label)}\n")
        self.out.write("\n")
        if buttons:
            self.keyboard = Keyboard(message_id, buttons)

    def restore(self, store: Store, chat_id: int) -> None:
        """Find the last keyboard this chat was shown, so its numbers work after a restart."""
        row = store.db.execute(
            "SELECT id, payload FROM outbox WHERE chat_id=? AND kind='send_text' "
            "AND status='sent' ORDER BY id DESC LIMIT 1", [chat_id]).fetchone()
        if row is None:
            return
        payload = json.loads(row[1])
        buttons = [Button(**b) for r in payload.get("buttons", []) for b in r]
        if buttons:
            self.keyboard = Keyboard(row[0], buttons)

    def read(self, line: str, user_id: int, at: datetime, lang: str | None) -> Incoming | None:
        """One typed line as an event: a button number or label, a /photo, or text. None when
        the terminal answered by itself (a /photo path that is not there)."""
        stripped = line.strip()
        pressed = self._button(stripped)
        if pressed is not None and self.keyboard is not None:
            return Incoming(user_id=user_id, chat_id=user_id, kind=Kind.BUTTON, at=at,
                            button=pressed.data, message_id=self.keyboard.message_id,
                            lang=lang, extra={"button_label": pressed.label})
        for command, kind in FILE_COMMANDS:
            if stripped == command or stripped.startswith(command + " "):
                return self._file(stripped[len(command):].strip(), command, kind, user_id, at,
                                  lang)
        return text_event(user_id, line.rstrip("\n"), at, lang=lang)

    def _button(self, text: str) -> Button | None:
        if self.keyboard is None:
            return None
        buttons = self.keyboard.buttons
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            return buttons[int(text) - 1]
        return next((b for b in buttons if b.label == text), None)


    def _file(self, path: str, command: str, kind: str, user_id: int, at: datetime,
              lang: str | None) -> Incoming | None:
        """A local file as a photo or document, or a friendly word when there is none."""
        words = lang or self.lang
        file = Path(path.strip("'\"")).expanduser() if path else None
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
