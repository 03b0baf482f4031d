"""A scam victim (issue 11, smaller items): the 110 warning comes first, at the category choice;
the form asks how much was lost, not only the price paid; only deadlines that apply are listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store.cases import show_case
from knowledge.letters import render_letter
from knowledge.loader import load_kb
from tests.chat import Chat
from tests.scenario_form import fill

W = {"zh": {"start": "投诉", "cat": "诈骗", "ask_lost": "被骗走了多少钱", "label": "被骗金额",
            "none": "没有专门的维权时限", "refund": "申请了退款"},
     "en": {"start": "/complain", "cat": "Fraud", "ask_lost": "How much money was taken",
            "label": "Amount lost", "none": "no time limit of their own", "refund": "refund"}}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_110_comes_first(db: Path, lang: str) -> None:
    chat = Chat(db, lang=lang)
    chat.send(W[lang]["start"])
    replies = chat.click(W[lang]["cat"])
    assert "110" in replies[0] and "9510211" in replies[0]  # before anything is asked
    chat.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_form_asks_the_amount_lost_and_lists_no_refund_deadlines(db: Path,
                                                                    lang: str) -> None:
    w = W[lang]
    chat = Chat(db, lang=lang)
    fill(chat, w["cat"], {"amount": "99", "amount_lost": "3000", "paid_on": "2026-11-20",
                          "description": "对方自称淘宝客服，让我共享屏幕，从我银行卡转走了3000元"},
         lang, submit=False)
    assert any(w["ask_lost"] in q for q in chat.texts)
    assert w["label"] in chat.last and "3000" in chat.last
    chat.click("确认提交" if lang == "zh" else "Submit")
    filed = chat.last
    assert w["none"] in filed and w["refund"] not in filed.split("⏳")[-1]
    case = show_case(chat.store, 1)
    assert case is not None and case["fields"]["amount_lost"].startswith("3000")
    letter = render_letter(case, "police", lang, load_kb()).text
    assert ("被骗金额：3000.00 元" if lang == "zh" else "Amount lost: 3000.00 yuan") in letter
    chat.close()
