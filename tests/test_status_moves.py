"""The case's status moves on when the seller refuses (issue 11, smaller items): no longer
"与商家协商中" after 卖家拒绝; the next step is the platform; an agreement brings it back."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store.cases import show_case
from tests.chat import Chat
from tests.scenario_form import fill

W = {"zh": {"cat": "质量问题", "progress": "记录进展", "now": "刚刚", "refused": "卖家拒绝",
            "timeout": "卖家超时未响应", "agreed": "卖家同意", "negotiating": "与商家协商中",
            "label": "卖家拒绝或未回应，待向平台升级", "next": "平台投诉"},
     "en": {"cat": "Quality", "progress": "Record progress", "now": "Just now",
            "refused": "Seller refused", "timeout": "timed out", "agreed": "Seller agreed",
            "negotiating": "Negotiating with the seller",
            "label": "The seller refused or did not answer", "next": "Platform complaint"}}


def record(chat: Chat, lang: str, event: str) -> None:
    chat.click(W[lang]["progress"])
    chat.click(W[lang][event])
    chat.click(W[lang]["now"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refusal_moves_the_status_on(db: Path, lang: str) -> None:
    w = W[lang]
    chat = Chat(db, lang=lang)
    fill(chat, w["cat"], {}, lang)
    record(chat, lang, "refused")
    chat.send("/status")
    assert w["label"] in chat.last and w["negotiating"] not in chat.last
    assert w["next"] in chat.last  # the next rung is the platform's
    case = show_case(chat.store, 1)
    assert case is not None and case["status"] == "refused"
    record(chat, lang, "agreed")
    assert show_case(chat.store, 1)["status"] == "negotiating"  # type: ignore[index]
    chat.close()


def test_a_seller_who_never_answers_moves_it_too(db: Path) -> None:
    chat = Chat(db)
    fill(chat, "质量问题", {})
    record(chat, "zh", "timeout")
    assert show_case(chat.store, 1)["status"] == "refused"  # type: ignore[index]
    record_complaint = chat.click("记录进展")
    assert record_complaint
    chat.click("提交投诉")
    chat.click("刚刚")
    assert show_case(chat.store, 1)["status"] == "complaint"  # type: ignore[index]
    chat.close()


@pytest.mark.parametrize(("lang", "cat", "never"), [
    ("zh", "延迟发货", ("换货", "维修", "退货退款")), ("en", "Late shipping", ("Exchange", "Repair")),
    ("zh", "未收到货", ("换货", "维修", "退货退款"))])
def test_goods_never_shipped_are_not_offered_an_exchange(db: Path, lang: str, cat: str,
                                                         never: tuple[str, ...]) -> None:
    from tests.scenario_form import slot_of

    chat = Chat(db, lang=lang)
    chat.send("投诉" if lang == "zh" else "/complain")
    chat.click(cat)
    for _ in range(20):
        if slot_of(chat) == "demand":
            break
        fill_step(chat, lang)
    assert slot_of(chat) == "demand"
    assert not [b for b in chat.buttons if any(n in b for n in never)], chat.buttons
    assert any("退款" in b or "Refund" in b for b in chat.buttons)
    chat.close()


def fill_step(chat: Chat, lang: str) -> None:
    from tests.scenario_form import DEFAULTS, slot_of

    slot = slot_of(chat)
    if slot == "platform":
        chat.click("天猫" if lang == "zh" else "Tmall")
    elif slot in DEFAULTS:
        chat.send(DEFAULTS[slot])
    else:
        chat.click("跳过" if lang == "zh" else "Skip")
