"""Letters state only what the case records (issue 11, item 10, must-show 5): no letter says the
platform (or the seller) was already tried unless the case's timeline records it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store.cases import show_case
from knowledge.letters import channels, render_letter
from knowledge.loader import load_kb
from tests.chat import Chat
from tests.scenario_form import fill

CLAIMS = ("平台渠道", "通过平台", "平台处理", "未能解决", "仍未解决", "向平台投诉", "与商家协商（",
          "went through the platform", "without a solution", "not resolved", "complained to the",
          "Negotiation and the platform", "raised it with the seller", "has not solved")


def base_case(*events: str) -> dict[str, object]:
    return {"id": 1, "category": "quality", "status": "negotiating",
            "fields": {"platform": "tmall", "shop": "小李数码专营店", "item": "耳机",
                       "amount": "399", "paid_on": "2026-11-20", "description": "坏了"},
            "events": [{"kind": k, "at": "2026-11-22T10:00:00+08:00"} for k in events]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_nothing_recorded_nothing_claimed(lang: str) -> None:
    kb = load_kb()
    for channel in channels():
        text = render_letter(base_case("paid"), channel, lang, kb).text
        assert not [c for c in CLAIMS if c in text], (channel, text)


@pytest.mark.parametrize(("lang", "seller", "platform"), [
    ("zh", "与商家协商（申请退款或售后）", "向平台投诉"),
    ("en", "raised it with the seller", "complained to the platform")])
def test_recorded_steps_are_said_in_their_own_words(lang: str, seller: str, platform: str) -> None:
    kb = load_kb()
    refused = render_letter(base_case("refund_requested", "seller_refused"), "gov_12315", lang,
                            kb).text
    assert seller in refused and platform not in refused
    both = render_letter(base_case("refund_requested", "seller_refused", "complaint_filed"),
                         "gov_12315", lang, kb).text
    assert seller in both and platform in both
    done = render_letter(base_case("complaint_filed", "resolved"), "consumer_association", lang,
                         kb).text
    assert "此前已" not in done and "I have already" not in done  # not "still unresolved"


def test_the_12315_letter_of_a_case_still_with_the_seller(db: Path) -> None:
    """The walk of the issue: a fresh case, the 12315 letter picked from the chat."""
    chat = Chat(db)
    fill(chat, "质量问题", {"paid_on": "2026-11-20"})
    chat.send("/letter")
    chat.click("其他渠道")
    letter = chat.click("12315")[-1]
    assert "12315" in letter and "已先通过平台渠道处理" not in letter and "未能解决" not in letter
    case = show_case(chat.store, 1)
    assert case is not None
    cli = render_letter(case, "gov_12315", "zh", load_kb()).text
    assert "未能解决" not in cli
    chat.close()
