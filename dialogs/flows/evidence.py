"""Evidence in the chat: files received, the worker's report, labels, the checklist, /evidence."""

from __future__ import annotations

import json
from typing import Any

from dialogs import callbacks
from dialogs.actions import Button, DownloadFile, EvidenceOp, Relabel
from dialogs.context import Ctx, rows
from dialogs.flows import screens
from dialogs.snapshot import Case, EvidenceNote
from dialogs.states import CaseStatus

MAX_PENDING = 10


def target_case(ctx: Ctx) -> Case | None:
    case = ctx.case
    if case is None or case.status in (CaseStatus.ABANDONED, CaseStatus.CLOSED):
        return None
    return case


def on_files(ctx: Ctx) -> None:
    """Files from the user: fetch and keep them for the current case, or hold them for one."""
    files = [_file(f) for f in ctx.ev.files]
    case = target_case(ctx)
    if case is None:
        s = ctx.snap.session
        s.pending_files = (s.pending_files + files)[-MAX_PENDING:]
        ctx.say(ctx.t("evidence.no_case", n=len(files)), rows([
            Button(ctx.t("menu.complain"), callbacks.glob("complain")),
            Button(ctx.t("menu.cases"), callbacks.glob("cases"))]))
        return
    queue(ctx, case, files, ctx.ev.caption, ctx.ev.forwarded)


def queue(ctx: Ctx, case: Case, files: list[dict[str, Any]], caption: str,
          forwarded: bool) -> None:
    ctx.out.append(DownloadFile(chat_id=ctx.snap.session.chat_id, user_id=case.user_id,
                                case_id=case.id, files=tuple(files), caption=caption,
                                forwarded=forwarded,
                                known_upto=max((n.id for n in ctx.snap.evidence), default=0)))
    ctx.say(ctx.t("evidence.receiving", n=len(files), id=case.id))


def attach_pending(ctx: Ctx, case: Case) -> None:
    """Files sent before there was a case go to the case now chosen or filed."""
    s = ctx.snap.session
    if s.pending_files:
        files, s.pending_files = s.pending_files, []
        queue(ctx, case, files, "", False)


def _file(ref: Any) -> dict[str, Any]:
    return {"file_id": ref.file_id, "kind": ref.kind, "file_name": ref.file_name,
            "mime": ref.mime, "size": ref.size, "unique_id": ref.unique_id}


def on_report(ctx: Ctx) -> None:
    """The worker's report: what was kept, what was refused and why, and what is still missing."""
    try:
        report = json.loads(ctx.ev.extra.get("report", "{}"))
        case = ctx.snap.cases.get(int(report.get("case_id", -1)))
        report["results"] = [r for r in report.get("results", []) if isinstance(r, dict)]
    except (ValueError, TypeError, AttributeError):
        report, case = {"results": []}, None
    results = report.get("results", [])
    read = screens.label_read(ctx, case, results) if case is not None else []
    lines = [_line(ctx, r) for r in results] or [ctx.t("evidence.reason.failed")]
    new = [r["item_id"] for r in results
           if r.get("status") == "stored" and not r.get("label") and r["item_id"] not in read]
    if case is not None:
        lines += ["", checklist_line(ctx, case)]
    keyboard: tuple[tuple[Button, ...], ...] = ()
    if new:  # named by the batch, not by the form's question number: a form question asked
        ctx.snap.session.label_batch = new  # after this report must not make them stale
        lines += ["", ctx.t("evidence.ask_label", n=len(new))]
        keyboard = rows([Button(ctx.t(f"label.{lab}"), callbacks.label(new[0], lab))
                         for lab in ctx.kb.evidence_labels.labels], width=3)
    if report.get("results") and any(r.get("kind") == "photo" and r.get("status") == "stored"
                                     for r in report["results"]):
        lines += ["", ctx.t("evidence.photo_tip")]
    ctx.say("\n".join(lines), keyboard)
    if case is not None:
        screens.offer(ctx, case, results)


def _line(ctx: Ctx, r: dict[str, Any]) -> str:
    status = r.get("status")
    if status == "stored":
        note = next((n for n in ctx.snap.evidence if n.id == r.get("item_id")), None)
        named = note.label if note is not None and note.label else r.get("label")
        label = ctx.t(f"label.{named}") if named else ctx.t("label.none")
        line = ctx.t("evidence.stored", name=_name(ctx, r), size=size_text(r.get("size", 0)),
                     label=label)
        problem = screens.problem_line(ctx, r)
        return f"{line}\n{problem}" if problem else line
    if status == "duplicate":
        return ctx.t("evidence.duplicate", name=_name(ctx, r))
    return ctx.t("evidence.rejected", name=_name(ctx, r),
                 reason=ctx.t(f"evidence.reason.{r.get('code', 'failed')}",
                              mb=r.get("limit_mb", 20)))


def _name(ctx: Ctx, r: dict[str, Any]) -> str:
    return r.get("file_name") or ctx.t(f"evidence.kind.{r.get('kind', 'document')}")


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size, 0) / 1024:.0f} KB"


def checklist_line(ctx: Ctx, case: Case) -> str:
    notes = [n for n in ctx.snap.evidence if n.case_id == case.id]
    have, missing = ctx.kb.evidence_labels.progress(case.category, {n.label for n in notes})
    total = len(have) + len(missing)
    line = ctx.t("evidence.progress", have=len(have), total=total, items=len(notes))
    if missing:
        line += "\n" + ctx.t("evidence.missing", labels=ctx.join(
            [ctx.t(f"label.{m}") for m in missing]))
        line += "\n" + "\n".join("• " + ctx.t("field.line", label=ctx.t(f"label.{m}"),
                                                value=ctx.t(f"why.{m}")) for m in missing)
    return line


