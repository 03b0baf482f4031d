"""The advisers' side of a hand-over: their commands and replies in the group.

A group message is an event like any other: `engine.step` hands it here when the service has
set `ev.desk` (who wrote, whether they are an adviser, which hand-over the message belongs to,
found by forum topic or by reply, and the queue); `snap` is that shopper's snapshot, loaded as
for their own messages (a blank one, not kept, when the message concerns no shopper).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from dialogs.actions import Action, CopyToUser, HandoverChange, NotifyAdvisers, SendText
from dialogs.context import Ctx
from dialogs.events import DeskFacts, Incoming, Kind, QueueEntry
from dialogs.flows.handover import back_to_bot, card
from dialogs.snapshot import Snapshot
from dialogs.states import DialogState as D
from knowledge.base import KnowledgeBase
from knowledge.commands import ADVISERS

__all__ = ["QueueEntry", "on_group_message", "queue_text"]


def on_group_message(snapshot: Snapshot, ev: Incoming, kb: KnowledgeBase,
                     now: datetime) -> tuple[Snapshot, list[Action]]:
    view, out = ev.desk or DeskFacts(is_adviser=False, handover_user=None), []
    snap = snapshot.clone()
    command = ev.command if ev.kind == Kind.COMMAND else None
    if command is not None and command not in kb.commands.names(ADVISERS):
        return snap, []  # other bots' or people's commands are not ours to answer
    if not view.is_adviser:
        if command is not None:
            out.append(_group(ev, kb.texts.t("zh", "desk.refused")))
        return snap, out  # nothing a non-adviser writes reaches a shopper
    if command == "queue":
        return snap, [_group(ev, queue_text(view.queue, now, kb))]
    if snap.handover is None:
        if command is not None:
            out.append(_group(ev, kb.texts.t("zh", "desk.no_handover")))
        elif view.stale and ev.kind in (Kind.TEXT, Kind.FILES):  # it would reach no one
            out.append(_group(ev, kb.texts.t("zh", "desk.closed_or_unknown")))
        return snap, out
    user, lang = snap.session.user_id, snap.session.lang
    ctx = Ctx(snap=snap, ev=ev, kb=kb, now=now)
    if command == "take" or (command is None and snap.handover.state == "waiting"):
        out.append(HandoverChange(op="take", user_id=user, adviser_id=ev.user_id))
        snap.handover.state, snap.handover.adviser_id = "taken", ev.user_id
        out.append(SendText(chat_id=snap.session.chat_id, text=kb.texts.t(lang, "handover.taken")))
        out.append(NotifyAdvisers(text=kb.texts.t("zh", "desk.taken", name=ev.user_name or ev.user_id),
                                  user_id=user))
    if command == "close":
        out.append(HandoverChange(op="close", user_id=user, adviser_id=ev.user_id,
                                  text="adviser"))
        if snap.session.state == D.HUMAN:
            back_to_bot(ctx)
        snap.handover = None
        out.append(SendText(chat_id=snap.session.chat_id, text=kb.texts.t(lang, "handover.closed")))
        out.append(NotifyAdvisers(text=kb.texts.t("zh", "desk.closed"), user_id=user))
    elif command == "note":
        out.append(HandoverChange(op="note", user_id=user, adviser_id=ev.user_id, text=ev.args))
        out.append(NotifyAdvisers(text=kb.texts.t("zh", "desk.noted"), user_id=user))
    elif command == "case":
        case = snap.case
        out.append(NotifyAdvisers(text=card(ctx, case, snap.handover.reason), user_id=user))
    elif command is None and ev.kind in (Kind.TEXT, Kind.FILES):
        out.append(CopyToUser(chat_id=snap.session.chat_id, from_chat_id=ev.chat_id,
                              message_id=ev.message_id_in, text=ev.text))
    return snap, out + ctx.out


def _group(ev: Incoming, text: str) -> SendText:
    return SendText(chat_id=ev.chat_id, text=text, thread_id=ev.thread_id)


def queue_text(queue: Sequence[QueueEntry], now: datetime, kb: KnowledgeBase) -> str:
    waiting = sorted((q for q in queue if q.state == "waiting"), key=lambda q: q.requested_at)
    if not waiting:
        return kb.texts.t("zh", "desk.queue_empty")
    lines = [kb.texts.t("zh", "desk.queue_title", n=len(waiting))]
    for i, q in enumerate(waiting, 1):
        waited = (now - datetime.fromisoformat(q.requested_at)).total_seconds()
        minutes = max(0, int(waited // 60))  # a clock a little behind the request is "just now"
        lines.append(kb.texts.t("zh", "desk.queue_item", n=i, user=q.user_id,
                       case=f"#{q.case_id}" if q.case_id else "-",
                       wait=f"{minutes // 60}h{minutes % 60:02d}m"))
    return "\n".join(lines)
