"""Facts on the right platform (issue 11, item 9, must-show 5): a figure the sources give for one
platform only (3-5 working days for Taobao's 出售假货 report) appears only for that platform,
in the chat, the deadlines, the dossier's deadlines and the knowledge base's data."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store.cases import show_case
from knowledge.deadlines import load_rules
from knowledge.loader import load_kb
from tests.chat import Chat
from tests.scenario_form import fill

PLATFORM = {("zh", "tmall"): "天猫", ("zh", "taobao"): "淘宝", ("en", "tmall"): "Tmall",
            ("en", "taobao"): "Taobao"}
FAKE = {"zh": "假货", "en": "Counterfeit"}


def report_and_refusal(chat: Chat, lang: str) -> str:
    """Record that a report was filed and the seller refused; all the bot said meanwhile."""
    said = []
    for event in (("提交举报", "Report filed"), ("卖家拒绝", "Seller refused")):
        chat.click("记录进展" if lang == "zh" else "Record progress")
        chat.click(event[0] if lang == "zh" else event[1])
        said += chat.click("刚刚" if lang == "zh" else "Just now")
    return "\n".join(said)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_tmall_case_is_never_told_taobaos_report_time(db: Path, lang: str) -> None:
    chat = Chat(db, lang=lang)
    fill(chat, FAKE[lang], {"platform": PLATFORM[(lang, "tmall")]}, lang)
    said = chat.last + report_and_refusal(chat, lang)
    chat.send("/status")
    said += chat.last
    assert "3-5" not in said and "3–5" not in said
    case = show_case(chat.store, 1)
    assert case is not None and "report_fake_3_5wd" not in {d["rule"] for d in case["deadlines"]}
    chat.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_taobao_case_is_told_it(db: Path, lang: str) -> None:
    chat = Chat(db, lang=lang)
    fill(chat, FAKE[lang], {"platform": PLATFORM[(lang, "taobao")]}, lang)
    said = chat.last + report_and_refusal(chat, lang)
    assert "3-5" in said or "3–5" in said
    case = show_case(chat.store, 1)
    assert case is not None and "report_fake_3_5wd" in {d["rule"] for d in case["deadlines"]}
    chat.close()


def test_platform_scope_is_data() -> None:
    kb = load_kb()
    assert load_rules()["report_fake_3_5wd"].platforms == ("taobao",)
    report = kb.channel("platform_report")
    scoped = [s for s in report.steps if "3-5" in s.zh]
    assert scoped and all(s.platforms == ["taobao"] for s in scoped)
    assert "3-5" not in report.hours_by_platform["tmall"].zh
    fake = kb.category("counterfeit")
    assert "3-5" not in fake.next_step_by_platform["tmall"].zh
    assert "3-5" in fake.next_step_by_platform["taobao"].zh
