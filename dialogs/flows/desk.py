"""The advisers' side of a hand-over: their commands and replies in the group.

A group message is an event like any other: `engine.step` hands it here when the service has
set `ev.desk` (who wrote, whether they are an adviser, which hand-over the message belongs to,
found by forum topic or by reply, the queue); `snap` is that shopper's snapshot, loaded as for
their own messages (a blank one, not kept, when the message concerns no shopper).
Every text for the advisers is in their language (`view.lang`, WEIQUAN_DESK_LANG); what goes
to a shopper is in the shopper's.

A banned shopper (/ban) is told once, politely (texts `ban.notice`); after that the bot
neither relays nor answers their messages until /unban (the service drops them unread).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from dialogs import canned
from dialogs.actions import (
    Action,
    Ban,
    CopyToUser,
    HandoverChange,
    NotifyAdvisers,
    SendText,
)
from dialogs.context import Ctx
from dialogs.events import DeskFacts, Incoming, Kind, QueueEntry
from dialogs.flows.desk_shop import shop_reply
from dialogs.flows.handover import back_to_bot, card
from dialogs.snapshot import Snapshot
from dialogs.states import DialogState as D
from knowledge.base import KnowledgeBase
from knowledge.commands import ADVISERS

__all__ = ["QueueEntry", "on_group_message", "queue_text", "replies_text"]


def on_group_message(snapshot: Snapshot, ev: Incoming, kb: KnowledgeBase,
                     now: datetime) -> tuple[Snapshot, list[Action]]:
    view = ev.desk or DeskFacts(is_adviser=False, handover_user=None)
    lang, out, t = view.lang, [], kb.texts.t
    snap = snapshot.clone()
    command = ev.command if ev.kind == Kind.COMMAND else None
    if command is not None and command not in kb.commands.names(ADVISERS):
        return snap, []  # other bots' or people's commands are not ours to answer
    if not view.is_adviser:
        if command is not None:
            out.append(_group(ev, t(lang, "desk.refused")))
        return snap, out  # nothing a non-adviser writes reaches a shopper
    if command == "queue":
        return snap, [_group(ev, queue_text(view.queue, now, kb, lang))]
    if command == "shop":
        return snap, shop_reply(ev, view.shop_report, kb, lang)
    if command == "reply" and not ev.args.strip():
        return snap, [_group(ev, replies_text(kb, lang))]
    if command in ("ban", "unban"):
        return ban(view, ev, snap, kb, now)
    if snap.handover is None:
        if command is not None:
            out.append(_group(ev, t(lang, "desk.no_handover")))
        elif view.stale and ev.kind in (Kind.TEXT, Kind.FILES):  # it would reach no one
            out.append(_group(ev, t(lang, "desk.closed_or_unknown")))
        return snap, out
    user, shopper_lang = snap.session.user_id, snap.session.lang
    answer = canned.find(kb.replies, ev.args) if command == "reply" else None
    if command == "reply" and answer is None:
        return snap, [_group(ev, "\n".join([t(lang, "desk.reply_unknown", name=ev.args.strip()),
                                             "", replies_text(kb, lang)]))]
    ctx = Ctx(snap=snap, ev=ev, kb=kb, now=now)
    answering = command is None or command == "reply"
    if command == "take" or (answering and snap.handover.state == "waiting"):
        out.append(HandoverChange(op="take", user_id=user, adviser_id=ev.user_id))
        snap.handover.state, snap.handover.adviser_id = "taken", ev.user_id
        out.append(SendText(chat_id=snap.session.chat_id, text=t(shopper_lang, "handover.taken")))
        out.append(NotifyAdvisers(text=t(lang, "desk.taken", name=ev.user_name or ev.user_id),
                                  user_id=user))
    if command == "close":
        out.append(HandoverChange(op="close", user_id=user, adviser_id=ev.user_id,
                                  text="adviser"))
        if snap.session.state == D.HUMAN:
            back_to_bot(ctx)
        snap.handover = None
        out.append(SendText(chat_id=snap.session.chat_id, text=t(shopper_lang, "handover.closed")))
        out.append(NotifyAdvisers(text=t(lang, "desk.closed"), user_id=user, close_thread=True))
    elif command == "note":
        out.append(HandoverChange(op="note", user_id=user, adviser_id=ev.user_id, text=ev.args))
        out.append(NotifyAdvisers(text=t(lang, "desk.noted"), user_id=user))
    elif command == "case":
        case = snap.case
        out.append(NotifyAdvisers(text=card(ctx, case, snap.handover.reason), user_id=user))
    elif answer is not None:
        text = answer.answer(shopper_lang)
        out.append(SendText(chat_id=snap.session.chat_id, text=text))
        out.append(NotifyAdvisers(text=t(lang, "desk.reply_sent", name=answer.name, text=text),
                                  user_id=user))
    elif command is None and ev.kind in (Kind.TEXT, Kind.FILES):
        out.append(CopyToUser(chat_id=snap.session.chat_id, from_chat_id=ev.chat_id,
                              message_id=ev.message_id_in, text=ev.text))
    return snap, out + ctx.out


def ban(view: DeskFacts, ev: Incoming, snap: Snapshot, kb: KnowledgeBase,
        now: datetime) -> tuple[Snapshot, list[Action]]:
    """/ban: the shopper's open hand-over ends, they get one polite notice, and from then on
    the bot neither relays nor answers them. /unban lifts it (without telling them)."""
    lang, user, t = view.lang, view.target, kb.texts.t
    command = str(ev.command)
    if user is None:
        return snap, [_group(ev, t(lang, "desk.target_usage", command=command))]
    if command == "unban":
        if not view.banned:
            return snap, [_group(ev, t(lang, "desk.unban_not", user=user))]
        return snap, [Ban(user_id=user, adviser_id=ev.user_id, on=False),
                      _group(ev, t(lang, "desk.unban_done", user=user))]
    if view.banned:
        return snap, [_group(ev, t(lang, "desk.ban_already", user=user))]
    out: list[Action] = [Ban(user_id=user, adviser_id=ev.user_id)]
    done = t(lang, "desk.ban_done", user=user)
    if snap.session.user_id != user:  # no snapshot of theirs (never wrote)
        return snap, [*out, _group(ev, done)]
    had_handover = snap.handover is not None
    if had_handover:
        out.append(HandoverChange(op="close", user_id=user, adviser_id=ev.user_id, text="ban"))
        if snap.session.state == D.HUMAN:
            back_to_bot(Ctx(snap=snap, ev=ev, kb=kb, now=now))  # its messages are not sent
        snap.handover = None
    out.append(SendText(chat_id=snap.session.chat_id, text=t(snap.session.lang, "ban.notice")))
    out.append(NotifyAdvisers(text=done, user_id=user, close_thread=True) if had_handover
               else _group(ev, done))
    return snap, out


def _group(ev: Incoming, text: str) -> SendText:
    return SendText(chat_id=ev.chat_id, text=text, thread_id=ev.thread_id)


def replies_text(kb: KnowledgeBase, lang: str) -> str:
    """`/reply` alone: the canned replies by name, with their titles."""
    t = kb.texts.t
    return "\n".join([t(lang, "desk.reply_title"),
                      *(t(lang, "desk.reply_item", name=c.name, title=c.title(lang))
                        for c in kb.replies.values())])


def queue_text(queue: Sequence[QueueEntry], now: datetime, kb: KnowledgeBase,
               lang: str = "zh") -> str:
    t = kb.texts.t
    waiting = sorted((q for q in queue if q.state == "waiting"), key=lambda q: q.requested_at)
    if not waiting:
        return t(lang, "desk.queue_empty")
    lines = [t(lang, "desk.queue_title", n=len(waiting))]
    for i, q in enumerate(waiting, 1):
        waited = (now - datetime.fromisoformat(q.requested_at)).total_seconds()
        minutes = max(0, int(waited // 60))  # a clock a little behind the request is "just now"
        lines.append(t(lang, "desk.queue_item", n=i, user=q.user_id,
                       case=f"#{q.case_id}" if q.case_id else "-",
                       wait=f"{minutes // 60}h{minutes % 60:02d}m"))
    return "\n".join(lines)
