"""Progress on a filed case: recording what happened, answering reminders, rescheduling them."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dialogs import callbacks, views
from dialogs.actions import Button, Reschedule
from dialogs.context import Ctx, rows
from dialogs.date_order import event_conflict
from dialogs.deadline_view import deadlines_block, local, rule_name
from dialogs.flows.intake import go, refuse
from dialogs.ladder import next_step_text
from dialogs.reminder_plan import plan, quiet
from dialogs.snapshot import Case, Snapshot
from dialogs.states import OPEN_STATUSES, CaseStatus
from dialogs.timeline import open_deadlines, record
from dialogs.validators import Invalid, a_date
from knowledge.base import KnowledgeBase

# The events a shopper can record at each stage (FACTS.md §7.1), in the order they are offered.
OFFERED: dict[str, tuple[str, ...]] = {
    CaseStatus.NEGOTIATING: ("refund_requested", "aftersales_requested", "seller_agreed",
                             "seller_refused", "seller_timeout", "shipped", "received",
                             "transaction_success", "transaction_closed", "complaint_filed",
                             "report_filed", "intervention_requested", "resolved"),
    CaseStatus.REFUSED: ("complaint_filed", "report_filed", "intervention_requested",
                         "seller_agreed", "refund_requested", "refund_amount_edited",
                         "transaction_closed", "outside_channel_used", "resolved"),
    CaseStatus.COMPLAINT: ("seller_agreed", "decision_made", "intervention_requested",
                           "outside_channel_used", "resolved"),
    CaseStatus.INTERVENTION: ("decision_made", "appeal_filed", "outside_channel_used",
                              "resolved"),
    CaseStatus.APPEAL: ("decision_made", "outside_channel_used", "resolved"),
    CaseStatus.OUTSIDE: ("decision_made", "resolved", "closed"),
    CaseStatus.RESOLVED: ("closed",),
}
SNOOZE = timedelta(days=1)
MIN_SNOOZE = timedelta(hours=1)


def menu(ctx: Ctx) -> None:
    case = ctx.case
    if case is None or case.status not in OFFERED:
        ctx.say(ctx.t("progress.no_case"), views.menu(ctx))
        return
    buttons = [Button(ctx.t(f"event.{k}"), callbacks.event_ask(case.id, k))
               for k in OFFERED[case.status]]
    ctx.say(ctx.t("progress.menu", id=case.id), rows(buttons))


def ask_time(ctx: Ctx, case: Case, kind: str) -> None:
    s = ctx.snap.session
    s.pending_event, s.pending_case = kind, case.id
    go(ctx, "ask_event_time")
    prompt_time(ctx)


def prompt_time(ctx: Ctx) -> None:
    seq = ctx.new_question()
    kind = ctx.snap.session.pending_event or ""
    ctx.say(ctx.t("progress.when", event=ctx.t(f"event.{kind}")) + "\n" + ctx.t("hint.date"),
            rows([ctx.answer_button(seq, ctx.t("btn.just_now"), "now"),
                  ctx.answer_button(seq, ctx.t("btn.today"), "today"),
                  ctx.answer_button(seq, ctx.t("btn.yesterday"), "yesterday")], width=3))


def on_time(ctx: Ctx, value: str, pressed: bool) -> None:
    s = ctx.snap.session
    case = ctx.snap.cases.get(s.pending_case or -1)
    if case is None or not s.pending_event:
        go(ctx, "event_recorded")
        return
    at = _moment(ctx, value, pressed)
    if at is None:
        return
    kind = s.pending_event
    day = at.astimezone(ZoneInfo(ctx.snap.tz)).date()
    found = event_conflict(kind, day, case.fields, [(e.kind, e.at) for e in case.events])
    if found is not None:  # 签收 before 付款: refused with both dates, the question again
        _, clash = found
        key = "progress.date_before" if clash.earlier else "progress.date_after"
        refuse(ctx, value, ctx.t(key, event=ctx.t(f"event.{kind}"), day=day.isoformat(),
                                 other=ctx.t(f"field.{clash.other}"),
                                 other_day=clash.other_day.isoformat()), pressed)
        return
    ctx.kept = True
    s.pending_event = s.pending_case = None
    go(ctx, "event_recorded")
    apply_event(ctx, case, kind, at)


def _moment(ctx: Ctx, value: str, pressed: bool) -> datetime | None:
    zone = ZoneInfo(ctx.snap.tz)
    if value == "now" and pressed:
        return ctx.now
    typed = ctx.t(f"btn.{value}") if pressed and value in ("today", "yesterday") else value
    result = a_date(typed, ctx.today, ctx.kb)
    if isinstance(result, Invalid):
        refuse(ctx, value, ctx.t(f"invalid.{result.code}", **result.params), pressed)
        return None
    if "T" in result.value:
        moment = datetime.fromisoformat(result.value).replace(tzinfo=zone)
        return min(moment, ctx.now)
    day = datetime.fromisoformat(result.value).date()
    # A bare date: today means now; an earlier day counts from its start, the cautious reading.
    return ctx.now if day == ctx.today else datetime.combine(day, time(0), tzinfo=zone)


def apply_event(ctx: Ctx, case: Case, kind: str, at: datetime) -> None:
    if case.status not in OFFERED and case.status not in OPEN_STATUSES:
        ctx.say(ctx.t("progress.closed_case", id=case.id))
        return
    ctx.snap.session.current_case_id = case.id
    moved = record(case, kind, at.astimezone(ZoneInfo(ctx.snap.tz)), ctx.stamp())
    lines = [ctx.t("progress.recorded", event=ctx.t(f"event.{kind}"), at=local(ctx, at))]
    if moved:
        lines.append(ctx.t("status.status", status=ctx.t(f"status.label.{case.status}")))
    lines += ["", deadlines_block(ctx, case), "", ctx.t("status.next_step_title"),
              next_step_text(ctx, case)]
    ctx.say("\n".join(lines), status_buttons(ctx, case))


def status_buttons(ctx: Ctx, case: Case) -> tuple[tuple[Button, ...], ...]:
    if case.status not in OFFERED:
        return ()
    return ((Button(ctx.t("btn.progress"), callbacks.glob("progress")),
             Button(ctx.t("btn.letter"), callbacks.glob("letter")),
             Button(ctx.t("menu.human"), callbacks.glob("human"))),)


def on_reminder_press(ctx: Ctx, value: str) -> None:
    """r:<case>:<rule>:<done|later>, from a reminder's buttons."""
    case_id, _, rest = value.partition(":")
    rule, _, act = rest.rpartition(":")
    case = ctx.snap.cases.get(callbacks.number(case_id) or -1)
    if case is None or case.status not in OPEN_STATUSES:
        ctx.say(ctx.t("cases.not_found"))
        return
    name = rule_name(ctx, rule)
    if act == "done":
        case.meta["acked"] = sorted({*case.meta.get("acked", []), rule})
        ctx.say(ctx.t("reminder.acked", rule=name))
    elif act == "later":
        deadline = next((d.at for d in open_deadlines(case, ctx.kb.rules) if d.rule == rule), None)
        delay = SNOOZE if deadline is None else max(min(SNOOZE, (deadline - ctx.now) / 2),
                                                    MIN_SNOOZE)
        at = ctx.now + delay
        if deadline is not None:
            at = quiet(at, deadline, ZoneInfo(ctx.snap.tz), before=True)
        case.meta.setdefault("snooze", {})[rule] = at.isoformat(timespec="seconds")
        ctx.say(ctx.t("reminder.snoozed", rule=name, at=local(ctx, at)))
    else:
        ctx.say(ctx.t("stale.unknown"))
    case.updated_at = ctx.stamp()


