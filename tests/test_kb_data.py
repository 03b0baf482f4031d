"""The base holds the facts of FACTS.md, with sources, and nothing it should not."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from knowledge.loader import DATA_DIR, load_kb

FACTS_CHANNELS = [
    "seller", "platform_aftersales", "platform_complaint", "platform_report",
    "platform_intervention", "platform_appeal", "gov_12315", "consumer_association", "police",
    "media", "court",
]
LADDER = [
    "seller", "platform_aftersales", "platform_complaint", "platform_intervention",
    "platform_appeal", "gov_12315", "consumer_association", "court",
]


def all_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DATA_DIR.glob("*.yaml"))
                     if p.name != "deadline_rules.yaml")


def test_channels_and_ladder_as_facts() -> None:
    kb = load_kb()
    assert [c.id for c in kb.channels] == FACTS_CHANNELS
    assert kb.ladder == LADDER
    assert kb.ladder_data.side_channels == ["police", "media"]
    assert kb.channel("gov_12315").phones == ["12315"]
    assert "8:30-12:00" in kb.channel("gov_12315").hours.zh


def test_every_deadline_rule_is_used_somewhere() -> None:
    from knowledge.check import known_rule_ids

    kb = load_kb()
    used = {r for c in kb.categories for r in c.rules} | {r for e in kb.entries for r in e.rules}
    used |= {r for g in kb.guarantees for r in g.rules}
    assert known_rule_ids() - used == set()


def test_official_phone_list_is_exactly_facts_9() -> None:
    kb = load_kb()
    assert {p.number for p in kb.phones if p.kind in ("platform", "government")} == {"9510211", "12315"}
    scam = [p for p in kb.phones if p.kind == "scam"]
    assert [p.number for p in scam] == ["0571-2828-2058"] and not scam[0].official


def test_key_figures_of_facts_are_in_the_base() -> None:
    text = all_text()
    figures = [
        "9510211", "12315", "3-5 个工作日", "1 个工作日", "72 小时", "2 个工作日", "9 天", "5 天",
        "1-3 天", "15 天", "48 小时", "24 小时", "6 分", "5%", "1.3", "49.4", "500 元", "1000 元",
        "10 倍", "3 倍", "7 个工作日", "8:30-12:00", "14:00-17:30", "8 个条件", "110",
        "第 55 条", "第 25 条", "第 24 条", "第 39 条", "第 44 条", "第 46 条", "第 148 条", "第 10 条",
        "第 201~203 条", "1 年",
    ]
    missing = [f for f in figures if f not in text]
    assert missing == []


def test_doc_site_hours_are_never_given_as_tmall_hours() -> None:
    """FACTS §16 #3: an entry naming 9:00-18:30 says it is not Tmall's (a gap, or the answer to
    "is it Tmall's?": no), in both languages."""
    kb = load_kb()
    named = [e for e in kb.entries if "9:00-18:30" in e.answer.zh]
    assert named
    for entry in named:
        assert "不是天猫" in entry.answer.zh and "not Tmall" in (entry.answer.en or ""), entry.id


def test_no_arbitration_button_or_association_verdict_claimed() -> None:
    kb = load_kb()
    for entry in kb.entries:
        if "仲裁" in entry.answer.zh and "按钮" in entry.answer.zh:
            assert "没有印证" in entry.answer.zh or "不是平台上的按钮" in entry.answer.zh


def test_every_entry_has_english_and_a_source() -> None:
    kb = load_kb()
    for entry in kb.entries:
        assert entry.answer.en and entry.title.en and entry.sources, entry.id
        assert entry.questions_en, entry.id
    for category in kb.categories:
        for text in [category.name, category.description, category.next_step,
                     *category.evidence_required, *category.evidence_suggested]:
            assert text.en, category.slug


def test_text_get_falls_back_to_chinese() -> None:
    from knowledge.schema import Text

    assert Text(zh="中文").get("en") == "中文"
    assert Text(zh="中文", en="English").get("en") == "English"
    assert Text(zh="中文", en="English").get("fr") == "中文"


def test_knowledge_never_imports_bot_or_telegram() -> None:
    forbidden = re.compile(r"^(bot|telegram|aiogram)(\.|$)")
    for path in (Path(__file__).parent.parent / "knowledge").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(forbidden.match(n) for n in names), f"{path.name} imports {names}"
