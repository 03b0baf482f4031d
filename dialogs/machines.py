"""The dialog and case machines, built once from specs; a throwaway model is attached per event."""

from __future__ import annotations

from enum import Enum
from typing import Any

from transitions import Machine, MachineError

from dialogs import specs


class InvalidTransition(Exception):
    """A trigger that the machine does not allow from the current state."""


class _Token:
    """The per-event model: it only carries the state while one trigger fires."""

    state: str


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
    """Run `trigger` from `state` on the shared machine and return the new state."""
    token = _Token()
    machine.add_model(token, initial=str(state))
    try:
        if trigger not in machine.events:
            raise InvalidTransition(f"unknown trigger {trigger!r}")
        getattr(token, trigger)()
        return token.state
    except MachineError as exc:
        raise InvalidTransition(f"{trigger!r} is not allowed from {state!r}") from exc
    finally:
        machine.remove_model(token)


def can_fire(machine: Machine, state: str, trigger: str) -> bool:
    event = machine.events.get(trigger)
    return event is not None and str(state) in event.transitions
