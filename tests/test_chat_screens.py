"""Screenshots in the chat (issue 17): the order page fills the form after one "use these?",
an answered field is never replaced without asking, a filed case is updated with its timeline,
the seller's promise is quoted in the letter, bad images fill nothing. Real OCR, real store."""

from __future__ import annotations

from typing import Any

import pytest

from tests.chat import Chat
from tests.scenario_form import fill, slot_of
from tests.screens.generate import Sample, clean

pytest.importorskip("rapidocr_onnxruntime")


@pytest.fixture(scope="module")
def order() -> Sample:
    return clean("order", 7, tmall=True)  # 交易成功: every date shows


def case_of(chat: Chat, case_id: int = 1) -> Any:
    return chat.store.user_cases(chat.user_id)[case_id - 1]


def send_shot(chat: Chat, shot: Sample) -> list[str]:
    return chat.send_files((shot.data, "photo", None))


def truth(shot: Sample, name: str) -> str:
    return str(shot.truth["fields"][name])


def test_mid_form_an_order_screenshot_fills_the_form_after_one_yes(chat: Chat,
                                                                   order: Sample) -> None:
    chat.send("投诉")
    chat.click("质量问题")
    assert slot_of(chat) == "platform"
    replies = send_shot(chat, order)
    offer = next(r for r in replies if r.startswith("📷"))
    assert truth(order, "order_no") in offer and truth(order, "shop") in offer
    report = next(r for r in replies if "已保存" in r)
    assert "用这些吗" in offer and "订单截图" in report  # labelled without asking
    assert "哪个平台" in chat.last  # the form's own question again, unanswered
    chat.click("全部使用")
    case = case_of(chat)
    assert case.fields["platform"] == "tmall"
    assert case.fields["order_no"] == truth(order, "order_no")
    assert case.fields["amount"] == truth(order, "amount")
    assert case.fields["shop"] == truth(order, "shop")
    for slot, name in (("paid_on", "paid_at"), ("received_on", "received_at"),
                       ("success_on", "success_at")):
        assert case.fields[slot] == truth(order, name)[:16].replace(" ", "T")
    assert "已填入" in chat.last
    # the form goes on with what the screenshot did not say, never asking what it filled
    assert slot_of(chat) == "description" and "经过" in chat.last


def test_an_answered_field_is_only_replaced_when_the_shopper_says_so(chat: Chat,
                                                                     order: Sample) -> None:
    chat.send("投诉")
    chat.click("质量问题")
    chat.click("天猫")
    chat.send("我自己填的店")
    send_shot(chat, order)
    assert "你填的是「我自己填的店」" in next(t for t in chat.texts if t.startswith("📷"))
    chat.click("全部使用")
    assert "截图上是「" + truth(order, "shop") + "」" in chat.last
    chat.click("保留")
    case = case_of(chat)
    assert case.fields["shop"] == "我自己填的店"
    assert case.fields["order_no"] == truth(order, "order_no")  # the rest was taken


def test_pick_takes_only_what_is_tapped_and_none_takes_nothing(chat: Chat,
                                                               order: Sample) -> None:
    chat.send("投诉")
    chat.click("质量问题")
    send_shot(chat, order)
    chat.click("逐项选择")
    chat.click("订单编号")
    chat.click("完成")
    fields = case_of(chat).fields
    assert fields.get("order_no") == truth(order, "order_no") and "shop" not in fields
    send_shot(chat, clean("order", 5, tmall=False))
    chat.click("不用")
    assert "都没有使用" in chat.texts[-2] + chat.last
    assert case_of(chat).fields.get("order_no") == truth(order, "order_no")


