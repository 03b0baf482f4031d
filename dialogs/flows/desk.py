"""The advisers' side of a hand-over: their commands and replies in the group, as one pure step.

`desk_step(view, snap, kb, now)` is to the advisers' group what `engine.step` is to a shopper:
`view` says who wrote, whether they are an adviser, which hand-over the message belongs to
(found by forum topic or by reply) and the queue; `snap` is that shopper's snapshot, if any.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dialogs.actions import Action, CopyToUser, HandoverChange, NotifyAdvisers, SendText
from dialogs.context import Ctx
from dialogs.events import Incoming, Kind
from dialogs.flows.desk_shop import shop_reply
from dialogs.flows.handover import back_to_bot, card
from dialogs.snapshot import Snapshot
from dialogs.states import DialogState as D
from dialogs.tally_notes import ShopReport
from dialogs.texts import t

COMMANDS = ("take", "close", "note", "case", "queue", "shop")


@dataclass(frozen=True)
class QueueEntry:
    handover_id: int
    user_id: int
    case_id: int | None
    state: str
    requested_at: str


@dataclass(frozen=True)
class DeskView:
    ev: Incoming  # a message in the advisers' group
    is_adviser: bool
    handover_user: int | None  # the shopper whose hand-over this message belongs to
    queue: list[QueueEntry] = field(default_factory=list)
    stale: bool = False  # in a topic (or a reply to our message) of no open hand-over
    shop_report: ShopReport | None = None  # `/shop NAME`: the shop's tally, looked up


def desk_step(view: DeskView, snap: Snapshot | None, kb: Any,
              now: datetime) -> tuple[Snapshot | None, list[Action]]:
    ev, out = view.ev, []
    snap = snap.clone() if snap is not None else None
    command = ev.command if ev.kind == Kind.COMMAND else None
    if command is not None and command not in COMMANDS:
        return snap, []  # other bots' or people's commands are not ours to answer
    if not view.is_adviser:
        if command is not None:
            out.append(_group(ev, t("zh", "desk.refused")))
        return snap, out  # nothing a non-adviser writes reaches a shopper
    if command == "queue":
        return snap, [_group(ev, queue_text(view.queue, now))]
    if command == "shop":
        return snap, shop_reply(ev, view.shop_report, kb)
    if snap is None or snap.handover is None:
        if command is not None:
            out.append(_group(ev, t("zh", "desk.no_handover")))
        elif view.stale and ev.kind in (Kind.TEXT, Kind.FILES):  # it would reach no one
            out.append(_group(ev, t("zh", "desk.closed_or_unknown")))
        return snap, out
    user, lang = snap.session.user_id, snap.session.lang
    ctx = Ctx(snap=snap, ev=ev, kb=kb, now=now)
    if command == "take" or (command is None and snap.handover.state == "waiting"):
        out.append(HandoverChange(op="take", user_id=user, adviser_id=ev.user_id))
        snap.handover.state, snap.handover.adviser_id = "taken", ev.user_id
        out.append(SendText(chat_id=snap.session.chat_id, text=t(lang, "handover.taken")))
        out.append(NotifyAdvisers(text=t("zh", "desk.taken", name=ev.user_name or ev.user_id),
                                  user_id=user))
    if command == "close":
        out.append(HandoverChange(op="close", user_id=user, adviser_id=ev.user_id,
                                  text="adviser"))
        if snap.session.state == D.HUMAN:
            back_to_bot(ctx)
        snap.handover = None
        out.append(SendText(chat_id=snap.session.chat_id, text=t(lang, "handover.closed")))
        out.append(NotifyAdvisers(text=t("zh", "desk.closed"), user_id=user))
    elif command == "note":
        out.append(HandoverChange(op="note", user_id=user, adviser_id=ev.user_id, text=ev.args))
        out.append(NotifyAdvisers(text=t("zh", "desk.noted"), user_id=user))
    elif command == "case":
        case = snap.case
        out.append(NotifyAdvisers(text=card(ctx, case, snap.handover.reason), user_id=user))
    elif command is None and ev.kind in (Kind.TEXT, Kind.FILES):
        out.append(CopyToUser(chat_id=snap.session.chat_id, from_chat_id=ev.chat_id,
                              message_id=ev.message_id_in, text=ev.text))
    return snap, out + ctx.out


def _group(ev: Incoming, text: str) -> SendText:
    return SendText(chat_id=ev.chat_id, text=text, thread_id=ev.thread_id)


def queue_text(queue: list[QueueEntry], now: datetime) -> str:
    waiting = sorted((q for q in queue if q.state == "waiting"), key=lambda q: q.requested_at)
    if not waiting:
        return t("zh", "desk.queue_empty")
    lines = [t("zh", "desk.queue_title", n=len(waiting))]
    for i, q in enumerate(waiting, 1):
        waited = (now - datetime.fromisoformat(q.requested_at)).total_seconds()
        minutes = max(0, int(waited // 60))  # a clock a little behind the request is "just now"
        lines.append(t("zh", "desk.queue_item", n=i, user=q.user_id,
                       case=f"#{q.case_id}" if q.case_id else "-",
                       wait=f"{minutes // 60}h{minutes % 60:02d}m"))
    return "\n".join(lines)
