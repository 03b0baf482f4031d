"""Global intents: commands and a few exact phrases that work in every dialog state.

Which words mean which intent is data (knowledge/data/commands.yaml, read through `kb.commands`);
an intent's value is the name of its command.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from dialogs.events import Incoming
from dialogs.events import Kinds as Kind
from dialogs.states import members

if TYPE_CHECKING:
    from knowledge.commands import CommandList


class Intent(StrEnum):
    START = "start"
    HELP = "help"
    COMPLAIN = "complain"
    STATUS = "status"
    CASES = "cases"
    CANCEL = "cancel"
    LANG = "lang"
    HUMAN = "human"
    BACK = "back"
    SKIP = "skip"
    PROGRESS = "progress"
    LETTER = "letter"
    EVIDENCE = "evidence"
    EXPORT = "export"
    DONE = "done"
    FORGET = "forget"
    FORGET_CONFIRMED = "forget_yes"
    PICTURE = "picture"
    WITHDRAW = "withdraw"
    UNKNOWN_COMMAND = "unknown_command"


Intents = members(Intent)  # the same members, read quickly (dialogs/states.py members)


def detect(ev: Incoming, commands: CommandList, plained: str | None = None) -> Intent | None:
    """`plained`: textnorm.plain(ev.text), when the caller has it already."""
    if ev.kind == Kind.COMMAND and ev.command is not None:
        command = commands.named(ev.command)
        return Intent(command.name) if command is not None else Intent.UNKNOWN_COMMAND
    if ev.kind == Kind.TEXT:
        command = commands.said(ev.text, plained)
        return Intent(command.name) if command is not None else None
    return None


def language_named(ev: Incoming, commands: CommandList, plained: str | None = None) -> str | None:
    return commands.language_named(ev.text, plained) if ev.kind == Kind.TEXT else None
