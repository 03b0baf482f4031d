"""Asking for a human (/human) from the shopper's side: ask for an adviser, talk through the
bot, come back with /done."""

from __future__ import annotations

from dialogs import callbacks, open_hours, views
from dialogs.actions import (
    Action,
    Button,
    EditRelayed,
    HandoverChange,
    NotifyAdvisers,
    RelayToAdvisers,
)
from dialogs.context import Ctx, rows
from dialogs.deadline_view import deadline_line, footnotes
from dialogs.events import Incoming
from dialogs.flows.intake import go, prefix_then_prompt
from dialogs.flows.questions import MAX_SOURCES, readable
from dialogs.ladder import channel_block
from dialogs.markup import code
from dialogs.snapshot import Case
from dialogs.states import RESUMABLE
from dialogs.states import DialogState as D
from dialogs.timeline import open_deadlines

RECENT_ON_CARD = 5


def request(ctx: Ctx, reason: str = "") -> None:
    s, snap = ctx.snap.session, ctx.snap
    if not snap.desk.configured:
        no_adviser(ctx)
        return
    if snap.handover is not None:
        ctx.say(ctx.t("handover.already", position=max(snap.handover.position, 1)))
        return
    case = ctx.case
    desk = snap.desk.lang  # the card and the topic are read by the advisers
    t = ctx.kb.texts.t
    reason = reason or t(desk, "handover.reason_default", state=t(desk, f"handover.state.{s.state}"))
    ctx.out.append(HandoverChange(op="open", user_id=s.user_id, chat_id=s.chat_id,
                                  case_id=case.id if case else None, text=reason[:500]))
    ctx.out.append(NotifyAdvisers(text=card(ctx, case, reason), user_id=s.user_id,
                                  case_id=case.id if case else None, new_thread=True,
                                  title=topic_title(ctx, case)))
    s.before_human = s.state
    go(ctx, "hand_over")
    lines = [ctx.t("handover.requested", position=snap.desk.waiting + 1, hours=snap.desk.hours)]
    if not snap.desk.open_now:
        lines += ["", ctx.t("handover.closed_now", hours=snap.desk.hours,
                            when=open_hours.advisers_next(ctx)), "", official_channels(ctx)]
    lines += ["", ctx.t("handover.meanwhile")]
    ctx.say("\n".join(lines))


def no_adviser(ctx: Ctx) -> None:
    """No advisers in this service: say so, give the official channels, keep no pretend queue."""
    if ctx.snap.handover is not None:  # a request kept by an older version nobody will see
        ctx.out.append(HandoverChange(op="close", user_id=ctx.snap.session.user_id,
                                      text="no_desk"))
        ctx.snap.handover = None
    ctx.say("\n".join([ctx.t("handover.none"), "", official_channels(ctx)]),
            rows([Button(ctx.t("menu.status"), callbacks.glob("status"))]))


def official_channels(ctx: Ctx) -> str:
    """The platform's own complaint channel and 12315, from the knowledge base, with sources."""
    official = ctx.kb.ladder_data.official
    blocks = [channel_block(ctx, c) for c in official]
    text = "\n\n".join(b for b in blocks if b)
    sources: list[str] = []
    for channel_id in official:
        try:
            found = ctx.kb.channel(channel_id).sources
        except KeyError:
            continue
        sources += [readable(ctx, x) for x in found if readable(ctx, x) not in sources]
    if sources:
        text += "\n\n" + ctx.t("kb.sources", sources=ctx.join(sources[:MAX_SOURCES + 1], long=True))
    return text


def topic_title(ctx: Ctx, case: Case | None) -> str:
    """The forum topic's name, in the advisers' language."""
    who = ctx.ev.user_name or str(ctx.snap.session.user_id)
    if case is None:
        return f"{who} · {for_desk(ctx, 'handover.no_case_title')}"[:120]
    return f"#{case.id} {_in(ctx, ctx.snap.desk.lang).category_name(case.category)} · {who}"[:120]


