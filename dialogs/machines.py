"""The dialog and case machines, built once from specs; an event is looked up in the built
machine's own transition table, without attaching a model to it."""

from __future__ import annotations

from enum import Enum
from typing import Any

from transitions import Machine

from dialogs import specs


class InvalidTransition(Exception):
    """A trigger that the machine does not allow from the current state."""


def _plain(value: Any) -> Any:
    # transitions looks Enum states up by *name*; our specs use StrEnum values, so flatten them.
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _build(states: list[str], transitions: list[dict[str, Any]], initial: str) -> Machine:
    return Machine(model=None, states=states, transitions=_plain(transitions), initial=initial,
                   auto_transitions=False, ignore_invalid_triggers=False)


DIALOG = _build(specs.DIALOG_STATES, specs.DIALOG_TRANSITIONS, "idle")
CASE = _build(specs.CASE_STATES, specs.CASE_TRANSITIONS, "draft")


def fire(machine: Machine, state: str, trigger: str) -> str:
    """The state `trigger` leads to from `state` on the shared machine.

    The machine's transitions carry no conditions or callbacks (a test holds that), so the
    first transition the machine lists for (trigger, state) is the one it would take: reading
    it is what attaching a throwaway model, firing and removing it did, without the model."""
    event = machine.events.get(trigger)
    if event is None:
        raise InvalidTransition(f"unknown trigger {trigger!r}")
    options = event.transitions.get(str(state))
    if not options:
        raise InvalidTransition(f"{trigger!r} is not allowed from {state!r}")
    dest = options[0].dest
    return str(state) if dest is None else str(dest)


def can_fire(machine: Machine, state: str, trigger: str) -> bool:
    event = machine.events.get(trigger)
    return event is not None and str(state) in event.transitions
