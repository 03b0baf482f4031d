"""Screenshots the shopper sends: what was read is shown once with "use these?" (all / pick /
none). A field already answered is never replaced without asking; in the middle of the form
the form then skips what is filled; on a filed case the dates go onto the timeline (the
deadlines follow) and every change is kept as a note. Bad images get a kind word and fill
nothing. Buttons: o:<offer>:<all|pick|none|u-N|swap-N|keep-N|done>."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dialogs import callbacks, forms, views
from dialogs.actions import Button, Relabel
from dialogs.context import Ctx, rows
from dialogs.screen_apply import apply_entry
from dialogs.screen_offer import entries, usable
from dialogs.snapshot import Case
from dialogs.states import DialogState as D

PAGE_LABELS = {"order": "order", "refund": "refund", "chat": "chat"}  # evidence labels


def problem_line(ctx: Ctx, result: dict[str, Any]) -> str | None:
    """A kind word for an image that could not be used (photo, unreadable, other platform)."""
    reading = result.get("reading")
    if not isinstance(reading, dict) or reading.get("problem") is None:
        return None
    problem = str(reading["problem"])
    if problem == "other_platform":
        name = ctx.t(f"ocr.platform.{reading.get('platform')}") \
            if reading.get("platform") in ("jd", "pdd", "douyin") else "?"
        return ctx.t("ocr.problem.other_platform", platform=name)
    if problem in ("not_screenshot", "unreadable", "nothing_found"):
        return ctx.t(f"ocr.problem.{problem}")
    return ctx.t("ocr.problem.unreadable")


def label_read(ctx: Ctx, case: Case, results: list[dict[str, Any]]) -> list[int]:
    """Label the screenshots read as such (order, refund, chat): they need no label question.
    Returns the items labelled here."""
    labelled: list[int] = []
    for item_id, reading in _readings(results):
        note = next((n for n in ctx.snap.evidence if n.id == item_id), None)
        if note is not None and not note.label:
            note.label = PAGE_LABELS[reading["kind"]]
            ctx.out.append(Relabel(user_id=case.user_id, item_ids=(item_id,), label=note.label))
            labelled.append(item_id)
    return labelled


def offer(ctx: Ctx, case: Case, results: list[dict[str, Any]]) -> None:
    """Show what the screenshots said and ask once: use these?"""
    readings = _readings(results)
    found = entries(ctx, case, readings) if readings else []
    if not found:
        return
    made = {"id": readings[0][0], "case": case.id, "entries": found,
            "left": list(range(len(found))), "used": [], "ask": []}
    ctx.snap.session.screen_offer = made
    ctx.say(_offer_text(ctx, case, made), _offer_buttons(ctx, made))


def _readings(results: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    return [(int(r["item_id"]), r["reading"]) for r in results
            if r.get("status") == "stored" and usable(r.get("reading"))]


def _offer_text(ctx: Ctx, case: Case, offer: dict[str, Any]) -> str:
    lines = [ctx.t("ocr.offer.title")]
    for e in offer["entries"]:
        lines.append("• " + _entry_text(ctx, case, e))
        old = case.fields.get(e.get("slot", ""))
        if e["what"] == "field" and old:
            lines.append("  " + ctx.t("ocr.offer.conflict", old=_shown(ctx, e["slot"], old)))
    lines += ["", ctx.t("ocr.offer.ask")]
    return "\n".join(lines)


def _entry_text(ctx: Ctx, case: Case, e: dict[str, Any]) -> str:
    if e["what"] == "field":
        return ctx.t("field.line", label=ctx.t(f"field.{e['slot']}"),
                     value=_shown(ctx, e["slot"], e["value"]))
    if e["what"] == "event":
        return ctx.t("ocr.offer.event", event=ctx.t(f"event.{e['kind']}"),
                     at=e["at"][:16].replace("T", " "))
    if e["what"] == "said":
        return ctx.t("ocr.offer.said", text=e["text"], date=e.get("date") or "?",
                     meaning=ctx.t(f"ocr.said.{e['kind']}.{e['key']}"))
    return ctx.t("ocr.offer.note", facts=_facts(ctx, e["fields"]))


def _facts(ctx: Ctx, fields: dict[str, str]) -> str:
    parts = []
    for name, value in fields.items():
        if name in ("status", "refund_status"):
            value = ctx.t(f"ocr.status.{name}.{value}")
        parts.append(ctx.t("field.line", label=ctx.t(f"ocr.fact.{name}"), value=value))
    return ctx.join(parts)


def _shown(ctx: Ctx, slot: str, value: str) -> str:
    if forms.SLOTS[slot].kind == "choice":
        return ctx.t(f"choice.{slot}.{value}")
    if forms.SLOTS[slot].kind == "date":
        return value.replace("T", " ")  # 2024-08-22 05:43, as the screenshot printed it
    return ctx.t("amount.value", amount=value) if slot in forms.AMOUNT_SLOTS else value


def _offer_buttons(ctx: Ctx, offer: dict[str, Any]) -> Any:
    oid = offer["id"]
    return rows([Button(ctx.t("btn.ocr_all"), callbacks.screen(oid, "all")),
                 Button(ctx.t("btn.ocr_pick"), callbacks.screen(oid, "pick")),
                 Button(ctx.t("btn.ocr_none"), callbacks.screen(oid, "none"))], width=3)


def on_press(ctx: Ctx, value: str) -> None:
    oid, _, act = value.partition(":")
    offer = ctx.snap.session.screen_offer
    case = ctx.snap.cases.get(int(offer["case"])) if offer else None
    if offer is None or case is None or callbacks.number(oid) != offer["id"]:
        _then_resume(ctx, ctx.t("stale.button"))
        return
    if act == "none":
        ctx.snap.session.screen_offer = None
        _then_resume(ctx, ctx.t("ocr.none"))
    elif act == "all":
        _take(ctx, case, offer, list(offer["left"]))
    elif act == "pick":
        _pick(ctx, case, offer)
    elif act == "done":
        _finish(ctx, case, offer)
    elif act[:2] == "u-" and callbacks.number(act[2:]) in offer["left"]:
        _take(ctx, case, offer, [int(act[2:])], picking=True)
    elif act.startswith(("swap-", "keep-")):
        _answer_conflict(ctx, case, offer, act)
    else:
        _then_resume(ctx, ctx.t("stale.button"))


def _take(ctx: Ctx, case: Case, offer: dict[str, Any], which: list[int],
          picking: bool = False) -> None:
    """Apply the entries; an answered field is asked about (in the pick list the button
    itself said it replaces the answer, so it is the answer)."""
    asks = []
    for i in which:
        e = offer["entries"][i]
        offer["left"].remove(i)
        if e["what"] == "field" and case.fields.get(e["slot"]) and not picking:
            asks.append(i)
            continue
        _apply(ctx, case, e)
        offer["used"].append(i)
    offer["ask"] = asks
    if asks:
        _ask_conflict(ctx, case, offer)
    elif picking and offer["left"]:
        _pick(ctx, case, offer)
    else:
        _finish(ctx, case, offer)


def _pick(ctx: Ctx, case: Case, offer: dict[str, Any]) -> None:
    buttons = []
    for i in offer["left"]:
        e = offer["entries"][i]
        label = _entry_text(ctx, case, e)
        if e["what"] == "field" and case.fields.get(e["slot"]):
            label = ctx.t("ocr.pick.replace", what=label)
        buttons.append(Button(label[:60], callbacks.screen(offer["id"], f"u-{i}")))
    buttons.append(Button(ctx.t("btn.ocr_done"), callbacks.screen(offer["id"], "done")))
    ctx.say(ctx.t("ocr.pick.ask"), rows(buttons, width=1))


def _ask_conflict(ctx: Ctx, case: Case, offer: dict[str, Any]) -> None:
    i = offer["ask"][0]
    e = offer["entries"][i]
    old, new = _shown(ctx, e["slot"], case.fields[e["slot"]]), _shown(ctx, e["slot"], e["value"])
    ctx.say(ctx.t("ocr.conflict.ask", label=ctx.t(f"field.{e['slot']}"), old=old, new=new),
            rows([Button(ctx.t("btn.ocr_swap", new=new[:20]),
                         callbacks.screen(offer["id"], f"swap-{i}")),
                  Button(ctx.t("btn.ocr_keep", old=old[:20]),
                         callbacks.screen(offer["id"], f"keep-{i}"))], width=1))


def _answer_conflict(ctx: Ctx, case: Case, offer: dict[str, Any], act: str) -> None:
    i = callbacks.number(act.partition("-")[2])
    if not offer.get("ask") or i != offer["ask"][0]:
        _then_resume(ctx, ctx.t("stale.button"))
        return
    offer["ask"].pop(0)
    if act.startswith("swap-"):
        _apply(ctx, case, offer["entries"][i])
        offer["used"].append(i)
    if offer["ask"]:
        _ask_conflict(ctx, case, offer)
    else:
        _finish(ctx, case, offer)


def _apply(ctx: Ctx, case: Case, e: dict[str, Any]) -> None:
    apply_entry(ctx, case, e)


def _finish(ctx: Ctx, case: Case, offer: dict[str, Any]) -> None:
    ctx.snap.session.screen_offer = None
    used = [offer["entries"][i] for i in offer.get("used", [])]
    ctx.kept = True
    if not used:
        _then_resume(ctx, ctx.t("ocr.none"))
        return
    names = ctx.join([_used_name(ctx, e) for e in used])
    s = ctx.snap.session
    if case.is_draft:
        text = ctx.t("ocr.applied", fields=names)
        if s.state == D.FILLING and s.current_case_id == case.id:
            from dialogs.flows.intake import advance

            before = len(ctx.out)
            advance(ctx)  # the form skips what is filled now
            ctx.out[before] = replace(ctx.out[before], text=f"{text}\n\n{ctx.out[before].text}")
            return
        _then_resume(ctx, text)
        return
    from dialogs.deadline_view import deadlines_block

    ctx.say("\n".join([ctx.t("ocr.applied_filed", id=case.id, fields=names), "",
                       deadlines_block(ctx, case)]))
    _then_resume(ctx, "", alone=False)


def _used_name(ctx: Ctx, e: dict[str, Any]) -> str:
    if e["what"] == "field":
        return ctx.t(f"field.{e['slot']}")
    if e["what"] == "event":
        return ctx.t(f"event.{e['kind']}")
    if e["what"] == "said":
        return ctx.t(f"ocr.said.{e['kind']}.{e['key']}")
    return ctx.t("ocr.used.note")


def _then_resume(ctx: Ctx, text: str, alone: bool = True) -> None:
    from dialogs.flows.intake import prefix_then_prompt

    if ctx.snap.session.state == D.REVIEWING and ctx.case is not None:
        if text:
            ctx.say(text)
        ctx.say(*views.review(ctx, ctx.case))
        return
    if text:
        prefix_then_prompt(ctx, text, alone=alone)
    else:
        prefix_then_prompt(ctx, ctx.t("form.resume"), alone=False)
