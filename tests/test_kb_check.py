"""`weiquan kb check`: passes on the real base; each kind of breakage gives a precise message."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main
from knowledge.check import known_rule_ids
from knowledge.loader import DATA_DIR, load_unchecked

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(data: Path, file: str, change: Edit) -> None:
    path = data / file
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def item(doc: dict[str, Any], section: str, key: str) -> dict[str, Any]:
    return next(i for i in doc[section] if key in (i.get("slug"), i.get("id"), i.get("number")))


def problems(data: Path) -> list[str]:
    return load_unchecked(data)[1]


def test_real_base_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert load_unchecked()[1] == []
    assert main(["kb", "check"]) == 0
    assert "ok: 13 categories" in capsys.readouterr().out


def test_rule_ids_come_from_the_deadline_module() -> None:
    from knowledge.deadlines import load_rules

    assert known_rule_ids() == frozenset(load_rules())


def test_missing_field(data: Path) -> None:
    edit(data, "categories.yaml", lambda d: item(d, "categories", "quality").pop("next_step"))
    assert "categories.yaml:quality.next_step: missing field" in problems(data)


def test_missing_translation_field_of_a_text(data: Path) -> None:
    edit(data, "faq_platform.yaml", lambda d: item(d, "entries", "complain_app")["answer"].pop("zh"))
    assert "faq_platform.yaml:complain_app.answer.zh: missing field" in problems(data)


def test_unknown_field(data: Path) -> None:
    edit(data, "channels.yaml", lambda d: item(d, "channels", "police").update(phone_no="110"))
    assert "channels.yaml:police.phone_no: unknown field" in problems(data)


def test_duplicate_id(data: Path) -> None:
    def duplicate(doc: dict[str, Any]) -> None:
        doc["entries"].append(dict(item(doc, "entries", "order_number")))

    edit(data, "faq_platform.yaml", duplicate)
    assert "faq_platform.yaml:order_number: duplicate id (also in faq_platform.yaml)" in problems(data)


def test_duplicate_id_across_files(data: Path) -> None:
    def duplicate(doc: dict[str, Any]) -> None:
        copy = dict(item(doc, "entries", "wrong_item"))
        copy["id"] = "order_number"
        doc["entries"].append(copy)

    edit(data, "faq_cases.yaml", duplicate)
    assert "faq_platform.yaml:order_number: duplicate id (also in faq_cases.yaml)" in problems(
        data
    ) or "faq_cases.yaml:order_number: duplicate id (also in faq_platform.yaml)" in problems(data)


@pytest.mark.parametrize(
    ("file", "section", "key", "field", "value", "message"),
    [
        ("categories.yaml", "categories", "quality", "rules", ["quality_15d", "quality_99d"],
         "categories.yaml:quality.rules: unknown deadline rule 'quality_99d'"),
        ("categories.yaml", "categories", "fraud", "channels", ["police", "interpol"],
         "categories.yaml:fraud.channels: unknown channel 'interpol'"),
        ("categories.yaml", "categories", "fraud", "faq", "no_such_entry",
         "categories.yaml:fraud.faq: unknown entry 'no_such_entry'"),
        ("faq_cases.yaml", "entries", "wrong_item", "related", ["aftersales_how", "gone_entry"],
         "faq_cases.yaml:wrong_item.related: unknown entry 'gone_entry'"),
        ("faq_cases.yaml", "entries", "wrong_item", "category", "wrong_stuff",
         "faq_cases.yaml:wrong_item.category: unknown category 'wrong_stuff'"),
        ("channels.yaml", "channels", "gov_12315", "phones", ["12315", "12345"],
         "channels.yaml:gov_12315.phones: unknown phone '12345'"),
        ("cues.yaml", "cues", "fraud", "category", "scams",
         "cues.yaml:fraud.category: unknown category 'scams'"),
    ],
)  # fmt: skip
def test_dangling_reference(
    data: Path, file: str, section: str, key: str, field: str, value: object, message: str
) -> None:
    edit(data, file, lambda d: item(d, section, key).update({field: value}))
    assert message in problems(data)


def test_ladder_with_unknown_channel(data: Path) -> None:
    edit(data, "channels.yaml", lambda d: d["ladder"]["steps"][0].update(channel="wechat"))
    assert "channels.yaml:ladder.steps: unknown channel 'wechat'" in problems(data)


def test_entry_without_source(data: Path) -> None:
    edit(data, "faq_cases.yaml", lambda d: item(d, "entries", "quality_how").update(sources=[]))
    assert "faq_cases.yaml:quality_how.sources: entry without a source" in problems(data)


def test_source_that_is_neither_seed_nor_law(data: Path) -> None:
    edit(data, "laws.yaml", lambda d: item(d, "laws", "cpl_55").update(sources=["网上看到的"]))
    assert "laws.yaml:cpl_55.sources: not a seed section or law article: '网上看到的'" in problems(data)


def test_source_naming_an_unknown_seed(data: Path) -> None:
    edit(data, "tone.yaml", lambda d: item(d, "tone", "calm").update(
        sources=["004_0123456789abcdef.txt §某节"]))
    assert any(p.startswith("tone.yaml:calm.sources: not a seed") for p in problems(data))


def test_phone_number_not_on_the_official_list(data: Path) -> None:
    def add_number(doc: dict[str, Any]) -> None:
        item(doc, "entries", "hotline_9510211")["answer"]["zh"] += "也可以打 400-123-4567。"

    edit(data, "faq_platform.yaml", add_number)
    assert "faq_platform.yaml:hotline_9510211: phone number 400-123-4567 is not on the official list" in problems(data)


def test_scam_number_only_where_it_is_warned_about(data: Path) -> None:
    def add_number(doc: dict[str, Any]) -> None:
        item(doc, "entries", "official_numbers")["answer"]["zh"] += "杭州客服：0571-2828-2058。"

    edit(data, "faq_evidence.yaml", add_number)
    assert ("faq_evidence.yaml:official_numbers: phone number 0571-2828-2058 is a known scam number, "
            "not official") in problems(data)
    assert not any(p.startswith("faq_evidence.yaml:scam_number_0571") for p in problems(data))


def test_invalid_regular_expression(data: Path) -> None:
    edit(data, "cues.yaml", lambda d: item(d, "cues", "fraud")["patterns"][0].update(re="被(骗"))
    assert any(p.startswith("cues.yaml:fraud.patterns.0: not a valid regular expression")
               for p in problems(data))


def test_cue_without_patterns_or_examples(data: Path) -> None:
    def empty(doc: dict[str, Any]) -> None:
        cue = item(doc, "cues", "fraud")
        cue["patterns"] = []
        cue.pop("examples", None)

    edit(data, "cues.yaml", empty)
    assert any(p.startswith("cues.yaml:fraud") and "a cue needs patterns or examples" in p
               for p in problems(data)), problems(data)


def test_broken_yaml(data: Path) -> None:
    (data / "tone.yaml").write_text("tone: [unclosed\n", encoding="utf-8")
    assert any(p.startswith("tone.yaml: not valid YAML") for p in problems(data))


def test_every_problem_is_listed_not_only_the_first(data: Path) -> None:
    edit(data, "faq_cases.yaml", lambda d: item(d, "entries", "quality_how").update(sources=[]))
    edit(data, "categories.yaml", lambda d: item(d, "categories", "quality").pop("next_step"))
    found = problems(data)
    assert "faq_cases.yaml:quality_how.sources: entry without a source" in found
    assert "categories.yaml:quality.next_step: missing field" in found


def test_cli_exits_1_listing_problems(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(data, "faq_cases.yaml", lambda d: item(d, "entries", "quality_how").update(sources=[]))
    assert main(["kb", "check", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "faq_cases.yaml:quality_how.sources: entry without a source" in err


def test_broken_deadline_rules_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    import knowledge.deadlines

    def broken() -> dict[str, object]:
        raise ValueError("rules.yaml: bad")

    monkeypatch.setattr(knowledge.deadlines, "load_rules", broken)
    found = load_unchecked()[1]
    assert any(p.startswith("deadline_rules.yaml: deadline rules cannot be loaded") for p in found)


def test_facts_rule_ids_are_used_only_while_the_deadline_module_is_absent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    import knowledge
    from knowledge.check import FALLBACK_RULE_IDS

    monkeypatch.delattr(knowledge, "deadlines", raising=False)
    monkeypatch.setitem(sys.modules, "knowledge.deadlines", None)
    assert known_rule_ids() == FALLBACK_RULE_IDS


@pytest.mark.parametrize(("file", "key", "value", "says"), [
    ("date_words.yaml", "form", {"weekday": "(上|这"}, "date_words.yaml"),
    ("form_words.yaml", "amount_unit", "(元|块", "form_words.yaml"),
    ("form_words.yaml", "platform_names", None, "form_words.yaml"),
])
def test_a_broken_reading_pattern_is_reported(data: Path, file: str, key: str, value: Any,
                                              says: str) -> None:
    """The words the form's readers type-check with (dates, amounts, platforms) are data:
    a broken pattern or a missing list fails `kb check`, naming its file."""
    def change(doc: dict[str, Any]) -> None:
        if isinstance(value, dict):
            doc[key].update(value)
        elif value is None:
            doc.pop(key)
        else:
            doc[key] = value

    edit(data, file, change)
    assert any(p.startswith(f"{says}:") for p in problems(data)), problems(data)


def test_a_deadline_rule_names_only_categories_of_categories_yaml(
        data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The categories' names have one home (categories.yaml): a rule naming one that is not
    there, or a category renamed there, fails `kb check`."""
    import knowledge.deadlines

    real = knowledge.deadlines.load_rules()
    changed = {**real, "quality_15d": real["quality_15d"].model_copy(
        update={"categories": ("quality", "bad_quality")})}
    monkeypatch.setattr(knowledge.deadlines, "load_rules", lambda: changed)
    assert "deadline_rules.yaml:quality_15d.categories: unknown category 'bad_quality'" in problems(data)
    monkeypatch.setattr(knowledge.deadlines, "load_rules", lambda: real)
    edit(data, "categories.yaml", lambda d: item(d, "categories", "quality").update(slug="poor_quality"))
    assert any(p.startswith("deadline_rules.yaml:") and "unknown category 'quality'" in p
               for p in problems(data)), problems(data)
