"""Values of the evidence API: items, the outcome of add(), quotas."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = ("photo", "document", "video")

# What add() can refuse; each has a zh and an en message in the dialog texts.
REJECTION_CODES = ("too_big", "empty", "type_mismatch", "unsupported_type", "corrupt_image",
                   "decompression_bomb", "too_large_to_check", "quota_files", "quota_bytes",
                   "unknown_case")


@dataclass(frozen=True)
class Quotas:
    """Per-user limits. 200 items is far more than any case's checklist needs while stopping a
    runaway forwarder; 500 MB is 25 full-size (20 MB) videos, or a few thousand photos.
    Bytes count each distinct file of the user once, however many cases it is attached to."""

    max_files_per_case: int = 200
    max_files_per_user: int = 1000
    max_bytes_per_user: int = 500 * 1024 * 1024


@dataclass(frozen=True)
class Item:
    id: int
    user_id: int
    case_id: int
    sha256: str
    kind: str  # photo | document | video: how it arrived
    label: str | None  # one of knowledge/data/evidence_labels.yaml's labels
    caption: str
    size: int
    mime: str  # from the content, not from what Telegram reported
    file_name: str | None
    tg_file_id: str | None
    tg_unique_id: str | None
    forwarded: bool
    received_at: str  # ISO 8601, as given to add()
    captured_at: str | None  # EXIF DateTimeOriginal as ISO (with offset when recorded)
    path: Path | None  # the file in the data folder; None with a remote store


@dataclass(frozen=True)
class Stored:
    item: Item


@dataclass(frozen=True)
class Duplicate:
    item: Item  # the item already kept for this case


@dataclass(frozen=True)
class Staged:
    """A received and checked file in the scratch folder, not stored yet (EvidenceStore.stage, then keep)."""

    temp: Any  # storage.TempFile
    row: dict[str, Any]


@dataclass(frozen=True)
class Rejected:
    code: str  # one of REJECTION_CODES
    params: dict[str, Any] = field(default_factory=dict)


Result = Stored | Duplicate | Rejected


@dataclass(frozen=True)
class RecoveryReport:
    temp_files_removed: int
    orphan_files_removed: int
    rows_without_file: list[int]  # should stay empty; listed, never deleted silently
