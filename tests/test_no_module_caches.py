"""A pure step, really (issue 14 item 4): nothing under dialogs/ or knowledge/ keeps a module-level
cache. What a step knows comes in through the KnowledgeBase object it is handed (built at load,
kept in the compiled index), never from state a module filled on first use: such state is shared
by every base in the process (a test's copy of the data and the real one), is filled by whichever
step came first, and hides file reads inside a step.

Read from the source (as tests/test_no_text_in_code.py and tests/test_layout.py do), so a cache
fails here even when no test happens to call it:
- `functools.lru_cache` / `functools.cache` on a module-level function;
- a `global` statement (a module name rebound at run time);
- a module-level dict, list or set filled inside a function (`NAME[key] = …`, `NAME.update(…)`,
  `NAME.append(…)`, `NAME.setdefault(…)`, …).

What still does so is listed in ALLOWED with why and how many; the list only shrinks.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHES = {"lru_cache", "cache"}
MUTATORS = {"append", "extend", "insert", "update", "setdefault", "add", "pop", "popitem",
            "clear", "remove", "discard"}
MUTABLE = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)

# file -> (module caches still allowed, why). None holds knowledge a step reads: the step's
# copy of each is on the KnowledgeBase. What stays is computed from code alone, a library's own
# data, or the default copy for callers that have no base (the CLI, the store, adapters).
ALLOWED: dict[str, tuple[int, str]] = {
    "dialogs/actions.py": (1, "the field names of an action class: computed from the code"),
    "knowledge/deadline_rules.py": (1, "the package's rules for callers without a base (CLI, "
                                       "bot/store/cases.py); a step reads kb.rules"),
    "knowledge/evidence_labels.py": (1, "the package's labels for the evidence store (bot/), "
                                        "which has no base; a step reads kb.evidence_labels"),
    "knowledge/letter_book.py": (1, "the package's letter book for callers without a base; a "
                                    "step reads kb.letters"),
    "knowledge/lexicon.py": (3, "jieba's dictionary and pypinyin's table: library data, cached "
                                "on disk, read once per process (not yet on the base)"),
    "knowledge/loader.py": (1, "the default base itself, loaded once per process"),
    "knowledge/pinyin_text.py": (2, "pinyin syllables and a memo of them: library data (not yet "
                                    "on the base)"),
    "knowledge/shops.py": (1, "a shop's matching key for the store's tallies (bot/store/tally.py), "
                              "which has no base"),
    "knowledge/textnorm.py": (3, "OpenCC's converters and its Traditional-only characters: library data, "
                                 "not knowledge (not yet on the normaliser)"),
    "knowledge/texts.py": (2, "the package's texts for callers without a base (adapters, CLI); "
                              "a step reads kb.texts"),
}


def _decorator_name(node: ast.expr) -> str | None:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Name):
        return target.id
    return None


def module_caches(path: Path) -> list[str]:
    """`line: what` for each module-level cache in a source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    mutable_names = {t.id for node in tree.body if isinstance(node, ast.Assign | ast.AnnAssign)
                     and isinstance(node.value, MUTABLE)
                     or (isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Call)
                         and _decorator_name(node.value) in {"dict", "list", "set", "defaultdict",
                                                             "OrderedDict", "Counter"})
                     for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                     if isinstance(t, ast.Name)}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found += [f"{node.lineno}: @{_decorator_name(d)} on {node.name}"
                      for d in node.decorator_list if _decorator_name(d) in CACHES]
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        local = {a.arg for a in func.args.args + func.args.kwonlyargs}
        local |= {n.id for n in ast.walk(func) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        for node in ast.walk(func):
            if isinstance(node, ast.Global):
                found.append(f"{node.lineno}: global {', '.join(node.names)}")
            elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store | ast.Del) \
                    and isinstance(node.value, ast.Name) and node.value.id in mutable_names - local:
                found.append(f"{node.lineno}: {node.value.id}[…] filled in {getattr(func, 'name', 'lambda')}")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in MUTATORS and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id in mutable_names - local:
                found.append(f"{node.lineno}: {node.func.value.id}.{node.func.attr} in "
                             f"{getattr(func, 'name', 'lambda')}")
    return sorted(set(found), key=lambda s: int(s.split(":")[0]))


def _all_caches() -> dict[str, list[str]]:
    found = {}
    for package in ("dialogs", "knowledge"):
        for path in sorted((ROOT / package).rglob("*.py")):
            caches = module_caches(path)
            if caches:
                found[path.relative_to(ROOT).as_posix()] = caches
    return found


def test_no_module_level_cache_under_dialogs_or_knowledge() -> None:
    counts = Counter({name: len(c) for name, c in _all_caches().items()})
    over = {name: _all_caches()[name] for name, n in counts.items()
            if n > ALLOWED.get(name, (0, ""))[0]}
    assert not over, ("module-level caches under dialogs/ or knowledge/ (make them attributes of "
                      f"the KnowledgeBase, built at load, and pass it in): {over}")


def test_the_allow_list_is_no_larger_than_needed() -> None:
    found = _all_caches()
    slack = {name: (allowed, len(found.get(name, [])))
             for name, (allowed, _) in ALLOWED.items() if len(found.get(name, [])) < allowed}
    assert not slack, f"lower these allowances to the count found: {slack}"


def test_the_reader_sees_each_kind_of_cache(tmp_path: Path) -> None:
    """The test's own reader, on a module holding one of each kind (and things that are fine)."""
    source = tmp_path / "m.py"
    source.write_text(
        "import functools\nfrom functools import cache\nSEEN = {}\n_ITEMS: list[int] = []\n"
        "TABLE = {'a': 1}\n_model = None\n"
        "@functools.lru_cache(maxsize=1)\ndef a() -> int: return 1\n"
        "@cache\ndef b() -> int: return 2\n"
        "def c(k): SEEN[k] = 1\n"
        "def d(): _ITEMS.append(1)\n"
        "def e():\n    global _model\n    _model = 1\n"
        "def fine(k):\n    SEEN = {}\n    SEEN[k] = 1\n    return TABLE[k]\n"
        "class K:\n    @functools.cached_property\n    def p(self) -> int: return 1\n",
        encoding="utf-8")
    found = module_caches(source)
    assert [f.split(": ", 1)[1] for f in found] == [
        "@lru_cache on a", "@cache on b", "SEEN[…] filled in c", "_ITEMS.append in d", "global _model"]
