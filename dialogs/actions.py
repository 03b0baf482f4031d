"""What the engine asks the transport to do. Plain data, JSON-serialisable for the outbox."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # callback data: ids only, at most 64 bytes


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class SendText:
    chat_id: int
    text: str
    buttons: Keyboard = ()
    kind: str = "send_text"


@dataclass(frozen=True)
class MarkChosen:
    """Edit the keyboard message that was pressed so it shows the choice and no buttons."""

    chat_id: int
    message_id: int
    choice: str
    kind: str = "mark_chosen"


@dataclass(frozen=True)
class DownloadFile:
    chat_id: int
    case_id: int
    file_id: str
    meta: dict[str, Any] = field(default_factory=dict)
    kind: str = "download_file"


@dataclass(frozen=True)
class SendFile:
    chat_id: int
    path: str
    caption: str = ""
    kind: str = "send_file"


@dataclass(frozen=True)
class NotifyAdvisers:
    text: str
    user_id: int
    case_id: int | None = None
    kind: str = "notify_advisers"


@dataclass(frozen=True)
class Reschedule:
    """The reminders a case needs from now on; the service cancels the rest (never sent twice)."""

    case_id: int
    reminders: tuple[dict[str, Any], ...]  # key, rule, kind, due_at, deadline (ISO)
    kind: str = "reschedule"


Action = SendText | MarkChosen | DownloadFile | SendFile | NotifyAdvisers | Reschedule

_BY_KIND: dict[str, type] = {
    "send_text": SendText,
    "mark_chosen": MarkChosen,
    "download_file": DownloadFile,
    "send_file": SendFile,
    "notify_advisers": NotifyAdvisers,
    "reschedule": Reschedule,
}


def to_payload(action: Action) -> dict[str, Any]:
    return asdict(action)


def from_payload(payload: dict[str, Any]) -> Action:
    data = dict(payload)
    cls = _BY_KIND[data["kind"]]
    if cls is SendText:
        data["buttons"] = tuple(tuple(Button(**b) for b in row) for row in data.get("buttons", ()))
    if cls is Reschedule:
        data["reminders"] = tuple(data.get("reminders", ()))
    return cls(**data)  # type: ignore[no-any-return]
