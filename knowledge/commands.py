"""The command list (knowledge/data/commands.yaml): the one home of every command, its audience,
its menu and /help wording in zh and en, and the words that mean it.

The Telegram menus, /help, the shopper's intent parser and the advisers' desk all read it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import ConfigDict, Field, PrivateAttr, model_validator

from knowledge.quick_model import QuickModel
from knowledge.textnorm import plain

FILE = "commands.yaml"
Audience = Literal["shopper", "advisers"]
SHOPPER: Audience = "shopper"
ADVISERS: Audience = "advisers"
_NAME = r"^[a-z0-9_]{1,32}$"


class _Model(QuickModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Model):
    """A short text in both languages (Telegram allows 256 characters in a menu line)."""

    zh: str = Field(min_length=1, max_length=256)
    en: str = Field(min_length=1, max_length=256)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class NoAdviser(_Model):
    menu: Words | None = None
    help: Words | None = None


class Command(_Model):
    name: str = Field(pattern=_NAME)
    audience: Audience
    menu: Words
    help: Words | None = None
    say: dict[Literal["zh", "en"], str] = {}
    aliases: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    advisers_only: bool = False
    no_adviser: NoAdviser | None = None

    def description(self, lang: str, advisers: bool = True) -> str:
        """The menu line in `lang`, worded for a service with or without advisers."""
        own = None if advisers or self.no_adviser is None else self.no_adviser.menu
        return (own or self.menu).get(lang)

    def help_line(self, lang: str, advisers: bool = True) -> str:
        """What /help says after "/name —"."""
        own = None if advisers or self.no_adviser is None else self.no_adviser.help
        return (own or self.help or self.menu).get(lang)


class CommandList(_Model):
    commands: tuple[Command, ...]
    language_names: dict[str, Literal["zh", "en"]] = {}
    _said: dict[str, Command] = PrivateAttr(default_factory=dict)
    _languages: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _unique(self) -> CommandList:
        seen: set[str] = set()
        for command in self.commands:
            for name in (command.name, *command.aliases):
                if name in seen:
                    raise ValueError(f"command /{name} is listed twice")
                seen.add(name)
        words: dict[str, str] = {}
        for command in self.commands:
            if command.phrases and command.audience != SHOPPER:
                raise ValueError(f"/{command.name}: only shopper commands have phrases")
            for phrase in command.phrases:
                key = plain(phrase)
                if words.setdefault(key, command.name) != command.name:
                    raise ValueError(f"phrase {phrase!r} means both /{words[key]} and /{command.name}")
                self._said[key] = command
        self._languages.update({plain(k): v for k, v in self.language_names.items()})
        return self

    def of(self, audience: Audience, advisers: bool = True) -> tuple[Command, ...]:
        """The commands for `audience` in menu order (without the ones that need advisers, when
        the service has none)."""
        return tuple(c for c in self.commands
                     if c.audience == audience and (advisers or not c.advisers_only))

    def names(self, audience: Audience) -> frozenset[str]:
        """Every name, aliases included, that `audience` may type."""
        return frozenset(n for c in self.commands if c.audience == audience
                         for n in (c.name, *c.aliases))

    def named(self, name: str, audience: Audience = SHOPPER) -> Command | None:
        """The command `/name` (or one of its aliases) stands for."""
        for command in self.commands:
            if command.audience == audience and name in (command.name, *command.aliases):
                return command
        return None

    def said(self, text: str, plained: str | None = None) -> Command | None:
        """The shopper command a whole message means (a phrase of the list, "help!"), if any.
        `plained`: textnorm.plain(text), when the caller has it already."""
        return self._said.get(plain(text) if plained is None else plained)

    def language_named(self, text: str, plained: str | None = None) -> str | None:
        """The language a whole message names ("English", or Chinese in Chinese), if any."""
        return self._languages.get(plain(text) if plained is None else plained)

    def menu(self, audience: Audience, lang: str, advisers: bool = True) -> list[tuple[str, str]]:
        """(command, description) pairs for Telegram's setMyCommands."""
        return [(c.name, c.description(lang, advisers)) for c in self.of(audience, advisers)]


def load(data: Path) -> CommandList:
    """The command list of a data folder. Raises ValueError (pydantic's) on a broken entry."""
    doc = yaml.safe_load((data / FILE).read_text(encoding="utf-8"))
    return CommandList.model_validate(doc)
