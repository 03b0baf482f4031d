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


OPEN_STATUSES: frozenset[CaseStatus] = frozenset(
    {CaseStatus.NEGOTIATING, CaseStatus.REFUSED, CaseStatus.COMPLAINT, CaseStatus.INTERVENTION,
     CaseStatus.APPEAL, CaseStatus.OUTSIDE}
)
