"""Both machines: built once from data, every destination exists, every state is reachable."""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest

from dialogs import specs
from dialogs.diagram import case_diagram, dialog_diagram
from dialogs.machines import CASE, DIALOG, InvalidTransition, _plain, can_fire, fire
from dialogs.states import CaseStatus, DialogState

MACHINES = [
    ("dialog", specs.DIALOG_STATES, specs.DIALOG_TRANSITIONS, "idle"),
    ("case", specs.CASE_STATES, specs.CASE_TRANSITIONS, "draft"),
]


def sources(t: dict[str, Any]) -> list[str]:
    return t["source"] if isinstance(t["source"], list) else [t["source"]]


@pytest.mark.parametrize(("name", "states", "transitions", "initial"), MACHINES)
def test_every_source_and_destination_exists(name: str, states: list[str],
                                             transitions: list[dict[str, Any]],
                                             initial: str) -> None:
    for t in _plain(transitions):
        assert t["dest"] in states, (name, t)
        for source in sources(t):
            assert source in states, (name, t)


@pytest.mark.parametrize(("name", "states", "transitions", "initial"), MACHINES)
def test_every_state_is_reachable(name: str, states: list[str],
                                  transitions: list[dict[str, Any]], initial: str) -> None:
    seen, queue = {initial}, deque([initial])
    plain = _plain(transitions)
    while queue:
        state = queue.popleft()
        for t in plain:
            if state in sources(t) and t["dest"] not in seen:
                seen.add(t["dest"])
                queue.append(t["dest"])
    assert seen == set(states)


def test_state_enums_match_the_specs() -> None:
    assert {s.value for s in DialogState} == set(specs.DIALOG_STATES)
    assert {s.value for s in CaseStatus} == set(specs.CASE_STATES)


@pytest.mark.parametrize(("state", "trigger", "dest"), [
    ("draft", "file", "negotiating"),
    ("draft", "abandon", "abandoned"),
    ("abandoned", "reopen_draft", "draft"),
    ("negotiating", "complain", "complaint"),
    ("complaint", "request_intervention", "intervention"),
    ("intervention", "appeal", "appeal"),
    ("appeal", "go_outside", "outside"),
    ("outside", "resolve", "resolved"),
    ("resolved", "close", "closed"),
])
def test_case_transitions(state: str, trigger: str, dest: str) -> None:
    assert fire(CASE, state, trigger) == dest


@pytest.mark.parametrize(("state", "trigger"), [
    ("draft", "appeal"), ("closed", "file"), ("abandoned", "resolve"), ("negotiating", "file"),
])
def test_case_refuses_what_it_should(state: str, trigger: str) -> None:
    assert not can_fire(CASE, state, trigger)
    with pytest.raises(InvalidTransition):
        fire(CASE, state, trigger)


def test_the_shared_machine_keeps_no_models() -> None:
    for _ in range(100):
        fire(DIALOG, "idle", "start_complaint")
    with pytest.raises(InvalidTransition):
        fire(DIALOG, "idle", "filed")
    assert DIALOG.models == [] and CASE.models == []


def test_diagrams_show_every_state() -> None:
    for diagram, states in ((dialog_diagram(), specs.DIALOG_STATES),
                            (case_diagram(), specs.CASE_STATES)):
        assert diagram.startswith("stateDiagram-v2")
        for state in states:
            assert state in diagram


@pytest.mark.parametrize("machine", [DIALOG, CASE], ids=["dialog", "case"])
def test_transitions_have_no_conditions_or_callbacks(machine: Any) -> None:
    """fire() reads the built machine's table instead of attaching a model per event; that is
    the same only while no transition is guarded or has callbacks."""
    for event in machine.events.values():
        for options in event.transitions.values():
            for t in options:
                assert not (t.conditions or t.before or t.after or t.prepare), t
    for state in machine.states.values():
        assert not (state.on_enter or state.on_exit), state.name


@pytest.mark.parametrize("machine", [DIALOG, CASE], ids=["dialog", "case"])
def test_fire_agrees_with_a_model_on_the_machine(machine: Any) -> None:
    """Every (state, trigger): the table lookup gives what firing on an attached model gives."""
    from transitions import MachineError

    class Model:
        state: str

    for trigger in machine.events:
        for state in machine.states:
            model = Model()
            machine.add_model(model, initial=state)
            try:
                getattr(model, trigger)()
                expected: str | None = model.state
            except MachineError:
                expected = None
            finally:
                machine.remove_model(model)
            if expected is None:
                with pytest.raises(InvalidTransition):
                    fire(machine, state, trigger)
            else:
                assert fire(machine, state, trigger) == expected, (state, trigger)
