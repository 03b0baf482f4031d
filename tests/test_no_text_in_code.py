"""Every user-facing string lives in the text and data files (issue 14 item 2): a string literal
with Chinese characters in code under bot/, dialogs/ or knowledge/ fails this test, docstrings
included (they are in English; a Chinese example belongs in a comment or in the data).

Strings of punctuation only (。，「」（）…) are not text: they are tables for cutting or
normalising, and pass. What is allowed besides is listed in ALLOWED, with why and how many
strings; the readers of typed text get their words and patterns from knowledge/data/ through
the knowledge base (date_words, form_words, numerals, dialect, slots, phone_words,
search_words, ocr_labels). A new Chinese string anywhere fails.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # ideographs, not punctuation

# file -> (most strings with Chinese characters allowed, why)
ALLOWED: dict[str, tuple[int, str]] = {
    # The grammar of the data files themselves, as the schema's patterns are: `kb check` holds
    # every `sources:` entry to it before any base exists to carry it.
    "knowledge/check.py": (1, "the shape of a source reference (《…》第 N 条, 〔种子外〕)"),
}


def chinese_strings(path: Path) -> list[int]:
    """Line numbers of the string literals (docstrings included) with Chinese characters."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and CHINESE.search(node.value)]


def test_no_chinese_string_in_code_outside_the_text_and_data_files() -> None:
    found: Counter[str] = Counter()
    where: dict[str, list[int]] = {}
    for package in ("bot", "dialogs", "knowledge"):
        for path in sorted((ROOT / package).rglob("*.py")):
            lines = chinese_strings(path)
            if lines:
                name = path.relative_to(ROOT).as_posix()
                found[name], where[name] = len(lines), lines
    over = {name: (n, where[name]) for name, n in found.items()
            if n > ALLOWED.get(name, (0, ""))[0]}
    assert not over, f"Chinese strings in code (move them to dialogs/texts or knowledge/data): {over}"


def test_the_allow_list_is_no_larger_than_needed() -> None:
    """When strings move out, the allowance shrinks with them (so it cannot be spent again)."""
    slack = {}
    for name, (allowed, _) in ALLOWED.items():
        actual = len(chinese_strings(ROOT / name)) if (ROOT / name).exists() else 0
        if actual < allowed:
            slack[name] = (allowed, actual)
    assert not slack, f"lower these allowances to the count found: {slack}"
