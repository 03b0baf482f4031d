"""Transport-neutral incoming events: everything that changes a conversation, as the engine sees
it — what a user did (a message, a press, files), what the evidence worker found (EVIDENCE), a
reminder falling due (REMINDER), an adviser's message in the advisers' group."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from dialogs.states import members
from dialogs.tally_notes import ShopReport


class Kind(StrEnum):
    TEXT = "text"
    COMMAND = "command"
    BUTTON = "button"
    FILES = "files"
    OTHER = "other"  # stickers, voice, locations ... anything we do not read
    EVIDENCE = "evidence"  # internal: the evidence worker reports what it kept (extra["report"])
    EDITED = "edited"  # the user edited an earlier message (message_id_in; `copy_in_group`)
    REMINDER = "reminder"  # internal: a reminder row of the outbox fell due (`reminder`)


Kinds = members(Kind)  # the same members, read quickly (dialogs/states.py members)


@dataclass(frozen=True)
class ReminderDue:
    """A reminder row that fell due, as the scheduler (bot/scheduler.py) found it."""

    row_id: int
    case_id: int
    payload: dict[str, Any]  # key, rule, kind, due_at, deadline (ISO), as reminder_plan made it
    late: bool = False  # the service was down when it was due
    superseded: bool = False  # a later reminder of the same window is due too: that one goes


@dataclass(frozen=True)
class QueueEntry:
    """An open hand-over in the advisers' queue."""

    handover_id: int
    user_id: int
    case_id: int | None
    state: str
    requested_at: str


@dataclass(frozen=True)
class DeskFacts:
    """What the service found out about a message in the advisers' group, with the snapshot of
    the shopper it concerns: who wrote, whose hand-over it belongs to (by forum topic or reply)."""

    is_adviser: bool
    handover_user: int | None  # the shopper whose open hand-over this message belongs to
    queue: tuple[QueueEntry, ...] = ()
    stale: bool = False  # in a topic (or a reply to our message) of no open hand-over
    lang: str = "zh"  # the advisers' language
    target: int | None = None  # /ban, /unban: the shopper meant (by id, topic or reply)
    banned: bool = False  # whether `target` is banned now
    shop_report: ShopReport | None = None  # `/shop NAME`: that shop's tally, in figures


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
    reminder: ReminderDue | None = None  # Kind.REMINDER: which reminder fell due
    desk: DeskFacts | None = None  # a message in the advisers' group (set by the service)
    # Kind.EDITED: (group chat, message) of the edited message's copy in the open hand-over's
    # thread, if it was relayed there (set by the service)
    copy_in_group: tuple[int, int] | None = None
    row_id: int | None = None  # internal events: the outbox row that raised it (its commit
    # settles the row: a download job's report marks it sent)


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
