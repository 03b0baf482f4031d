"""The question gate is not asked where the form's state decides (issue 13 item 7): a form
waiting for a number or a date takes a text of digits and date or money marks only as its
answer. That shortcut must say what the gate would have said. Here the whole gate runs on such
texts, in every slot that waits for a number or a date, and never takes one as a question, a
hotline check or a figure to compute; anywhere else the gate is asked as before."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs import forms
from dialogs.context import Ctx
from dialogs.events import Incoming, Kind
from dialogs.flows import questions
from dialogs.snapshot import Case, Session, Snapshot
from dialogs.states import DialogState as D
from knowledge.loader import load_kb

KB = load_kb()
NOW = datetime.fromisoformat("2026-11-27T10:00:00+08:00")
# every character the shortcut lets through, with full-width forms of some (NFKC reads them so)
FIGURE_CHARS = "0123456789 .,:/-年月日号元块¥０１９．，：／－￥\u3000\n\t"
TRICKY = ["12315", "110", "95188", "400-800-8888", "13800138000", "0571-88157858", "11 10",
          "2026-11-10", "11.12", "3.15", "¥399", "399元", "三", "11月10号", "10:30", "1/2",
          "1234567890123456789", "20261110", "12 315", "０５７１－２８２８２０５８"]


def ctx_in(state: str, slot: str | None, lang: str = "zh", category: str = "counterfeit") -> Ctx:
    case = Case(id=1, user_id=1, category=category, fields={"platform": "tmall"})
    session = Session(user_id=1, chat_id=1, lang=lang, state=state, slot=slot,
                      current_case_id=1)
    snap = Snapshot(session=session, cases={1: case}, next_case_id=2)
    return Ctx(snap=snap, ev=Incoming(user_id=1, chat_id=1, kind=Kind.TEXT, at=NOW), kb=KB,
               now=NOW)


def assert_gate_takes_no_figures(text: str) -> None:
    for slot in sorted(forms.NUMERIC_SLOTS):
        for lang in ("zh", "en"):
            ctx = ctx_in(D.FILLING.value, slot, lang)
            if not questions.state_decides(ctx, text):
                continue
            assert questions.gate(ctx, text) is False, (slot, lang, text)
            assert ctx.out == [], (slot, lang, text)


def test_the_gate_takes_none_of_the_tricky_figures() -> None:
    for text in TRICKY:
        assert_gate_takes_no_figures(text)
    assert questions.state_decides(ctx_in(D.FILLING.value, "amount"), "399")
    assert questions.state_decides(ctx_in(D.FILLING.value, "paid_on"), "11月10日")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=FIGURE_CHARS, min_size=1, max_size=40))
def test_the_gate_takes_no_text_of_figures_only(text: str) -> None:
    assert_gate_takes_no_figures(text)


def test_the_gate_is_still_asked_elsewhere() -> None:
    """Words beside the figures, a question mark, a slot that waits for words, no form: the
    gate decides, as before."""
    for state, slot, text in [(D.FILLING.value, "amount", "399吗"),
                              (D.FILLING.value, "amount", "399?"),
                              (D.FILLING.value, "paid_on", "几号"),
                              (D.FILLING.value, "shop", "12315"),
                              (D.FILLING.value, "platform", "天猫"),
                              (D.IDLE.value, None, "12315"),
                              (D.REVIEWING.value, None, "399")]:
        assert not questions.state_decides(ctx_in(state, slot), text), (state, slot, text)
    hotline = ctx_in(D.IDLE.value, None)
    assert questions.try_answer(hotline, "12315")  # a hotline's number in idle: checked
