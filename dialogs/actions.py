"""What the engine asks the transport to do. Plain data, JSON-serialisable for the outbox."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from typing import Any

from dialogs.frozen import quick_init


@quick_init
@dataclass(frozen=True)
class Button:
    label: str
    data: str  # callback data: ids only, at most 64 bytes


Keyboard = tuple[tuple[Button, ...], ...]


@quick_init
@dataclass(frozen=True)
class SendText:
    chat_id: int
    text: str
    buttons: Keyboard = ()
    thread_id: int | None = None  # a forum topic of the advisers' group
    action: str = ""  # a chat action shown before each piece ("typing"), for slow work
    kind: str = "send_text"


@quick_init
@dataclass(frozen=True)
class MarkChosen:
    """Edit the keyboard message that was pressed so it shows the choice and no buttons."""

    chat_id: int
    message_id: int
    choice: str
    kind: str = "mark_chosen"


@dataclass(frozen=True)
class DownloadFile:
    """Fetch the files of one message (or album), check and keep them for the case, then report
    back to the engine with an evidence event."""

    chat_id: int
    user_id: int
    case_id: int
    files: tuple[dict[str, Any], ...]  # file_id, kind, file_name, mime, size, unique_id
    caption: str = ""
    forwarded: bool = False
    # The user's newest evidence id when this was queued: an item found with a higher id was
    # kept by this very row in a run that died before reporting (None: rows from before).
    known_upto: int | None = None
    kind: str = "download_file"


@dataclass(frozen=True)
class EvidenceOp:
    """send | delete | forget, carried out by the evidence worker in outbox order."""

    op: str
    chat_id: int
    user_id: int
    item_ids: tuple[int, ...] = ()
    kind: str = "evidence_op"


@dataclass(frozen=True)
class Relabel:
    """Set the label of the user's items; written in the event's own transaction."""

    user_id: int
    item_ids: tuple[int, ...]
    label: str
    kind: str = "relabel"


@dataclass(frozen=True)
class SendFile:
    chat_id: int
    path: str
    caption: str = ""
    kind: str = "send_file"


@dataclass(frozen=True)
class NotifyAdvisers:
    """A message in the advisers' group about `user_id`'s hand-over: in its forum topic, or as a
    reply to its card. `new_thread`: this is the card that opens the thread."""

    text: str
    user_id: int
    case_id: int | None = None
    new_thread: bool = False
    title: str = ""
    close_thread: bool = False  # the hand-over ended: its forum topic is closed after this
    kind: str = "notify_advisers"


@dataclass(frozen=True)
class RelayToAdvisers:
    """The user's message, copied into their hand-over's thread (text when there is no id)."""

    user_id: int
    from_chat_id: int
    message_id: int | None
    text: str = ""
    kind: str = "relay_to_advisers"


@dataclass(frozen=True)
class EditRelayed:
    """The shopper edited a message that was copied into their hand-over's thread: the copy
    (`message_id` in `group_chat_id`) is edited to match (its caption, for a photo or file)."""

    user_id: int
    group_chat_id: int
    message_id: int
    text: str
    caption: bool = False
    kind: str = "edit_relayed"


@dataclass(frozen=True)
class CopyToUser:
    """An adviser's message, copied to the user as a message from the bot."""

    chat_id: int
    from_chat_id: int
    message_id: int | None
    text: str = ""
    kind: str = "copy_to_user"


@dataclass(frozen=True)
class HandoverChange:
    """open | take | close | note — written in the event's own transaction."""

    op: str
    user_id: int
    chat_id: int = 0
    case_id: int | None = None
    adviser_id: int | None = None
    text: str = ""
    kind: str = "handover_change"


@dataclass(frozen=True)
class Ban:
    """An adviser bans (`on`) or unbans a shopper; written in the event's own transaction."""

    user_id: int
    adviser_id: int
    on: bool = True
    kind: str = "ban"


@dataclass(frozen=True)
class Reschedule:
    """The reminders a case needs from now on; the service cancels the rest (never sent twice)."""

    case_id: int
    reminders: tuple[dict[str, Any], ...]  # key, rule, kind, due_at, deadline (ISO)
    kind: str = "reschedule"


