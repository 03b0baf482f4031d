"""Architecture and data checks: the engine stays pure, texts exist in both languages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dialogs.texts import LANGS, catalogue, placeholders

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("bot", "telegram", "aiogram")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", ["dialogs", "knowledge"])
def test_engine_and_knowledge_import_no_transport(package: str) -> None:
    files = list((ROOT / package).rglob("*.py"))
    assert files
    for path in files:
        for name in imported_modules(path):
            assert name.split(".")[0] not in FORBIDDEN, f"{path.relative_to(ROOT)} imports {name}"


def test_zh_and_en_have_the_same_texts() -> None:
    zh, en = catalogue("zh"), catalogue("en")
    assert set(zh) == set(en)
    for key in zh:
        assert placeholders(zh[key]) == placeholders(en[key]), key
        assert zh[key].strip() and en[key].strip(), key


def test_every_text_key_used_in_code_exists() -> None:
    used: set[str] = set()
    pattern = re.compile(r'(?:texts\.t\((?:"[a-z]{2}"|[a-z_.]+), |\.t\((?!"[a-z]{2}")|say_key\(|'
                         r'\bt\([a-z_.]+, |\bt_zh\(ctx, )"([a-z][a-z_.0-9]*)"')
    for path in (ROOT / "dialogs").rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            used.update(g for g in match.groups() if g)
    assert len(used) > 30
    for lang in LANGS:
        missing = used - set(catalogue(lang))
        assert not missing, (lang, missing)


def test_no_user_text_is_lost_to_yaml_comments() -> None:
    # " #" starts a YAML comment: these texts lost their case number once.
    for lang in LANGS:
        for key in ("status.title", "cases.switched", "cancel.done", "filed", "progress.menu",
                    "evidence.list_title", "reminder.before"):
            assert "#{id}" in catalogue(lang)[key], (lang, key)