def card(ctx: Ctx, case: Case | None, reason: str) -> str:
    """Everything an adviser needs at a glance, in the advisers' language (WEIQUAN_DESK_LANG)."""
    desk = ctx.snap.desk.lang
    seen = _in(ctx, desk)

    def d(key: str, **params: object) -> str:
        return ctx.kb.texts.t(desk, key, **params)

    lines = [d("card.title", user=ctx.ev.user_name or "-", id=ctx.snap.session.user_id),
             d("card.reason", reason=reason)]
    if case is not None:
        f = case.fields
        lines += [d("card.case", id=case.id, category=seen.category_name(case.category),
                    status=d(f"status.label.{case.status}")),
                  d("card.order", platform=f.get("platform") or "-",
                    shop=f.get("shop") or "-", order_no=code(f.get("order_no") or "-"),
                    item=f.get("item") or "-", amount=code(f.get("amount") or "-"))]
        dates = [f"{e.kind} {e.at[:10]}" for e in case.events]
        if dates:
            lines.append(d("card.dates", dates=seen.join(dates, long=True)))
        found = open_deadlines(case, ctx.kb.rules)
        if found:
            lines += [d("card.deadlines"), *(deadline_line(seen, x) for x in found),
                      *footnotes(seen, found)]
        count = sum(1 for n in ctx.snap.evidence if n.case_id == case.id)
        lines.append(d("card.evidence", n=count))
        if f.get("description"):
            lines.append(d("card.description", text=f["description"][:300]))
    recent = ctx.snap.recent[-RECENT_ON_CARD:]
    if recent:
        lines += [d("card.recent"), *(f"› {m[:200]}" for m in recent)]
    lines.append(d("card.commands"))
    return "\n".join(lines)


def _in(ctx: Ctx, lang: str) -> Ctx:
    """The same moment seen in `lang`, for text meant for the advisers."""
    snap = ctx.snap.clone()
    snap.session.lang = lang
    return Ctx(snap=snap, ev=ctx.ev, kb=ctx.kb, now=ctx.now)


def for_desk(ctx: Ctx, key: str, **params: object) -> str:
    """A text for the advisers' group, in their language."""
    return ctx.kb.texts.t(ctx.snap.desk.lang, key, **params)


def relay(ctx: Ctx) -> None:
    """A message typed while handed over goes to the adviser, as it is."""
    s = ctx.snap.session
    ctx.out.append(RelayToAdvisers(user_id=s.user_id, from_chat_id=s.chat_id,
                                   message_id=ctx.ev.message_id_in, text=ctx.ev.text))


def done(ctx: Ctx) -> None:
    """/done: the shopper returns to the bot; the advisers are told."""
    s, snap = ctx.snap.session, ctx.snap
    if s.state != D.HUMAN:
        ctx.say(ctx.t("handover.not_active"), views.menu(ctx))
        return
    ctx.out.append(HandoverChange(op="close", user_id=s.user_id, text="user"))
    if snap.desk.configured:
        ctx.out.append(NotifyAdvisers(text=for_desk(ctx, "card.user_left"), user_id=s.user_id,
                                      close_thread=True))
    back_to_bot(ctx)
    prefix_then_prompt(ctx, ctx.t("handover.back"))


def back_to_bot(ctx: Ctx) -> None:
    """Leave the hand-over; a form the user left for the adviser picks up where it was."""
    s = ctx.snap.session
    previous, s.before_human = s.before_human, None
    ctx.snap.handover = None
    go(ctx, f"resume_{previous}" if previous in RESUMABLE else "back_from_human")


def edited(ev: Incoming) -> list[Action]:
    """The shopper edited a message that was copied into their hand-over's thread: the copy is
    edited to match (its caption, for a photo or file); any other edit changes nothing."""
    if ev.copy_in_group is None:
        return []
    group, message = ev.copy_in_group
    return [EditRelayed(user_id=ev.user_id, group_chat_id=group, message_id=message,
                        text=ev.text or ev.caption, caption=not ev.text)]