def on_event_press(ctx: Ctx, value: str, ask: bool) -> None:
    """e:/p:<case>:<kind> — a reminder's answer (recorded now) or a menu choice (ask when)."""
    case_id, _, kind = value.partition(":")
    case = ctx.snap.cases.get(callbacks.number(case_id) or -1)
    if case is None or case.status not in OFFERED or kind not in OFFERED[case.status]:
        ctx.say(ctx.t("progress.not_now"))
        return
    if ask:
        ask_time(ctx, case, kind)
    else:
        apply_event(ctx, case, kind, ctx.now)


def reschedules(before: Snapshot, after: Snapshot, now: datetime,
                kb: KnowledgeBase) -> list[Reschedule]:
    """Every case whose timeline, status or reminder settings changed gets its reminders anew."""
    out = []
    for case in after.cases.values():
        old = before.cases.get(case.id)
        if old is not None and old.status == case.status and old.meta == case.meta and \
                _moments(old) == _moments(case):
            continue  # (a date corrected from a screenshot swaps an event: same count)
        if old is None and case.is_draft:
            continue
        planned = plan(case, now, after.tz, kb.rules) if case.status in OPEN_STATUSES else []
        out.append(Reschedule(case_id=case.id, reminders=tuple(
            {"key": p.key, "rule": p.rule, "kind": p.kind,
             "due_at": p.due_at.isoformat(timespec="seconds"),
             "deadline": p.deadline.isoformat(timespec="seconds")} for p in planned)))
    return out


def _moments(case: Case) -> list[tuple[str, str]]:
    return [(e.kind, e.at) for e in case.events]
