"""Whole conversations through the real service and a real SQLite file, read like a chat."""

from __future__ import annotations

import pytest

from bot.store.cases import show_case
from dialogs import forms
from dialogs.texts import t
from knowledge.loader import load_kb
from tests.chat import Chat

KB = load_kb()
CATEGORIES = [c.slug for c in KB.categories]


def answer_everything(chat: Chat) -> None:
    """Answer whatever the form asks until the review card shows up."""
    answers = {"店铺": "小米官方旗舰店", "订单编号": "2345678901234567890", "买的是什么": "小米手环 9",
               "支付了多少": "249.5", "被骗走了多少钱": "3000", "经过": "收到后第三天就开不了机，联系客服一直说在核实，没有结果。"}
    for _ in range(20):
        last = chat.last
        if "请核对" in last:
            return
        if "哪个平台" in last:
            chat.click("天猫")
        elif "怎么解决" in last:
            chat.click(chat.buttons[0])
        elif "哪天" in last:
            chat.send("3天前")
        else:
            key = next(k for k in answers if k in last)
            chat.send(answers[key])
    raise AssertionError(f"form never reached review: {chat.last}")


def test_a_whole_complaint_by_buttons_and_text(chat: Chat, db: object) -> None:
    chat.send("/start")
    assert "维权助手" in chat.last and "📝 我要投诉" in chat.buttons
    chat.click("我要投诉")
    assert "请选择你遇到的问题" in chat.last
    assert len(chat.buttons) == len(CATEGORIES)
    chat.click("质量问题")
    assert "哪个平台" in chat.last
    chat.click("淘宝")
    chat.send("小米官方旗舰店")
    chat.send("2345678901234567890")
    chat.send("小米手环 9")
    chat.send("¥249.50")
    chat.send("2026-11-10")  # paid
    chat.send("11月12日")  # received
    chat.click("跳过")  # transaction success: not yet
    chat.send("收到后第三天就开不了机，联系客服一直说在核实，没有结果。")
    chat.click("维修")
    review = chat.last
    for shown in ("质量问题", "淘宝", "小米官方旗舰店", "2345678901234567890", "249.50 元",
                  "2026-11-10", "2026-11-12", "（未填）", "维修"):
        assert shown in review
    chat.click("确认提交")
    assert "案件 #1 已建立" in chat.last and "下一步建议" in chat.last
    case = show_case(chat.store, 1)
    assert case is not None and case["status"] == "negotiating"
    assert case["fields"]["amount"] == "249.50" and case["fields"]["success_on"] is None
    assert [e["kind"] for e in case["events"]] == ["paid", "received"]
    chat.send("/status")
    assert "案件 #1" in chat.last and "与商家协商中" in chat.last and "签收" in chat.last


@pytest.mark.parametrize("slug", CATEGORIES)
def test_every_category_can_be_filed(chat: Chat, slug: str) -> None:
    chat.send("投诉")
    chat.click(load_kb().category(slug).name.zh)
    answer_everything(chat)
    for slot in forms.slots_for(KB, slug):
        assert t("zh", f"field.{slot}") in chat.last
    chat.click("确认提交")
    assert "已建立" in chat.last
    case = show_case(chat.store, 1)
    assert case is not None and case["category"] == slug and case["status"] == "negotiating"


def test_english_user_gets_english(en_chat: Chat) -> None:
    en_chat.send("/complain")
    assert "What went wrong" in en_chat.last
    en_chat.click("Counterfeit") if any("ounterfeit" in b for b in en_chat.buttons) else \
        en_chat.click(en_chat.buttons[0])
    assert "Which platform" in en_chat.last
    en_chat.send("Tmall")
    assert "shop" in en_chat.last
    en_chat.send("Nike Store")
    en_chat.send("12AB")
    assert "digits only" in en_chat.last and "order number" in en_chat.last


@pytest.mark.parametrize(("typed", "reply"), [
    ("12345abc", "只包含数字"),
    ("123", "3 位"),
    ("0", None),
])
def test_order_number_is_checked(chat: Chat, typed: str, reply: str | None) -> None:
    chat.send("投诉")
    chat.click("假货")
    chat.click("天猫")
    chat.send("某某专营店")
    chat.send(typed)
    assert (reply or "位") in chat.last
    assert "订单编号是多少" in chat.last  # the question is asked again, nothing lost
    chat.send("1234567890123456")
    assert "买的是什么" in chat.last


@pytest.mark.parametrize(("typed", "reply"), [
    ("-5", "大于 0"), ("0", "大于 0"), ("12.345", "两位小数"), ("很多钱", "没看懂这个金额"),
])
def test_amount_is_checked(chat: Chat, typed: str, reply: str) -> None:
    chat.send("投诉")
    chat.click("假货")
    chat.click("天猫")
    chat.send("某某专营店")
    chat.send("1234567890123456")
    chat.send("耐克鞋")
    chat.send(typed)
    assert reply in chat.last and "支付了多少钱" in chat.last


