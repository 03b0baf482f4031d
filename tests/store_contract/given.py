"""Data the contract tests start from, written through the Store protocol only."""

from __future__ import annotations

from typing import Any

from bot.store.contract import Store
from bot.store.records import EvidenceRow
from dialogs.actions import HandoverChange
from dialogs.snapshot import Case, CaseEvent, CaseNote, Snapshot

AT = "2026-05-01T10:00:00+08:00"


def key(minute: int, day: int = 1) -> str:
    """A fixed-width UTC due time, as bot.service.utc_key writes them."""
    return f"2026-05-{day:02d}T02:{minute:02d}:00.000000+00:00"


def case(store: Store, user_id: int, status: str = "draft", category: str | None = "quality",
         fields: dict[str, str] | None = None, at: str = AT, **meta: Any) -> int:
    """A new case of `user_id` (the user too, on their first), made current; its id."""
    with store.transaction():
        before = store.load(user_id, user_id, "zh", "Asia/Shanghai")
        after = before.clone()
        case_id = before.next_case_id
        after.cases[case_id] = Case(id=case_id, user_id=user_id, status=status,
                                    category=category, fields=dict(fields or {}),
                                    created_at=at, updated_at=at, meta=dict(meta),
                                    events=[CaseEvent("opened", at)],
                                    notes=[CaseNote("店家不理我", at, kind="story")])
        after.session.current_case_id = case_id
        store.save(before, after, at)
    return case_id


def said(store: Store, user_id: int, text: str, at: str = AT) -> None:
    """What the user wrote, saved as an event saves it (their session otherwise as it was), in
    the caller's transaction."""
    before = store.load(user_id, user_id, "zh", "Asia/Shanghai")
    store.save(before, before.clone(), at, text)


def saved(store: Store, snap: Snapshot, change: Any) -> Snapshot:
    """`change(after)` saved over `snap` in one transaction; the snapshot loaded again."""
    s = snap.session
    with store.transaction():
        after = snap.clone()
        change(after)
        store.save(snap, after, AT)
    return store.load(s.user_id, s.chat_id, s.lang, snap.tz)


def evidence(store: Store, user_id: int, case_id: int, sha: str = "a" * 64, size: int = 10,
             received_at: str = AT, **more: Any) -> EvidenceRow:
    row = {"user_id": user_id, "case_id": case_id, "sha256": sha, "kind": "photo",
           "label": None, "caption": "", "size": size, "mime": "image/jpeg",
           "file_name": None, "tg_file_id": None, "tg_unique_id": None, "forwarded": 0,
           "received_at": received_at, "captured_at": None, **more}
    with store.transaction():
        return store.evidence.insert(row)


def handover(store: Store, op: str, user_id: int, at: str = AT, **more: Any) -> None:
    with store.transaction():
        store.handovers.apply(HandoverChange(op=op, user_id=user_id, chat_id=user_id, **more), at)


def row(store: Store, row_id: int) -> dict[str, Any]:
    """An outbox row as `weiquan outbox` lists it."""
    from bot.store.records import STATUSES

    _, rows = store.outbox_listing(STATUSES, 10_000)
    return next(r for r in rows if r["id"] == row_id)


def reply(store: Store, chat: int, due: str, kind: str = "send_text",
          payload: dict[str, Any] | None = None, case_id: int | None = None) -> int:
    with store.transaction():
        return store.enqueue(chat, chat, kind, payload or {"text": "好的"}, due, AT, case_id)


def reminder(rule: str, due: str, k: str = "") -> tuple[str, dict[str, Any]]:
    return due, {"rule": rule, "key": k or f"{rule}:{due}", "kind": "before"}
