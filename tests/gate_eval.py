"""How the chat takes what a shopper types first: a complaint opening should start a complaint, a
question should be answered. `python -m tests.gate_eval` runs every SPENT blind set's openings and
questions (never tests/blind/, the frozen set) through the whole engine step and prints, per set
and per style:

- complaints started: in idle, a reply offers to open a complaint (the suggest button), alone or
  after the answer to a question the story ends with; `gate`: the question gate alone does not
  read it as a bare question (dialogs.flows.questions.reading), whatever the classifier then
  makes of it;
- story as story: with the form waiting on the story (what happened), the opening is taken as it;
- questions answered: in idle, the first reply answers (an offer to open a complaint may follow); `mid-form`, with
  the form waiting on the shop's name, the question is answered and the form resumes rather than
  the question being taken as the answer.

`--misses` lists every item on the wrong side.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from datetime import datetime

from dialogs import engine
from dialogs.actions import SendText
from dialogs.events import text_event
from dialogs.flows.questions import Reading, reading
from dialogs.snapshot import Case, Session, Snapshot
from dialogs.states import DialogState as D
from knowledge.base import KnowledgeBase
from tests.blind_eval import SETS, Tally, load_set

SPENT = [name for name in SETS if name != "frozen"]
NOW = datetime.fromisoformat("2026-11-27T10:00:00+08:00")
MID_FORM_SLOTS = ("shop",)


def idle_snapshot(lang: str) -> Snapshot:
    return Snapshot(session=Session(user_id=1, chat_id=1, lang=lang), next_case_id=1)


def form_snapshot(lang: str, slot: str, category: str = "quality") -> Snapshot:
    case = Case(id=1, user_id=1, category=category, created_at=NOW.isoformat())
    session = Session(user_id=1, chat_id=1, lang=lang, current_case_id=1,
                      state=D.FILLING.value, slot=slot)
    return Snapshot(session=session, cases={1: case}, next_case_id=2)


def replies(kb: KnowledgeBase, snap: Snapshot, text: str) -> list[SendText]:
    _, actions = engine.step(snap, text_event(1, text, NOW, lang=snap.session.lang), kb, NOW)
    return [a for a in actions if isinstance(a, SendText)]


def offers_complaint(sent: list[SendText]) -> bool:
    """A reply offers to open a complaint (a suggest button, or the complaint button offered
    alone when no category is clear)."""
    return any(b.data.startswith("s:") or b.data == "g:complain"
               for reply in sent if not is_menu(reply) for row in reply.buttons for b in row)


def answered(sent: list[SendText]) -> bool:
    """The first reply answers (or says the base does not know), rather than offering to open a
    complaint or showing the menu; an offer may follow the answer."""
    return bool(sent) and not is_menu(sent[0]) and not offers_complaint(sent[:1])


def is_menu(reply: SendText) -> bool:
    """The main menu (its complaint button is always there, whatever was typed)."""
    return {"g:status", "g:cases"} <= {b.data for row in reply.buttons for b in row}


def told_story(kb: KnowledgeBase, snap: Snapshot, text: str) -> bool:
    """Mid-form, the form waiting on the story: the opening is taken as the story."""
    after, _ = engine.step(snap, text_event(1, text, NOW, lang=snap.session.lang), kb, NOW)
    return bool(after.cases[1].fields.get("description"))




def resumed(kb: KnowledgeBase, snap: Snapshot, text: str) -> bool:
    """Mid-form: answered, then the form's question again (the field still empty)."""
    after, _ = engine.step(snap, text_event(1, text, NOW, lang=snap.session.lang), kb, NOW)
    return not after.cases[1].fields.get(snap.session.slot) and after.session.slot == snap.session.slot


def evaluate(kb: KnowledgeBase, names: list[str]) -> tuple[dict[str, dict[str, Tally]], list[str]]:
    tallies: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    misses: list[str] = []
    for name in names:
        questions, complaints = load_set(name)
        for c in complaints:
            snap = idle_snapshot(c["lang"])
            gate_ok = reading(c["text"], kb) != Reading.QUESTION
            chat_ok = offers_complaint(replies(kb, snap, c["text"]))
            kept = told_story(kb, form_snapshot(c["lang"], "description"), c["text"])
            for key in (name, "all", f"style:{c['style']}"):
                tallies[key]["complaint gate"].add(gate_ok)
                tallies[key]["complaint started"].add(chat_ok)
                tallies[key]["story as story"].add(kept)
            if not gate_ok:
                misses.append(f"[{name} complaint as question] {c['text']}")
            if not chat_ok:
                misses.append(f"[{name} complaint not started] {c['text']}")
            if not kept:
                misses.append(f"[{name} story not taken as the story] {c['text']}")
        for q in questions:
            if q.get("out_of_scope"):
                continue
            snap = idle_snapshot(q["lang"])
            ok = answered(replies(kb, snap, q["q"]))
            mid = all(resumed(kb, form_snapshot(q["lang"], slot), q["q"]) for slot in MID_FORM_SLOTS)
            for key in (name, "all", f"style:{q['style']}"):
                tallies[key]["question answered"].add(ok)
                tallies[key]["question mid-form"].add(mid)
            if not ok:
                misses.append(f"[{name} question as complaint] {q['q']}")
            if not mid:
                misses.append(f"[{name} question taken as a form answer] {q['q']}")
    return tallies, misses


COLUMNS = ("complaint gate", "complaint started", "story as story", "question answered",
           "question mid-form")


def report(tallies: dict[str, dict[str, Tally]]) -> str:
    lines = [f"{'':16}" + "".join(f"{c:>22}" for c in COLUMNS)]
    for key in sorted(tallies, key=lambda k: (k == "all", k.startswith("style:"), k)):
        lines.append(f"{key:16}" + "".join(f"{tallies[key][c].cell():>22}" for c in COLUMNS))
    return "\n".join(lines)


def main() -> None:
    from knowledge.loader import load_kb

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", action="append", choices=SPENT, help="default: every spent set")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    tallies, misses = evaluate(load_kb(), args.set or SPENT)
    if args.misses:
        print("\n".join(misses))
    print(report(tallies))


if __name__ == "__main__":
    main()
