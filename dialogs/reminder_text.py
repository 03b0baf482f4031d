"""A reminder's words, decided when it falls due (a REMINDER event through `step`): late ones say
so, passed ones give today's advice, ones that no longer apply are not sent."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from dialogs import callbacks
from dialogs.actions import Button, ReminderWorded, SendText
from dialogs.context import Ctx, rows
from dialogs.deadline_view import countdown, local, rule_action, rule_doubt, rule_name
from dialogs.ladder import next_step_text
from dialogs.snapshot import Case
from dialogs.states import OPEN_STATUSES

LATE_AFTER = timedelta(minutes=10)
BEFORE_KINDS = frozenset({"before_2d", "before_1d", "last_day", "snooze"})
SELLER_ANSWERS = {
    "seller_reply_72h": ("seller_agreed", "seller_refused", "seller_timeout"),
    "ship_24h": ("shipped",),
}


def render(ctx: Ctx, case: Case, payload: dict[str, Any], late: bool = False) -> SendText | None:
    """The message for one due reminder row, or None when it no longer applies. `late`: the
    service was down when it was due (the caller knows; a reminder printed a while after its
    time by a terminal waiting for input was not delayed by any interruption)."""
    if case.status not in OPEN_STATUSES or payload["rule"] in case.meta.get("acked", []):
        return None
    deadline = datetime.fromisoformat(payload["deadline"])
    due = datetime.fromisoformat(payload["due_at"])
    names = {"id": case.id, "rule": rule_name(ctx, payload["rule"]),
             "deadline": local(ctx, deadline), "category": ctx.category_name(case.category),
             "action": rule_action(ctx, payload["rule"])}
    kind = payload["kind"]
    if kind in BEFORE_KINDS and ctx.now >= deadline:
        text = ctx.t("reminder.passed", **{k: names[k] for k in ("id", "rule", "deadline")}) \
            + "\n" + next_step_text(ctx, case)
        buttons = rows([Button(ctx.t("btn.progress"), callbacks.glob("progress")),
                        Button(ctx.t("menu.human"), callbacks.glob("human"))])
    elif kind in BEFORE_KINDS:
        key = "reminder.last_day" if kind == "last_day" else "reminder.before"
        params = {**names, "left": countdown(ctx, deadline - ctx.now)} \
            if key == "reminder.before" else names
        text = "\n".join([ctx.t(key, **params), "", ctx.t("reminder.before_hint"),
                          next_step_text(ctx, case)])
        buttons = _act_buttons(ctx, case, payload["rule"])
    elif kind == "expired":
        text, buttons = _expired(ctx, case, payload, names)
    else:  # opens
        text = ctx.t("reminder.opens", **{k: names[k] for k in ("id", "rule", "deadline",
                                                                 "action")})
        buttons = _act_buttons(ctx, case, payload["rule"])
    doubt = rule_doubt(ctx, payload["rule"])
    if doubt:  # a doubtful rule carries its doubt into every reminder about it
        first, _, rest = text.partition("\n")
        text = first + "\n" + doubt.strip() + ("\n" + rest if rest else "")
    if late and ctx.now - due > LATE_AFTER:
        text = ctx.t("reminder.late", due=local(ctx, due)) + "\n" + text
    return SendText(chat_id=ctx.snap.session.chat_id, text=text, buttons=buttons)


def _expired(ctx: Ctx, case: Case, payload: dict[str, Any],
             names: dict[str, Any]) -> tuple[str, tuple[tuple[Button, ...], ...]]:
    rule = payload["rule"]
    short = {k: names[k] for k in ("id", "rule", "deadline", "action")}
    if rule in SELLER_ANSWERS:
        answers = [Button(ctx.t(f"btn.{k}") if k.startswith("seller") else ctx.t(f"event.{k}"),
                          callbacks.event_now(case.id, k)) for k in SELLER_ANSWERS[rule]]
        text = "\n".join([ctx.t("reminder.seller_expired", **short), "",
                          ctx.t("reminder.seller_expired_next"), _escalation(ctx, case)])
        return text, (*rows(answers, width=3),
                      (Button(ctx.t("menu.human"), callbacks.glob("human")),))
    text = ctx.t("reminder.sla_expired", **short) + "\n" + _escalation(ctx, case)
    return text, rows([Button(ctx.t("btn.decision_made"),
                              callbacks.event_now(case.id, "decision_made")),
                       Button(ctx.t("btn.later"), callbacks.reminder(case.id, rule, "later")),
                       Button(ctx.t("menu.human"), callbacks.glob("human"))])


def _escalation(ctx: Ctx, case: Case) -> str:
    """The next rung as if the other side had not answered."""
    from dialogs.ladder import channel_block, next_channel

    channel = next_channel(case, ctx.kb, no_answer=True)
    return channel_block(ctx, channel) if channel is not None else ""


def _act_buttons(ctx: Ctx, case: Case, rule: str) -> tuple[tuple[Button, ...], ...]:
    return rows([Button(ctx.t("btn.done"), callbacks.reminder(case.id, rule, "done")),
                 Button(ctx.t("btn.later"), callbacks.reminder(case.id, rule, "later")),
                 Button(ctx.t("menu.human"), callbacks.glob("human"))], width=3)


def on_due(ctx: Ctx) -> None:
    """A reminder fell due: its words from this snapshot, or none when it no longer applies
    (its case is gone or settled, its window acknowledged, or a later one of it is due too)."""
    due = ctx.ev.reminder
    if due is None:
        return
    case = ctx.snap.cases.get(due.case_id)
    message = None if due.superseded or case is None else \
        render(ctx, case, due.payload, late=due.late)
    ctx.out.append(ReminderWorded(row_id=due.row_id, message=message))
