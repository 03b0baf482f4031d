"""The JSON-safe state the engine works on: one user's session and their cases."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import asdict, dataclass, field
from dataclasses import fields as fields_of
from typing import Any

from dialogs.states import CaseStatus, DialogState
from dialogs.tally_notes import Counts, ShopRef, TallyNote


@dataclass
class CaseEvent:
    kind: str  # FACTS.md §7.1 vocabulary
    at: str  # ISO 8601 with offset
    note: str = ""
    id: int | None = None  # None until the store has written it


@dataclass
class CaseNote:
    """Something the shopper wrote that is kept with the case, word for word: a story told
    before the form, a text no field could take, the full text behind a shortened field,
    an answer later replaced, the whole answer a field's value was read from ("spent 899 kuai"
    -> 899)."""

    text: str
    at: str  # ISO 8601 with offset
    kind: str = "unplaced"  # story | unplaced | question | long | replaced | answer
    field: str = ""  # the field it belongs to, when there is one
    id: int | None = None  # None until the store has written it


@dataclass
class Case:
    id: int
    user_id: int
    status: str = CaseStatus.DRAFT.value
    category: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    created_at: str = ""
    updated_at: str = ""
    events: list[CaseEvent] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # reminder acknowledgements and snoozes
    notes: list[CaseNote] = field(default_factory=list)

    @property
    def is_draft(self) -> bool:
        return self.status == CaseStatus.DRAFT.value


@dataclass
class EvidenceNote:
    """What the engine knows of one stored evidence item (the file itself stays in the store)."""

    id: int
    case_id: int
    label: str | None
    kind: str
    size: int
    sha256: str
    mime: str
    received_at: str
    caption: str = ""
    captured_at: str | None = None  # EXIF time with its offset, when the photo had one


@dataclass
class HandoverNote:
    """The user's open request for a human adviser."""

    id: int
    state: str  # waiting | taken
    case_id: int | None
    adviser_id: int | None
    requested_at: str
    reason: str = ""
    position: int = 0  # place in the queue of waiting requests, 1 = next; 0 once taken


@dataclass
class Desk:
    """What the engine knows of the advisers: configured at all, within hours now, the hours."""

    configured: bool = False
    open_now: bool = False
    hours: str = ""
    waiting: int = 0  # requests waiting before a new one
    lang: str = "zh"  # the advisers' language: cards and notices in their group


@dataclass
class Session:
    user_id: int
    chat_id: int
    lang: str = "zh"
    lang_chosen: bool = False  # set by /lang; the transport's language no longer overrides it
    state: str = DialogState.IDLE.value
    slot: str | None = None
    trail: list[str] = field(default_factory=list)  # slots answered, for "back"
    editing: bool = False  # filling one field from the review card
    current_case_id: int | None = None
    ask_seq: int = 0  # numbers each question with buttons, so old keyboards can be told apart
    return_state: str | None = None  # where /cancel's "no" returns to
    guess: str | None = None  # a category the classifier proposed, awaiting confirmation
    pending_event: str | None = None  # RECORDING_EVENT: the event kind waiting for its time
    pending_case: int | None = None
    pending_files: list[dict[str, Any]] = field(default_factory=list)  # sent before any case
    label_batch: list[int] = field(default_factory=list)  # items the label buttons apply to
    before_human: str | None = None  # the dialog state to return to after a hand-over
    pending_notes: list[dict[str, str]] = field(default_factory=list)  # told before any case
    pending_text: str | None = None  # review card: a typed correction waiting for its field
    screen_offer: dict[str, Any] | None = None  # what screenshots said, waiting for "use these?"


