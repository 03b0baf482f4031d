"""One home for each rule (issue 14 item 2): the checks that keep a second copy from growing
back. The ladder's own behaviour is in test_ladder_rules.py, the command list's in
test_telegram_menus.py."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from dialogs.specs import DIALOG_TRANSITIONS
from dialogs.states import FORM_STATES, IN_FORM, RESUMABLE
from dialogs.states import DialogState as D
from knowledge.loader import load_kb

ROOT = Path(__file__).resolve().parent.parent
KB = load_kb()


def code_files(*packages: str) -> list[Path]:
    return [p for package in packages for p in sorted((ROOT / package).rglob("*.py"))]


def test_every_category_has_an_evidence_checklist_of_known_labels() -> None:
    labels = KB.evidence_labels
    assert set(labels.checklists) == {c.slug for c in KB.categories}
    assert labels.suggest("物流截图") == "logistics" and labels.suggest("a photo") is None


def test_form_states_are_the_machine_s() -> None:
    ask_cancel = next(t for t in DIALOG_TRANSITIONS if t["trigger"] == "ask_cancel")
    assert list(ask_cancel["source"]) == list(FORM_STATES)
    assert IN_FORM == {*FORM_STATES, D.CONFIRMING_CANCEL}
    everywhere = sorted(s.value for s in D)
    for state in RESUMABLE:  # a form left for an adviser comes back from the human state
        resume = next(t for t in DIALOG_TRANSITIONS if t["trigger"] == f"resume_{state}")
        assert sorted(resume["source"]) == everywhere, state


def test_one_unicode_normaliser() -> None:
    calls = []
    for path in code_files("bot", "dialogs", "knowledge"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "normalize":
                calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert len(calls) == 1 and calls[0].startswith("knowledge/textnorm.py:"), calls


def test_no_second_copy_of_data_tables_in_code() -> None:
    """Names of the tables that moved to knowledge/data/ must not come back as code."""
    gone = re.compile(r"^(LABELS|CHECKLIST|COMMANDS|PHRASES|REPORT_CATEGORIES|POLICE_CATEGORIES|"
                      r"STATUS_CHANNELS|FIRST_CHANNEL|RESUMABLE|FORM_STATES)\s*[:=]", re.M)
    found = [f"{p.relative_to(ROOT)}: {m.group(1)}" for p in code_files("bot", "dialogs", "knowledge")
             for m in gone.finditer(p.read_text(encoding="utf-8"))
             if p.relative_to(ROOT).as_posix() != "dialogs/states.py"]
    assert found == [], found


def test_the_classifier_keeps_its_boundary_rules_as_data() -> None:
    for path in (ROOT / "knowledge").glob("classify*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "compile" and \
                    node.args and isinstance(node.args[0], ast.Constant):
                assert not re.search(r"[\u4e00-\u9fff]", str(node.args[0].value)), \
                    f"{path.name}:{node.lineno} has a Chinese regular expression"


def test_kb_check_reports_a_broken_one_home_file(tmp_path: Path) -> None:
    import shutil

    from knowledge.loader import DATA_DIR, load_unchecked

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    text = (data / "commands.yaml").read_text(encoding="utf-8")
    (data / "commands.yaml").write_text(text.replace("- name: start", "- name: Start", 1),
                                        encoding="utf-8")
    (data / "answer_words.yaml").unlink()
    _, problems = load_unchecked(data)
    assert any(p.startswith("commands.yaml:") and "Start" in p for p in problems), problems
    assert any(p.startswith("answer_words.yaml:") for p in problems), problems


def test_each_category_s_form_is_data_naming_slots_and_demands_that_exist() -> None:
    """The per-category form (dates, demands, what is needed, extra questions) lives in
    categories.yaml; what it names is a slot the form can read and a demand with its words."""
    from dialogs import forms

    dates = {name for name, slot in forms.SLOTS.items() if slot.kind == "date"}
    for category in KB.categories:
        form = category.form
        assert set(form.dates) <= dates, category.slug
        assert set(form.extra) <= set(forms.SLOTS) - dates, category.slug
        for demand in form.demands:
            for lang in ("zh", "en"):
                assert f"choice.demand.{demand}" in KB.texts.catalogue(lang), (category.slug, demand)
    fraud = forms.slots_for(KB, "fraud")
    assert fraud[:6] == ["platform", "shop", "order_no", "item", "amount", "amount_lost"]
    assert forms.is_optional(KB, "fraud", "order_no") and not forms.is_optional(KB, "quality", "order_no")
    assert forms.choices_for(KB, "late_shipping", "demand") == ("refund_only", "ship_now", "compensation", "other")


def test_the_form_tables_are_not_copied_back_into_code() -> None:
    source = (ROOT / "dialogs" / "forms.py").read_text(encoding="utf-8")
    for slug in (c.slug for c in KB.categories if c.slug != "other"):  # "other": also a demand
        assert f'"{slug}"' not in source, f"dialogs/forms.py names the category {slug}: it is data"
