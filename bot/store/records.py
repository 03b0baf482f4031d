"""Plain values the store hands back, the same from every store implementation."""

from __future__ import annotations

from typing import Any, NamedTuple

from dialogs.snapshot import Snapshot

# Every state an outbox row can be in (bot/store/outbox_rows.py says what each means).
STATUSES = ("pending", "sending", "sent", "failed", "unknown", "suspended", "cancelled",
            "skipped")
# The columns of an evidence row a caller provides (the id is the store's).
EVIDENCE_FIELDS = ("user_id", "case_id", "sha256", "kind", "label", "caption", "size", "mime",
                   "file_name", "tg_file_id", "tg_unique_id", "forwarded", "received_at",
                   "captured_at")


class EvidenceRow(NamedTuple):
    id: int
    user_id: int
    case_id: int
    sha256: str
    kind: str
    label: str | None
    caption: str
    size: int
    mime: str
    file_name: str | None
    tg_file_id: str | None
    tg_unique_id: str | None
    forwarded: int  # 0 or 1
    received_at: str
    captured_at: str | None


class CaseRecord(NamedTuple):
    """A case's own row, as `weiquan case show` starts from it."""

    id: int
    user_id: int
    category: str | None
    status: str
    fields: dict[str, str]
    created_at: str
    updated_at: str


class DeferredUpdate(NamedTuple):
    update_id: int
    body: str  # the raw updates as JSON text


class Gauges(NamedTuple):
    """What /metrics reads from the store at each scrape."""

    outbox: list[tuple[str, str, int]]  # (status, kind, rows) of the watched states
    reminders_sent: int
    handovers_waiting: int


Row = dict[str, Any]  # an outbox row as the delivery loop and the CLI read it
# an outbox row to write (store.enqueue_all): user_id, chat_id, kind, payload (a dict, an
# action or its JSON text: the store encodes it its own way), due_at, at, case_id
Queued = tuple[int, int, str, Any, str, str, int | None]


class Loaded(NamedTuple):
    """Everything one event reads (`store.load_event`): the user's snapshot with its optional
    areas filled in (tally notes, open hand-over, recent messages, ban) and two facts beside it."""

    snapshot: Snapshot
    waiting: int  # hand-over requests waiting in the advisers' queue
    blocked: bool  # the user may have blocked the bot (False: known not to have)
