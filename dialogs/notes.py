"""Nothing typed is lost: what no field takes is kept word for word as a note on the case.

Before any case exists (a story told in idle or at the category step) the note waits in the
session and goes onto the case as soon as there is one.
"""

from __future__ import annotations

from dialogs.clean import visible
from dialogs.context import Ctx
from dialogs.snapshot import Case, CaseNote

MAX_PENDING = 50  # told before any case: enough to carry over, bounded over months


def keep(ctx: Ctx, text: str, kind: str = "unplaced", field: str = "") -> None:
    """Keep `text` as a note on the current case, or in the session until a case exists."""
    ctx.kept = True
    text = visible(text)  # escape sequences and bidi controls are never stored
    if not text.strip():
        return
    case = _target(ctx)
    if case is not None:
        add(ctx, case, text, kind, field)
        return
    pending = ctx.snap.session.pending_notes
    if not any(p["text"] == text for p in pending):
        pending.append({"text": text, "at": ctx.stamp(), "kind": kind, "field": field})
        del pending[:-MAX_PENDING]


def _target(ctx: Ctx) -> Case | None:
    """The case a text belongs to: the draft being filled, or the case whose event is being
    recorded; none in idle or before a category is chosen (a new case is on its way)."""
    s, case = ctx.snap.session, ctx.case
    if s.state == "recording_event":
        return ctx.snap.cases.get(s.pending_case or -1)
    if case is not None and case.is_draft and s.state != "idle":
        return case
    return None


def add(ctx: Ctx, case: Case, text: str, kind: str, field: str = "") -> None:
    if any(n.text == text and n.field == field for n in case.notes):
        return  # the same words twice are one note
    case.notes.append(CaseNote(text=text, at=ctx.stamp(), kind=kind, field=field))


def replaced(ctx: Ctx, case: Case, slot: str, new: str) -> None:
    """An answer about to be overwritten by a different one is kept as a note."""
    old = case.fields.get(slot)
    if old and old != new:
        add(ctx, case, old, "replaced", slot)


def attach_pending(ctx: Ctx, case: Case) -> None:
    """The notes told before this case existed go onto it."""
    for p in ctx.snap.session.pending_notes:
        add(ctx, case, p["text"], p.get("kind", "story"), p.get("field", ""))
    ctx.snap.session.pending_notes = []