def test_after_filing_the_case_and_its_timeline_are_updated(chat: Chat, order: Sample) -> None:
    fill(chat, "质量问题", {"paid_on": "2026-11-01", "order_no": "1111222233334444"})
    send_shot(chat, order)
    chat.click("全部使用")
    asked = []
    while "换成截图上的吗" in chat.last:  # each answered field, one question each
        asked.append(chat.last)
        chat.click("换成")
    assert any("订单编号：你填的是「1111222233334444」" in a for a in asked)
    case = case_of(chat)
    assert case.status != "draft" and case.fields["order_no"] == truth(order, "order_no")
    paid = [e.at[:16] for e in case.events if e.kind == "paid"]
    assert paid == [truth(order, "paid_at")[:16].replace(" ", "T")]  # moved, not doubled
    assert "案件 #1 已更新" in "\n".join(chat.texts[-3:])
    noted = [n for n in case.notes if n.kind == "screenshot"]
    assert any("1111222233334444" in n.text and n.field == "order_no" for n in noted)


def test_a_sellers_promise_in_a_chat_is_quoted_with_its_day_in_the_letter(chat: Chat) -> None:
    shot = next(s for s in (clean("chat", n) for n in range(40, 80))
                if any(x["kind"] == "promise" and x["date"] for x in s.truth["statements"]))
    said = next(x for x in shot.truth["statements"] if x["kind"] == "promise")
    fill(chat, "假货", {})
    send_shot(chat, shot)
    offer = next(t for t in chat.texts if t.startswith("📷"))
    assert "卖家说过" in offer and said["date"] in offer
    chat.click("全部使用")
    case = case_of(chat)
    assert any(s["key"] == said["key"] and s["date"] == said["date"]
               for s in case.meta["said"])
    chat.click("投诉文本")
    letter = next(t for t in reversed(chat.texts) if "卖家在聊天中说" in t)
    quote = next(line for line in letter.splitlines() if "卖家在聊天中说" in line)
    taken = next(s for s in case.meta["said"] if s["key"] == said["key"])
    assert quote.startswith(f"- {said['date']}，") and taken["text"] in quote
    from bot.dossier.pdf import export_case

    pdf = export_case(chat.store, 1, chat.store_dir, chat.store_dir / "d.pdf")
    import fitz

    with fitz.open(pdf) as doc:
        text = "".join(page.get_text() for page in doc).replace("\n", "")
    assert "卖家在聊天中的说法" in text and said["date"] in text


@pytest.mark.parametrize("kind, words", [("jd", "京东"), ("pdd", "拼多多"),
                                         ("photo", "不是手机截图"), ("other", "没有找到订单")])
def test_bad_images_are_refused_kindly_and_fill_nothing(chat: Chat, kind: str,
                                                        words: str) -> None:
    chat.send("投诉")
    chat.click("质量问题")
    replies = send_shot(chat, clean(kind, 7))
    report = next(r for r in replies if "已保存" in r)
    assert words in report and not any(r.startswith("📷") for r in replies)
    assert case_of(chat).fields == {} and "哪个平台" in chat.last


def test_a_refund_page_puts_the_sellers_refusal_on_the_timeline(chat: Chat) -> None:
    shot = clean("refund", 1)  # 商家拒绝退款 at a time the page shows
    fill(chat, "售后", {})
    before = case_of(chat).status
    send_shot(chat, shot)
    offer = next(t for t in chat.texts if t.startswith("📷"))
    assert "时间线：卖家拒绝" in offer and "商家拒绝退款" in offer
    chat.click("全部使用")
    while "换成截图上的吗" in chat.last:
        chat.click("保留")
    case = case_of(chat)
    decided = truth(shot, "refund_decided_at")
    refused = [e for e in case.events if e.kind == "seller_refused"]
    assert [e.at[:16] for e in refused] == [decided[:16].replace(" ", "T")]
    assert case.status != before  # the refusal moves the case on (to the platform next)
    assert "时限" in "\n".join(chat.texts[-3:])


def test_in_english_the_offer_and_its_buttons_are_english(en_chat: Chat, order: Sample) -> None:
    en_chat.send("/complain")
    en_chat.click("Quality defect")
    replies = send_shot(en_chat, order)
    offer = next(r for r in replies if r.startswith("📷"))
    assert "Use these?" in offer and truth(order, "order_no") in offer
    en_chat.click("Use all")
    assert "filled in" in en_chat.last and case_of(en_chat).fields["shop"] == truth(order, "shop")