@dataclass(frozen=True)
class ReminderWorded:
    """A due reminder row, worded now from the user's snapshot: `message` goes out on that very
    row (at most once, as every reminder); without one the row is skipped (it no longer
    applies). `failed`: the engine could not word it (the row ends failed, with the reason)."""

    row_id: int
    message: SendText | None
    failed: str = ""
    kind: str = "reminder_worded"


@dataclass(frozen=True)
class SendPhoto:
    """A picture (a PNG or JPEG file the bot made) sent as a photo, with a caption."""

    chat_id: int
    path: str
    caption: str = ""
    kind: str = "send_photo"


@dataclass(frozen=True)
class TimelinePicture:
    """Draw a case's timeline picture as of `at` and send it as a photo. A job for the jobs'
    worker (drawn in the render process), never in the reply path."""

    chat_id: int
    user_id: int
    case_id: int
    lang: str
    at: str  # ISO: the moment drawn as "today" (the one the text view was written at)
    tz: str = "Asia/Shanghai"
    kind: str = "timeline_picture"


@dataclass(frozen=True)
class TallyChange:
    """join | leave a shop's tally of collective complaints; written in the event's own
    transaction. leave with case_id None: every case of the shopper."""

    op: str
    user_id: int
    case_id: int | None
    shop_id: int | None = None  # join: None = the same shop if there is one, else a new one
    kind: str = "tally_change"


@dataclass(frozen=True)
class ShopDossier:
    """The advisers' collective dossier of the shops a `/shop NAME` matched: a PDF made by the
    jobs' worker and sent to the advisers' group."""

    chat_id: int
    shop_ids: tuple[int, ...]
    query: str
    thread_id: int | None = None
    lang: str = "zh"  # the advisers' language
    kind: str = "shop_dossier"


Action = (SendText | MarkChosen | DownloadFile | SendFile | NotifyAdvisers | Reschedule
          | EvidenceOp | Relabel | RelayToAdvisers | CopyToUser | HandoverChange | Ban
          | EditRelayed | ReminderWorded | SendPhoto | TimelinePicture | TallyChange
          | ShopDossier)

_BY_KIND: dict[str, type] = {
    "send_text": SendText,
    "mark_chosen": MarkChosen,
    "download_file": DownloadFile,
    "send_file": SendFile,
    "notify_advisers": NotifyAdvisers,
    "reschedule": Reschedule,
    "evidence_op": EvidenceOp,
    "relabel": Relabel,
    "relay_to_advisers": RelayToAdvisers,
    "copy_to_user": CopyToUser,
    "handover_change": HandoverChange,
    "ban": Ban,
    "edit_relayed": EditRelayed,
    "send_photo": SendPhoto,
    "timeline_picture": TimelinePicture,
    "tally_change": TallyChange,
    "shop_dossier": ShopDossier,
}


def to_payload(action: Action) -> dict[str, Any]:
    """What dataclasses.asdict gives, without its deep copies (a hot path: every reply)."""
    return _plain(action)  # type: ignore[no-any-return]


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:  # most values: nothing to look into
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _names(type(value))}
    if isinstance(value, tuple | list):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _fields_of(value: Any) -> dict[str, Any]:
    """An action (or a button inside one) as the JSON encoder's default sees it: its fields
    (a frozen dataclass's __dict__ holds exactly its fields, in their order)."""
    if hasattr(type(value), "__dataclass_fields__"):
        return vars(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


# to_payload's dict as JSON text, with the C encoder walking the action: Python runs only for
# each dataclass in it (the action, its buttons); about a third of to_payload then encoding.
to_payload_json = json.JSONEncoder(ensure_ascii=False, check_circular=False,
                                   default=_fields_of).encode


def from_payload(payload: dict[str, Any]) -> Action:
    data = dict(payload)
    cls = _BY_KIND[data["kind"]]
    if cls is SendText:
        data["buttons"] = tuple(tuple(Button(**b) for b in row) for row in data.get("buttons", ()))
    if cls is Reschedule:
        data["reminders"] = tuple(data.get("reminders", ()))
    if cls is DownloadFile:
        data["files"] = tuple(data.get("files", ()))
    if cls in (EvidenceOp, Relabel):
        data["item_ids"] = tuple(data.get("item_ids", ()))
    if cls is ShopDossier:
        data["shop_ids"] = tuple(data.get("shop_ids", ()))
    return cls(**data)  # type: ignore[no-any-return]
