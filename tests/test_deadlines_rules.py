"""knowledge/data/deadline_rules.yaml matches FACTS.md §7.3, and the loader's errors are precise."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.deadline_rules import DEFAULT_PATH, RuleFileError, load_rules
from tests.test_deadlines import FACTS_RULE_IDS

# FACTS.md §7.3, copied into the repository (FACTS.md itself lives outside it).
FACTS_TABLE_MD = Path(__file__).parent / "data" / "facts_7_3.md"

# id: (start event, length, lower bound, method, result) — FACTS.md §7.3, column by column.
FACTS_TABLE: dict[str, tuple[str, int | None, int | None, str, str]] = {
    "success_15d": ("transaction_success", 15, None, "days", "buyer_deadline"),
    "closed_15d": ("transaction_closed", 15, None, "days", "buyer_deadline"),
    "created_15d": ("order_created", 15, None, "days", "buyer_deadline"),
    "late_ship_72h": ("paid", 72, None, "hours", "opens_at"),
    "ship_24h": ("paid", 24, None, "hours", "seller_deadline"),
    "seller_reply_72h": ("refund_requested", 72, None, "hours", "seller_deadline"),
    "intervention_2wd": ("seller_refused", 2, None, "working_days", "platform_sla"),
    "rights_center_9d": ("refund_requested", 9, None, "days", "opens_at"),
    "complaint_5d": ("complaint_filed", 5, None, "days", "platform_sla"),
    "human_agent_3d": ("complaint_filed", 3, 1, "days", "platform_sla"),
    "aftersales_review_24h": ("aftersales_requested", 24, None, "hours", "platform_sla"),
    "report_fake_3_5wd": ("report_filed", 5, 3, "working_days", "platform_sla"),
    "report_banned_1wd": ("report_filed", 1, None, "working_days", "platform_sla"),
    "insurer_72h": ("return_received_by_seller", 72, None, "hours", "platform_sla"),
    "logistics_open_7d": ("order_created", 7, None, "days", "opens_at"),
    "logistics_limit_1y": ("order_created", 1, None, "years", "buyer_deadline"),
    "no_reason_7d": ("received", 7, None, "calendar_days", "buyer_deadline"),
    "quality_15d": ("received", 15, None, "calendar_days", "buyer_deadline"),
    "repair_30d": ("received", 30, None, "calendar_days", "buyer_deadline"),
    "hotline_12315_open": ("now", None, None, "next_open", "next_open"),
}
# ⚠ in FACTS §7.3 / §16 -> "warning"; 【约定】 -> "convention"; 〔种子外〕 -> "outside_seeds".
FLAGGED = {
    "ship_24h": {"warning", "convention"},
    "seller_reply_72h": {"convention"},
    "aftersales_review_24h": {"warning"},
    "logistics_open_7d": {"warning"},
    "no_reason_7d": {"outside_seeds", "convention"},
    "quality_15d": {"convention"},
    "repair_30d": {"convention"},
    "hotline_12315_open": {"warning", "convention"},
}


def test_ids_are_exactly_those_of_facts() -> None:
    assert set(load_rules()) == FACTS_RULE_IDS == set(FACTS_TABLE)


def test_ids_match_the_facts_table_itself() -> None:
    section = FACTS_TABLE_MD.read_text(encoding="utf-8").split("### 7.3", 1)[1]
    assert set(re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.M)) == FACTS_RULE_IDS


@pytest.mark.parametrize("rule_id", sorted(FACTS_TABLE))
def test_rule_fields_match_facts(rule_id: str) -> None:
    rule = load_rules()[rule_id]
    assert (
        rule.start_event,
        rule.length,
        rule.min_length,
        rule.method,
        rule.result,
    ) == FACTS_TABLE[rule_id]
    assert set(rule.flags) == FLAGGED.get(rule_id, set())
    assert rule.is_estimate == (rule_id in FLAGGED)
    assert rule.amount_edits == (rule_id == "seller_reply_72h")
    assert rule.sources and all(
        re.match(r"^(00[0-3]_[0-9a-f]{16}\.txt §|《)", s) for s in rule.sources
    )
    assert rule.name.zh and rule.name.en and rule.notes.zh and rule.notes.en


def test_hotline_hours_and_holiday_decision_are_data() -> None:
    rule = load_rules()["hotline_12315_open"]
    assert rule.open_weekdays == (1, 2, 3, 4, 5)
    assert [(o.isoformat("minutes"), c.isoformat("minutes")) for o, c in rule.open_hours] == [
        ("08:30", "12:00"),
        ("14:00", "17:30"),
    ]
    assert "节假日" in rule.notes.zh and "holiday" in rule.notes.en
    assert rule.channels == ("gov_12315",)


def test_default_rules_are_cached_but_callers_get_their_own_dict() -> None:
    first = load_rules()
    first.pop("success_15d")
    second = load_rules()
    assert "success_15d" in second
    assert second["ship_24h"] is load_rules()["ship_24h"]
    assert load_rules(DEFAULT_PATH) == second


GOOD = """
  - id: good_rule
    name: {zh: 好, en: good}
    start_event: paid
    length: 3
    method: days
    result: opens_at
    audience: buyer
    categories: [quality]
    action: {zh: 办理, en: act}
    notes: {zh: 说明, en: note}
    sources: [x.txt §y]
