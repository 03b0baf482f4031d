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
    guess_others: list[str] = field(default_factory=list)  # the categories nearest after it, offered too
    pending_event: str | None = None  # RECORDING_EVENT: the event kind waiting for its time
    pending_case: int | None = None
    pending_files: list[dict[str, Any]] = field(default_factory=list)  # sent before any case
    label_batch: list[int] = field(default_factory=list)  # items the label buttons apply to
    before_human: str | None = None  # the dialog state to return to after a hand-over
    pending_notes: list[dict[str, str]] = field(default_factory=list)  # told before any case
    pending_text: str | None = None  # review card: a typed correction waiting for its field
    screen_offer: dict[str, Any] | None = None  # what screenshots said, waiting for "use these?"
    # the buttons on screen, callback data -> label: a typed name presses one (dialogs/typed_press.py)
    shown: dict[str, str] = field(default_factory=dict)


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
    scalars; anything else goes through deepcopy. The snapshot's own classes go through
    their copiers below."""
    kind = type(value)
    if kind in _SCALARS or kind in _SHARED:
        return value
    copier = _COPIERS.get(kind)
    if copier is not None:
        return copier(value)
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


# The copiers are written from each class's field annotations when this module is imported, so
# a field added later is copied too: a scalar field is read and written as it is, a list or
# dict of scalars is copied flat, one of our classes (or a list or dict of them) goes through
# its copier, and anything else (Any, a tuple, a new kind of hint) through _copy. Each guards
# on the value's actual type and falls back to _copy, so a hint that lies costs speed, never
# a shared object (tests/test_snapshot_clone.py). They copy field by field, not through
# `__dict__`: asking an instance for its `__dict__` makes Python build one in place of the
# attribute storage it keeps inline, on the original and on the twin, and every later read of
# their attributes in the step is slower for it (a copy field by field is also about a third
# quicker than the dict's copy).
_SCALAR_HINTS = frozenset({"str", "int", "float", "bool", "str | None", "int | None"})
_FLAT = {"list[str]": "list", "list[int]": "list", "dict[str, str]": "dict"}
_OURS = (Snapshot, Session, Case, CaseEvent, CaseNote, EvidenceNote, HandoverNote, Desk,
         TallyNote)


def _field_copy(hint: str) -> str:
    """The expression copying `v`, the value of a field annotated `hint`, in a generated copier."""
    classes = {k.__name__ for k in _OURS}
    if hint in _FLAT:
        return f"v.copy() if type(v) is {_FLAT[hint]} else _copy(v)"
    inner = hint[hint.index("[") + 1:-1].split(", ")[-1] if "[" in hint else ""
    if hint.startswith("list[") and inner in classes:
        return f"[c_{inner}(x) if type(x) is {inner} else _copy(x) for x in v] if type(v) is list else _copy(v)"
    if hint.startswith("dict[") and inner in classes:
        return (f"{{k: c_{inner}(x) if type(x) is {inner} else _copy(x) for k, x in v.items()}} "
                f"if type(v) is dict else _copy(v)")
    if hint.startswith(("list[", "dict[")):  # of anything: an empty one is copied at once
        empty = "list" if hint.startswith("list[") else "dict"
        return f"v.copy() if not v and type(v) is {empty} else _copy(v)"
    shared = {k.__name__ for k in _SHARED}
    item = hint.removeprefix("tuple[").removesuffix(", ...]")
    if hint == f"tuple[{item}, ...]" and item in shared:  # frozen items: the tuple is shared
        return f"v if type(v) is tuple and all(type(x) is {item} for x in v) else _copy(v)"
    own = hint.removesuffix(" | None")
    if own in classes:
        return f"c_{own}(v) if type(v) is {own} else _copy(v)"
    if own in shared:
        return f"v if type(v) is {own} else _copy(v)"
    return "v if type(v) in _SCALARS else _copy(v)"


def _source(kind: type) -> str:
    """A copier for one of the snapshot's classes, as Python source."""
    frozen = kind.__dataclass_params__.frozen  # type: ignore[attr-defined]
    lines = [f"def c_{kind.__name__}(value):", f"    twin = _new({kind.__name__})"]
    for f in fields_of(kind):
        hint = str(f.type)
        copied = f"value.{f.name}" if hint in _SCALAR_HINTS else _field_copy(hint)
        read = "" if hint in _SCALAR_HINTS else f"v = value.{f.name}; "
        lines.append(f"    {read}_set(twin, {f.name!r}, {copied})" if frozen else
                     f"    {read}twin.{f.name} = {copied}")
    return "\n".join([*lines, "    return twin", ""])


def _copiers() -> dict[type, Any]:
    """Each of the snapshot's classes -> its generated copier (about twice as fast as walking
    the fields by their plan)."""
    scope: dict[str, Any] = {k.__name__: k for k in (*_OURS, *_SHARED)}
    scope.update(_new=_new, _set=_set, _copy=_copy, _SCALARS=_SCALARS)
    exec(compile("\n".join(_source(k) for k in _OURS), __file__, "exec"), scope)  # noqa: S102
    return {k: scope[f"c_{k.__name__}"] for k in _OURS}


_COPIERS = _copiers()
