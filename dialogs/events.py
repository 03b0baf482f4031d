"""Transport-neutral incoming events: what a user did, as the engine sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    COMMAND = "command"
    BUTTON = "button"
    FILES = "files"
    OTHER = "other"  # stickers, voice, locations ... anything we do not read
    EVIDENCE = "evidence"  # internal: the evidence worker reports what it kept (extra["report"])
    EDITED = "edited"  # the user edited an earlier message (message_id_in); never a step


@dataclass(frozen=True)
class FileRef:
    """A file the user sent; the transport knows how to fetch it by `file_id`."""

    file_id: str
    kind: str  # "photo" | "document"
    unique_id: str | None = None
    file_name: str | None = None
    mime: str | None = None
    size: int | None = None
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class Incoming:
    user_id: int
    chat_id: int
    kind: Kind
    at: datetime
    update_id: int | None = None
    text: str = ""
    command: str | None = None  # without the slash, lower case
    args: str = ""
    button: str | None = None  # callback data
    message_id: int | None = None  # the message that carried the pressed button
    files: tuple[FileRef, ...] = ()
    album_id: str | None = None
    caption: str = ""
    forwarded: bool = False
    lang: str | None = None  # the transport's idea of the user's language
    message_id_in: int | None = None  # the user's own message (to copy it to the advisers)
    thread_id: int | None = None  # advisers' group: the forum topic of the message
    reply_to: int | None = None  # advisers' group: the message this one answers
    user_name: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def text_event(user_id: int, text: str, at: datetime, *, chat_id: int | None = None,
               update_id: int | None = None, lang: str | None = None) -> Incoming:
    """Classify one typed line: a `/command args` or plain text."""
    chat = user_id if chat_id is None else chat_id
    stripped = text.strip()
    if stripped.startswith("/") and len(stripped) > 1 and not stripped[1].isspace():
        head, _, rest = stripped[1:].partition(" ")
        return Incoming(user_id=user_id, chat_id=chat, kind=Kind.COMMAND, at=at, text=stripped,
                        command=head.split("@", 1)[0].lower(), args=rest.strip(),
                        update_id=update_id, lang=lang)
    return Incoming(user_id=user_id, chat_id=chat, kind=Kind.TEXT, at=at, text=text,
                    update_id=update_id, lang=lang)