"""


@pytest.mark.parametrize(
    ("entry", "where"),
    [
        (GOOD.replace("method: days", "method: fortnights"), "good_rule:method"),
        (GOOD.replace("start_event: paid", "start_event: payed"), "good_rule:start_event"),
        (GOOD.replace("length: 3", "length: 0"), "good_rule:length"),
        (GOOD.replace("categories: [quality]", "categories: [qualty]"), "good_rule:categories.0"),
        (GOOD.replace("    sources: [x.txt §y]\n", ""), "good_rule:sources"),
        (GOOD.replace("    length: 3\n", ""), "good_rule:(rule)"),
        (GOOD.replace("  - id: good_rule\n    name", "  - name"), "#0:id"),
        (GOOD + "    colour: red\n", "good_rule:colour"),
        (GOOD + "    min_length: 5\n", "good_rule:(rule)"),
        (GOOD + GOOD, "good_rule:id: duplicate"),
        (GOOD.replace("    action: {zh: 办理, en: act}\n", ""), "good_rule:action"),
        (GOOD + "    flags: [warning]\n", "good_rule:(rule)"),  # a doubt must be said
        (GOOD + "    doubt: {zh: 疑, en: doubt}\n", "good_rule:(rule)"),
    ],
)
def test_bad_entry_names_file_rule_and_field(tmp_path: Path, entry: str, where: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n" + entry, encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_rules(path)
    assert f"{path}:{where}" in str(caught.value)
    assert all(p.startswith(f"{path}:") for p in caught.value.problems)


def test_good_file_and_broken_yaml(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n" + GOOD, encoding="utf-8")
    assert list(load_rules(path)) == ["good_rule"]
    path.write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=re.escape(str(path))):
        load_rules(path)
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="rules"):
        load_rules(path)


def test_knowledge_never_imports_the_transport() -> None:
    code = (
        "import sys, knowledge.deadlines, knowledge.workdays, knowledge.deadline_rules; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'bot', 'telegram', 'aiogram'}); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_rule_says_what_its_date_means() -> None:
    """Opens, closes or the other side's: as data, with a verb of its own; doubt as data too."""
    kinds = {r.id: r.kind for r in load_rules().values()}
    assert kinds["rights_center_9d"] == kinds["late_ship_72h"] == "opens"
    assert kinds["success_15d"] == kinds["no_reason_7d"] == "closes"
    assert kinds["ship_24h"] == kinds["seller_reply_72h"] == kinds["complaint_5d"] == "other_side"
    assert "发货" in load_rules()["ship_24h"].action.zh
    assert "ship" in load_rules()["ship_24h"].action.en
    doubtful = {r.id for r in load_rules().values() if r.doubt is not None}
    assert doubtful == {r.id for r in load_rules().values() if "warning" in r.flags}
    assert "经验文" in load_rules()["ship_24h"].doubt.zh  # type: ignore[union-attr]
