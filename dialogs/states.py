"""State names of the two machines, and the vocabulary they share with FACTS.md."""

from __future__ import annotations

from enum import StrEnum


class DialogState(StrEnum):
    """What the bot is waiting for in the conversation."""

    IDLE = "idle"
    CHOOSING_CATEGORY = "choosing_category"
    CONFIRMING_CATEGORY = "confirming_category"
    FILLING = "filling"
    REVIEWING = "reviewing"
    CONFIRMING_CANCEL = "confirming_cancel"
    RECORDING_EVENT = "recording_event"  # asking when something happened on the case
    HUMAN = "human"  # handed over: messages go to the advisers until /done or /close


def members(kind: type[StrEnum]) -> type:
    """The enum's members as attributes of a plain class, for code that reads them on every
    event: Python 3.11 reads `DialogState.IDLE` through the enum metaclass's `__getattr__` hook
    (about 0.2 µs a read, some twenty reads an event); `States.IDLE` is the same member, read
    at a plain class attribute's speed."""
    return type(kind.__name__, (), dict(kind.__members__))


class CaseStatus(StrEnum):
    """Where the dispute stands."""

    DRAFT = "draft"
    NEGOTIATING = "negotiating"
    REFUSED = "refused"  # the seller refused or never answered: time to go to the platform
    COMPLAINT = "complaint"
    INTERVENTION = "intervention"
    APPEAL = "appeal"
    OUTSIDE = "outside"
    RESOLVED = "resolved"
    CLOSED = "closed"
    ABANDONED = "abandoned"


States = members(DialogState)
# A complaint form's states (in the order the form goes); /cancel may interrupt any of them.
FORM_STATES: tuple[DialogState, ...] = (DialogState.CHOOSING_CATEGORY,
                                        DialogState.CONFIRMING_CATEGORY, DialogState.FILLING,
                                        DialogState.REVIEWING)
# A form's states and the "really give up?" question asked over one: the form is in hand.
IN_FORM: frozenset[DialogState] = frozenset({*FORM_STATES, DialogState.CONFIRMING_CANCEL})
# The form states a `resume_<state>` trigger returns to from anywhere (after a hand-over).
RESUMABLE: frozenset[DialogState] = frozenset({DialogState.CHOOSING_CATEGORY,
                                               DialogState.FILLING, DialogState.REVIEWING})

OPEN_STATUSES: frozenset[CaseStatus] = frozenset(
    {CaseStatus.NEGOTIATING, CaseStatus.REFUSED, CaseStatus.COMPLAINT, CaseStatus.INTERVENTION,
     CaseStatus.APPEAL, CaseStatus.OUTSIDE}
)