@dataclass
class Snapshot:
    session: Session
    cases: dict[int, Case] = field(default_factory=dict)
    next_case_id: int = 1  # reserved by the store inside the event's transaction
    tz: str = "Asia/Shanghai"
    evidence: list[EvidenceNote] = field(default_factory=list)
    handover: HandoverNote | None = None
    desk: Desk = field(default_factory=Desk)
    recent: list[str] = field(default_factory=list)  # the user's last messages, for the card
    banned: bool = False  # /ban by an adviser: their messages are dropped unread until /unban
    tally: dict[int, TallyNote] = field(default_factory=dict)  # by case: shop tallies (counts)

    @property
    def case(self) -> Case | None:
        cid = self.session.current_case_id
        return self.cases.get(cid) if cid is not None else None

    def clone(self) -> Snapshot:
        """A deep copy (step changes the copy; the store compares it with the original)."""
        return _copy(self)  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Snapshot:
        cases = {
            int(cid): Case(**{**c, "events": [CaseEvent(**e) for e in c.get("events", [])],
                              "notes": [CaseNote(**n) for n in c.get("notes", [])]})
            for cid, c in data.get("cases", {}).items()
        }
        return cls(session=Session(**data["session"]), cases=cases,
                   next_case_id=data.get("next_case_id", 1), tz=data.get("tz", "Asia/Shanghai"),
                   evidence=[EvidenceNote(**n) for n in data.get("evidence", [])],
                   handover=HandoverNote(**data["handover"]) if data.get("handover") else None,
                   desk=Desk(**data.get("desk", {})), recent=list(data.get("recent", [])),
                   banned=bool(data.get("banned", False)))


_SCALARS = frozenset({str, int, float, bool, type(None)})
# Frozen and holding only scalars and tuples of them: one object serves both copies.
_SHARED = frozenset({Counts, ShopRef})
_new = object.__new__
_set = object.__setattr__


def _copy(value: Any) -> Any:
    """A deep copy of the snapshot's plain values: dataclasses, lists, dicts, tuples and
    scalars (about twice as fast as a pickle round trip, three times deepcopy); anything else
    goes through deepcopy."""
    kind = type(value)
    if kind in _SCALARS or kind in _SHARED:
        return value
    plan = _PLANS.get(kind)
    if plan is not None:  # one of ours: only the fields that can hold a mutable value are visited
        fields = value.__dict__.copy()
        for name, flat in plan:
            v = fields[name]
            if type(v) is flat:
                fields[name] = v.copy()  # a list or dict of scalars, as its annotation says
            elif type(v) not in _SCALARS:
                fields[name] = _copy(v)
        twin = _new(kind)
        _set(twin, "__dict__", fields)
        return twin
    if kind is list:
        return [v if type(v) in _SCALARS else _copy(v) for v in value]
    if kind is dict:
        return {k: v if type(v) in _SCALARS else _copy(v) for k, v in value.items()}
    if kind is tuple:
        return tuple([v if type(v) in _SCALARS else _copy(v) for v in value])
    if hasattr(kind, "__dataclass_fields__") and hasattr(value, "__dict__"):
        twin = _new(kind)
        fields = value.__dict__.copy()  # scalars as they are; the rest copied in place
        for name, v in fields.items():
            if type(v) not in _SCALARS:
                fields[name] = _copy(v)
        _set(twin, "__dict__", fields)  # a frozen dataclass too
        return twin
    return deepcopy(value)


# Annotations of fields that hold scalars only, and of lists and dicts of scalars (copied flat).
_SCALAR_HINTS = frozenset({"str", "int", "float", "bool", "str | None", "int | None"})
_FLAT_HINTS: dict[str, type] = {"list[str]": list, "list[int]": list, "dict[str, str]": dict}


def _plan(kind: type) -> tuple[tuple[str, type | None], ...]:
    """The fields of `kind` a copy must visit (by their annotations): (name, list or dict when
    it holds scalars only, else None)."""
    return tuple((f.name, _FLAT_HINTS.get(str(f.type))) for f in fields_of(kind)
                 if str(f.type) not in _SCALAR_HINTS)


# The snapshot's own dataclasses (plain, with a __dict__): known without asking each time.
_PLANS = {kind: _plan(kind) for kind in (Snapshot, Session, Case, CaseEvent, CaseNote,
                                         EvidenceNote, HandoverNote, Desk, TallyNote)}
