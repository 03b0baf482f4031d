"""Mermaid diagrams of both machines, generated from the same specs the machines are built from."""

from __future__ import annotations

import sys
from typing import Any

from dialogs import specs
from dialogs.machines import _plain


def mermaid(states: list[str], transitions: list[dict[str, Any]], initial: str) -> str:
    lines = ["stateDiagram-v2", f"    [*] --> {initial}"]
    wildcard = set(states)
    for t in _plain(transitions):
        sources = t["source"] if isinstance(t["source"], list) else [t["source"]]
        if set(sources) == wildcard:
            sources = ["*any*"]
        for source in sources:
            name = "any" if source == "*any*" else source
            lines.append(f"    {name} --> {t['dest']}: {t['trigger']}")
    return "\n".join(lines) + "\n"


def dialog_diagram() -> str:
    return mermaid(specs.DIALOG_STATES, specs.DIALOG_TRANSITIONS, "idle")


def case_diagram() -> str:
    return mermaid(specs.CASE_STATES, specs.CASE_TRANSITIONS, "draft")


if __name__ == "__main__":
    sys.stdout.write("## Dialog machine\n\n```mermaid\n" + dialog_diagram() + "```\n\n")
    sys.stdout.write("## Case machine\n\n```mermaid\n" + case_diagram() + "```\n")
