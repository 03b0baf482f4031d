"""Both machines as data (transitions' list-of-dicts form). Code builds them once from here."""

from __future__ import annotations

from typing import Any

from dialogs.states import FORM_STATES, OPEN_STATUSES
from dialogs.states import CaseStatus as C
from dialogs.states import DialogState as D

DIALOG_STATES: list[str] = [s.value for s in D]

DIALOG_TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "start_complaint", "source": [s.value for s in D], "dest": D.CHOOSING_CATEGORY},
    {"trigger": "category_unsure", "source": D.CHOOSING_CATEGORY, "dest": D.CONFIRMING_CATEGORY},
    {"trigger": "category_chosen", "source": [D.CHOOSING_CATEGORY, D.CONFIRMING_CATEGORY],
     "dest": D.FILLING},
    {"trigger": "category_rejected", "source": D.CONFIRMING_CATEGORY, "dest": D.CHOOSING_CATEGORY},
    {"trigger": "slot_filled", "source": D.FILLING, "dest": D.FILLING},
    {"trigger": "form_complete", "source": D.FILLING, "dest": D.REVIEWING},
    {"trigger": "edit_field", "source": D.REVIEWING, "dest": D.FILLING},
    {"trigger": "change_category", "source": D.REVIEWING, "dest": D.CHOOSING_CATEGORY},
    {"trigger": "back_to_category", "source": D.FILLING, "dest": D.CHOOSING_CATEGORY},
    {"trigger": "filed", "source": D.REVIEWING, "dest": D.IDLE},
    {"trigger": "ask_cancel", "source": list(FORM_STATES), "dest": D.CONFIRMING_CANCEL},
    {"trigger": "cancel_confirmed", "source": D.CONFIRMING_CANCEL, "dest": D.IDLE},
    # Leaving a draft without abandoning it (picking another case): the draft stays a draft.
    {"trigger": "leave_form", "source": [s.value for s in D], "dest": D.IDLE},
    # Resuming a draft picked from /cases.
    {"trigger": "resume_filling", "source": [s.value for s in D], "dest": D.FILLING},
    {"trigger": "resume_reviewing", "source": [s.value for s in D], "dest": D.REVIEWING},
    {"trigger": "resume_choosing_category", "source": [s.value for s in D],
     "dest": D.CHOOSING_CATEGORY},
    {"trigger": "resume_confirming_category", "source": D.CONFIRMING_CANCEL,
     "dest": D.CONFIRMING_CATEGORY},
    # Recording progress on a filed case: "when did it happen?"
    {"trigger": "ask_event_time", "source": [s.value for s in D], "dest": D.RECORDING_EVENT},
    {"trigger": "event_recorded", "source": D.RECORDING_EVENT, "dest": D.IDLE},
    # Hand-over to a human adviser and back; the form state is kept in session.before_human.
    {"trigger": "hand_over", "source": [s.value for s in D if s != D.HUMAN], "dest": D.HUMAN},
    {"trigger": "back_from_human", "source": D.HUMAN, "dest": D.IDLE},
]

CASE_STATES: list[str] = [s.value for s in C]

_OPEN = [c for c in C if c in OPEN_STATUSES]  # in the order of the enum

CASE_TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "file", "source": C.DRAFT, "dest": C.NEGOTIATING},
    {"trigger": "abandon", "source": C.DRAFT, "dest": C.ABANDONED},
    {"trigger": "reopen_draft", "source": C.ABANDONED, "dest": C.DRAFT},
    {"trigger": "refuse", "source": C.NEGOTIATING, "dest": C.REFUSED},
    {"trigger": "agree", "source": C.REFUSED, "dest": C.NEGOTIATING},
    {"trigger": "complain", "source": [C.NEGOTIATING, C.REFUSED], "dest": C.COMPLAINT},
    {"trigger": "request_intervention", "source": [C.NEGOTIATING, C.REFUSED, C.COMPLAINT],
     "dest": C.INTERVENTION},
    {"trigger": "appeal", "source": C.INTERVENTION, "dest": C.APPEAL},
    {"trigger": "go_outside", "source": _OPEN, "dest": C.OUTSIDE},
    {"trigger": "resolve", "source": _OPEN, "dest": C.RESOLVED},
    {"trigger": "reopen", "source": C.RESOLVED, "dest": C.NEGOTIATING},
    {"trigger": "close", "source": [*_OPEN, C.RESOLVED], "dest": C.CLOSED},
]
