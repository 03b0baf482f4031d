"""The README is documentation users run: its commands and diagrams must be true."""

from __future__ import annotations

from pathlib import Path

from bot.cli import build_parser
from dialogs.diagram import case_diagram, dialog_diagram

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    head = README[:400]
    assert "make chat" in head and "make test" in head


def test_readme_diagrams_match_the_machines() -> None:
    assert dialog_diagram() in README
    assert case_diagram() in README


def test_every_environment_variable_is_documented() -> None:
    from bot.config import Settings

    for name in Settings.model_fields:
        assert f"WEIQUAN_{name.upper()}" in README, name


def test_documented_commands_exist() -> None:
    parser = build_parser()
    for argv in (["chat", "--user", "3", "--lang", "en"], ["case", "list", "--json"],
                 ["case", "show", "1", "--json"]):
        assert parser.parse_args(argv).func is not None
