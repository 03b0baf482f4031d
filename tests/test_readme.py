"""The README is documentation users run: its commands and diagrams must be true."""

from __future__ import annotations

import ast
import fnmatch
import importlib
import re
from pathlib import Path

import pytest

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


# ---- the module map and the walk of one update (README "Architecture") --------------------------
# Flat and table-driven: each name the map or the walk gives is one test case, so a module
# renamed or moved without the README fails here by its own name.

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = README[README.index("## Architecture"):README.index("## Dialog machine")]
MAP_BLOCK = ARCHITECTURE.split("### Module map", 1)[1].split("```", 2)[1]
CODE_FLOORS = ("bot", "dialogs", "knowledge", "tests")


def map_entries() -> list[str]:
    """Every path the map names, from its indentation (two spaces a level): a line is one or
    more names (a folder ends in /, a file may be a glob), two spaces, then what lives there."""
    entries: list[str] = []
    folders: list[str] = []
    for line in MAP_BLOCK.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        assert indent % 2 == 0 and indent // 2 <= len(folders), f"map indentation: {line!r}"
        del folders[indent // 2:]
        names = re.split(r" {2,}", line.strip())[0].split()
        assert all("." in n or n.endswith("/") for n in names), \
            f"map line without two spaces between its names and what they hold: {line!r}"
        entries += ["".join(folders) + name for name in names]
        if len(names) == 1 and names[0].endswith("/"):
            folders.append(names[0])
    return entries


MAP = map_entries()


def packages() -> list[str]:
    """Every package folder of the code floors, as the map writes it (`bot/store/`)."""
    found = []
    for floor in CODE_FLOORS:
        for init in sorted((ROOT / floor).rglob("__init__.py")):
            if ".venv" not in init.parts and "__pycache__" not in init.parts:
                found.append(init.parent.relative_to(ROOT).as_posix() + "/")
    return found


def walk_names() -> list[str]:
    """`module:attribute` names of the Architecture section (the walk of one update)."""
    return sorted(set(re.findall(r"`([a-z_][a-z0-9_.]*:[A-Za-z_][A-Za-z0-9_.]*)`",
                                 ARCHITECTURE)))


def file_paths() -> list[str]:
    """Repository paths the Architecture section's prose names in backticks."""
    floors = "|".join(CODE_FLOORS)
    pattern = rf"`((?:{floors})/[A-Za-z0-9_./*-]*)`"
    return sorted(set(re.findall(pattern, ARCHITECTURE)))


def test_the_map_and_the_walk_were_read() -> None:
    assert len(MAP) > 150 and len(packages()) > 12 and len(modules()) > 150 and len(walk_names()) > 30


@pytest.mark.parametrize("path", MAP)
def test_every_name_in_the_module_map_exists(path: str) -> None:
    if path.endswith("/"):
        assert (ROOT / path).is_dir(), f"the README's module map names {path}: no such folder"
    else:
        assert any(ROOT.glob(path)), f"the README's module map names {path}: no such file"


@pytest.mark.parametrize("package", packages())
def test_every_package_is_in_the_module_map(package: str) -> None:
    assert package in MAP, f"{package} is missing from the README's module map"


def modules() -> list[str]:
    """Every module on disk under bot/, dialogs/ and knowledge/ (a package's __init__.py is its
    folder's line in the map)."""
    return sorted(path.relative_to(ROOT).as_posix()
                  for floor in ("bot", "dialogs", "knowledge") for path in (ROOT / floor).rglob("*.py")
                  if path.name != "__init__.py" and "__pycache__" not in path.parts)


@pytest.mark.parametrize("module", modules())
def test_every_module_is_in_the_module_map(module: str) -> None:
    """A module added, moved or renamed without its line in the map fails here by its name."""
    assert any(fnmatch.fnmatchcase(module, entry) for entry in MAP if not entry.endswith("/")), \
        f"{module} is missing from the README's module map"


@pytest.mark.parametrize("package", packages())
def test_every_package_says_what_lives_there(package: str) -> None:
    init = ROOT / package / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert doc and len(doc) > 40, f"{package}__init__.py has no docstring saying what lives there"


@pytest.mark.parametrize("name", walk_names())
def test_every_function_the_walk_names_exists(name: str) -> None:
    module, _, attribute = name.partition(":")
    found: object = importlib.import_module(module)
    for part in attribute.split("."):
        assert hasattr(found, part), f"the README names {name}: {module} has no {attribute}"
        found = getattr(found, part)


@pytest.mark.parametrize("path", file_paths())
def test_every_path_the_architecture_names_exists(path: str) -> None:
    assert any(ROOT.glob(path.rstrip("/"))), f"the README's Architecture names {path}"


def short_names() -> list[str]:
    """`Class.method`, `store.method`, `rows.method` and dotted `dialogs.flows.intake` names of
    the Architecture section (the walk's steps between its module:function names)."""
    found = re.findall(r"`((?:[A-Z][A-Za-z]+|store|rows)\.[a-z_]+)(?:\(\))?`", ARCHITECTURE)
    found += re.findall(r"`((?:bot|dialogs|knowledge)\.[a-z_.]+)`", ARCHITECTURE)
    return sorted(set(found))


def owner_of(head: str) -> object:
    """What a short name's first part stands for in the walk."""
    if head == "store":
        return importlib.import_module("bot.store.contract").Store
    if head == "rows":
        return importlib.import_module("bot.store.contract").OutboxStates
    for name in walk_names():
        module = importlib.import_module(name.partition(":")[0])
        if hasattr(module, head):
            return getattr(module, head)
    raise AssertionError(f"the README names {head}, defined in none of the walk's modules")


@pytest.mark.parametrize("name", short_names())
def test_every_short_name_the_walk_gives_exists(name: str) -> None:
    head, _, rest = name.partition(".")
    if head in CODE_FLOORS:  # a dotted module, or a module's attribute
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                found: object = importlib.import_module(".".join(parts[:cut]))
            except ModuleNotFoundError:
                continue
            for part in parts[cut:]:
                assert hasattr(found, part), f"the README names {name}: no {part}"
                found = getattr(found, part)
            return
    assert hasattr(owner_of(head), rest), f"the README names {name}: {head} has no {rest}"