def on_label(ctx: Ctx, value: str) -> bool:
    """v:<first item of the batch>:<label> — applies to the items of the last report.
    False (nothing done) when the buttons are not those of the last report."""
    batch, _, label = value.partition(":")
    s = ctx.snap.session
    if callbacks.number(batch) is None or not s.label_batch or int(batch) != s.label_batch[0] \
            or label not in ctx.kb.evidence_labels.labels:
        return False
    relabel(ctx, s.label_batch, label)
    s.label_batch = []
    return True


def relabel(ctx: Ctx, item_ids: list[int], label: str) -> None:
    own = [n for n in ctx.snap.evidence if n.id in item_ids]
    for note in own:
        note.label = label
    if not own:
        ctx.say(ctx.t("evidence.not_found"))
        return
    ctx.out.append(Relabel(user_id=ctx.snap.session.user_id,
                           item_ids=tuple(n.id for n in own), label=label))
    case = ctx.snap.cases.get(own[0].case_id)
    text = ctx.t("evidence.labelled", n=len(own), label=ctx.t(f"label.{label}"))
    if case is not None:
        text += "\n\n" + checklist_line(ctx, case)
    ctx.say(text)


def show_list(ctx: Ctx) -> None:
    case = ctx.case
    if case is None:
        ctx.say(ctx.t("status.none"))
        return
    notes = sorted((n for n in ctx.snap.evidence if n.case_id == case.id), key=lambda n: n.id)
    if not notes:
        ctx.say(ctx.t("evidence.empty", id=case.id) + "\n\n" + checklist_line(ctx, case))
        return
    lines = [ctx.t("evidence.list_title", id=case.id, n=len(notes))]
    lines += [_item_line(ctx, i, n) for i, n in enumerate(notes, 1)]
    lines += ["", checklist_line(ctx, case)]
    buttons = [Button(f"#{i} {_label(ctx, n)}", callbacks.item(n.id, "menu"))
               for i, n in enumerate(notes, 1)]
    ctx.say("\n".join(lines), rows(buttons, width=3))


def _label(ctx: Ctx, n: EvidenceNote) -> str:
    return ctx.t(f"label.{n.label}") if n.label else ctx.t("label.none")


def _item_line(ctx: Ctx, i: int, n: EvidenceNote) -> str:
    return ctx.t("evidence.item", n=i, label=_label(ctx, n), at=n.received_at[:16].replace("T", " "),
                 size=size_text(n.size), sha=n.sha256[:12])


def on_item(ctx: Ctx, value: str) -> None:
    """x:<item>:<menu|send|label|del|delok|lab-<label>>"""
    item_id, _, act = value.partition(":")
    note = next((n for n in ctx.snap.evidence if n.id == callbacks.number(item_id)),
                None)
    if note is None:  # not this user's, or gone: never say which
        ctx.say(ctx.t("evidence.not_found"))
        return
    user, chat = ctx.snap.session.user_id, ctx.snap.session.chat_id
    if act == "menu":
        ctx.say(_item_line(ctx, 0, note).replace("#0 ", ""), rows([
            Button(ctx.t("btn.resend"), callbacks.item(note.id, "send")),
            Button(ctx.t("btn.relabel"), callbacks.item(note.id, "label")),
            Button(ctx.t("btn.delete"), callbacks.item(note.id, "del"))], width=3))
    elif act == "send":
        ctx.out.append(EvidenceOp(op="send", chat_id=chat, user_id=user, item_ids=(note.id,)))
    elif act == "label":
        ctx.say(ctx.t("evidence.pick_label"), rows([
            Button(ctx.t(f"label.{lab}"), callbacks.item(note.id, f"lab-{lab}")) for lab in ctx.kb.evidence_labels.labels],
            width=3))
    elif act.startswith("lab-") and act[4:] in ctx.kb.evidence_labels.labels:
        relabel(ctx, [note.id], act[4:])
    elif act == "del":
        ctx.say(ctx.t("evidence.confirm_delete"), rows([
            Button(ctx.t("btn.delete_yes"), callbacks.item(note.id, "delok")),
            Button(ctx.t("btn.cancel_no"), callbacks.glob("evidence"))]))
    elif act == "delok":
        ctx.snap.evidence = [n for n in ctx.snap.evidence if n.id != note.id]
        ctx.out.append(EvidenceOp(op="delete", chat_id=chat, user_id=user, item_ids=(note.id,)))
        ctx.say(ctx.t("evidence.deleted"))
    else:
        ctx.say(ctx.t("stale.unknown"))


def ask_forget(ctx: Ctx) -> None:
    ctx.say(ctx.t("forget.confirm"), rows([
        Button(ctx.t("btn.forget_yes"), callbacks.glob("forget_yes")),
        Button(ctx.t("btn.cancel_no"), callbacks.glob("help"))]))


def forget(ctx: Ctx) -> None:
    """Everything of this user goes: evidence files and rows, cases, timeline, session."""
    s = ctx.snap.session
    ctx.out.append(EvidenceOp(op="forget", chat_id=s.chat_id, user_id=s.user_id))
    ctx.snap.evidence = []
    ctx.say(ctx.t("forget.done"))


def export(ctx: Ctx) -> None:
    """The dossier PDF of the current case: made and sent by the evidence worker."""
    case = ctx.case
    if case is None or case.is_draft or case.status == CaseStatus.ABANDONED:
        ctx.say(ctx.t("letter.no_case"))
        return
    s = ctx.snap.session
    ctx.say(ctx.t("export.making", id=case.id))  # queued first: the notice before the PDF
    ctx.out.append(EvidenceOp(op="export", chat_id=s.chat_id, user_id=s.user_id,
                              item_ids=(case.id,)))