def test_dates_refuse_the_future_and_keep_going(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("假货")
    for text in ("天猫", "某某专营店", "1234567890123456", "耐克鞋", "399"):
        chat.send(text)
    assert "哪天付款" in chat.last
    chat.send("明天")
    assert "还没到" in chat.last
    chat.send("2027-01-01")
    assert "还没到" in chat.last
    chat.send("上周五")
    assert "签收" in chat.last


def test_back_and_skip(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("假货")
    chat.click("天猫")
    chat.send("某某专营店")
    chat.send("上一步")
    assert "店铺名称" in chat.last and "某某专营店" in chat.last
    chat.send("另一家店")
    chat.send("/skip")
    assert "必填" in chat.last and "订单编号" in chat.last
    chat.send("1234567890123456")
    chat.send("耐克鞋")
    chat.send("399")
    chat.send("跳过")
    assert "签收" in chat.last


def test_edit_a_field_from_the_review_card(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("质量问题")
    answer_everything(chat)
    chat.click("改店铺")
    assert "店铺名称" in chat.last
    chat.send("华为官方旗舰店")
    assert "请核对" in chat.last and "华为官方旗舰店" in chat.last
    chat.click("改问题类型")
    chat.click("描述不符")
    assert "请核对" in chat.last and "描述不符" in chat.last


def test_cancel_asks_and_keeps_the_draft(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("假货")
    chat.click("天猫")
    chat.send("/cancel")
    assert "确定要放弃" in chat.last
    chat.click("不，继续填写")
    assert "店铺名称" in chat.last
    chat.send("取消")
    chat.click("是，放弃")
    assert "草稿 #1" in chat.last
    case = show_case(chat.store, 1)
    assert case is not None and case["status"] == "abandoned"
    assert case["fields"]["platform"] == "tmall"
    chat.send("/cases")
    assert "已放弃" in chat.last
    chat.click("#1")
    assert "接着填" in chat.texts[-2] and "店铺名称" in chat.last
    assert show_case(chat.store, 1)["status"] == "draft"  # type: ignore[index]


def test_cases_switches_the_current_case(chat: Chat) -> None:
    for label in ("假货", "质量问题"):
        chat.send("投诉")
        chat.click(label)
        answer_everything(chat)
        chat.click("确认提交")
    chat.send("/status")
    assert "案件 #2" in chat.last
    chat.send("/cases")
    assert "#1" in chat.last and "#2" in chat.last
    chat.click("#1 假货")
    assert "案件 #1" in chat.last
    chat.send("/status")
    assert "案件 #1" in chat.last


def test_an_old_button_is_answered_politely(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("假货")
    old = chat.keyboard_with("天猫")
    chat.click("天猫")
    button = next(b for row in old.action.buttons for b in row if b.label == "淘宝")
    chat.press(button, old.ref)
    assert "已经回答过了" in chat.last and "店铺名称" in chat.last
    assert show_case(chat.store, 1)["fields"]["platform"] == "tmall"  # type: ignore[index]


def test_a_press_marks_the_keyboard_with_the_choice(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("假货")
    assert chat.marks and chat.marks[-1].choice == "假货"


def test_questions_in_the_middle_of_the_form_keep_the_form(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("假货")
    chat.click("天猫")
    for text in ("/help", "/status", "/cases", "转人工", "/lang", "/foo"):
        chat.send(text)
        assert "店铺名称" in chat.last or "语言" in chat.last, text
    assert any("没有配备人工顾问" in t for t in chat.texts)
    assert any("不认识 /foo" in t for t in chat.texts)


def test_free_text_category_is_recognised(chat: Chat) -> None:
    chat.send("投诉")
    chat.send("我买的耐克鞋是假的")
    assert "哪个平台" in chat.last or "对吗" in chat.last
    assert "假货" in "".join(chat.texts[-2:])


def test_a_complaint_told_in_idle_is_offered(chat: Chat) -> None:
    chat.send("快递把箱子压扁了，里面的杯子碎了")
    assert "开一个投诉" in chat.last
    chat.click("开始投诉")
    assert "哪个平台" in chat.last


@pytest.mark.parametrize("text", ["", "   ", "🙂", "x" * 5000])
def test_odd_messages_get_an_answer(chat: Chat, text: str) -> None:
    replies = chat.send(text)
    assert replies


def test_a_long_description_is_kept_whole_and_the_reply_says_how(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("质量问题")
    for _ in range(10):
        if "经过" in chat.last:
            break
        answer_everything_step(chat)
    replies = chat.send("坏" * 5000)
    assert "5000 个字" in replies[0] and "3000" in replies[0] and "备注" in replies[0]
    assert "怎么解决" in chat.last  # the form goes on with the part that fits
    case = show_case(chat.store, 1)
    assert case is not None and case["fields"]["description"] == "坏" * 3000
    assert [n["text"] for n in case["notes"]] == ["坏" * 5000]  # what the reply promised


def answer_everything_step(chat: Chat) -> None:
    last = chat.last
    if "哪个平台" in last:
        chat.click("天猫")
    elif "店铺" in last:
        chat.send("某店")
    elif "订单编号" in last:
        chat.send("1234567890123456")
    elif "买的是什么" in last:
        chat.send("手环")
    elif "支付了多少" in last:
        chat.send("100")
    elif "哪天" in last:
        chat.click("跳过")


def test_language_switch(chat: Chat) -> None:
    chat.send("/lang")
    chat.click("English")
    assert "English" in chat.last
    chat.send("/status")
    assert "no case" in chat.last
    chat.send("中文")
    chat.send("/status")
    assert "还没有案件" in chat.last


def test_date_buttons_today_and_yesterday(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("假货")
    for text in ("天猫", "某某专营店", "1234567890123456", "耐克鞋", "399"):
        chat.send(text)
    chat.click("昨天")  # paid
    assert "签收" in chat.last
    chat.click("今天")  # received
    case = show_case(chat.store, 1)
    assert case is not None
    assert case["fields"]["paid_on"] == "2026-11-26" and case["fields"]["received_on"] == "2026-11-27"


@pytest.mark.parametrize("words", ["开始投诉", "我想投诉", "发起投诉。", "我要投诉商家",
                                   "I want to complain", "start a complaint"])
def test_asking_to_complain_in_other_words_starts_the_complaint(chat: Chat, words: str) -> None:
    chat.send(words)
    assert len(chat.buttons) == len(CATEGORIES), chat.last
