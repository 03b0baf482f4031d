"""Typing a button instead of pressing it (issue 12, item 6): a shopper who types the name of a
button on screen — in Chinese or English, exactly or loosely (without the bracketed part, another
case or width, Traditional characters, a short form such as 退款, triple, 改金额) — has pressed it,
before the question gate or the knowledge base see the message. A message that asks ("什么是假一
赔三？") is still answered. Each scenario is a conversation through the console client on a real
SQLite file, in zh and en: the category, the platform, a date, the demand, the review card, the
cancel question, a reminder and the hand-over's reply."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store.cases import show_case
from dialogs.texts import t
from tests.chat import Chat, FakeClock
from tests.test_reminders import at, file_not_received

ZH, EN = "zh-hans", "en"
STORY = {"zh": "鞋底开胶了，专柜鉴定是假货，商家不认。",
         "en": "The soles came off and the brand store says they are fake; the seller denies it."}


def start(tmp_path: Path, lang: str) -> Chat:
    return Chat(tmp_path / "typed.db", lang=ZH if lang == "zh" else EN)


def at_demand(chat: Chat, lang: str) -> None:
    """A counterfeit complaint filled up to "what do you want"."""
    chat.send("投诉" if lang == "zh" else "complain")
    chat.click("假货" if lang == "zh" else "Counterfeit")
    for text in ("天猫" if lang == "zh" else "Tmall", "耐克旗舰店", "123456789012345678", "运动鞋", "899"):
        chat.send(text)
    for _ in range(3):  # the three dates, skipped
        chat.send("跳过" if lang == "zh" else "skip")
    chat.send(STORY[lang])
    assert t(lang, "ask.demand") in chat.last


def at_review(chat: Chat, lang: str) -> None:
    at_demand(chat, lang)
    chat.click("假一赔三" if lang == "zh" else "Triple")
    assert t(lang, "review.title") in chat.last


def fields(chat: Chat) -> dict[str, str]:
    case = show_case(chat.store, 1)
    assert case is not None
    return {k: v for k, v in case["fields"].items() if v}


# (conversation language, what is typed at the demand question, the demand it chooses)
DEMANDS = [
    ("zh", "Triple compensation for fakes (假一赔三)", "triple"),  # the English label, whole
    ("zh", "triple compensation for fakes", "triple"),  # without the bracket, lower case
    ("zh", "TRIPLE", "triple"),
    ("zh", "假一賠三", "triple"),  # Traditional
    ("zh", "我要假一赔三！", "triple"),
    ("zh", "仅退款。", "refund_only"),
    ("zh", "Ｒｅｆｕｎｄ ｏｎｌｙ", "refund_only"),  # full width
    ("zh", "退货", "refund_return"),  # a short form of 退货退款
    ("en", "假一赔三", "triple"),
    ("en", "triple", "triple"),
    ("en", "Return and refund", "refund_return"),
    ("en", "refund only please", "refund_only"),
    ("en", "退货退款", "refund_return"),
    ("en", "exchange!", "exchange"),
]


@pytest.mark.parametrize(("lang", "typed", "demand"), DEMANDS)
def test_typing_a_demand_button_chooses_that_demand(tmp_path: Path, lang: str, typed: str,
                                                    demand: str) -> None:
    chat = start(tmp_path, lang)
    at_demand(chat, lang)
    replies = chat.send(typed)
    assert t(lang, "review.title") in replies[-1], replies  # the card, no knowledge answer first
    assert len(replies) == 1
    assert fields(chat)["demand"] == demand
    assert t(lang, f"choice.demand.{demand}") in replies[-1]


@pytest.mark.parametrize(("lang", "question", "answered"), [
    ("zh", "什么是假一赔三？", "假一赔三"),
    ("en", "What is triple compensation for fakes?", "3 times"),
])
def test_a_question_about_a_button_is_still_answered(tmp_path: Path, lang: str, question: str,
                                                     answered: str) -> None:
    chat = start(tmp_path, lang)
    at_demand(chat, lang)
    replies = chat.send(question)
    assert len(replies) == 2 and answered in replies[0]  # the answer, then the question again
    assert t(lang, "ask.demand") in replies[1]
    assert "demand" not in fields(chat)
    chat.send("triple")  # the question asked again: its buttons typed as before
    assert fields(chat)["demand"] == "triple"


@pytest.mark.parametrize(("lang", "typed", "offered", "then", "demand"), [
    ("zh", "退款", ["退货退款", "仅退款"], "仅退款", "refund_only"),
    ("en", "refund", ["Return and refund", "Refund only"], "return and refund", "refund_return"),
])
def test_a_short_form_of_two_buttons_offers_those_two(tmp_path: Path, lang: str, typed: str,
                                                      offered: list[str], then: str, demand: str) -> None:
    chat = start(tmp_path, lang)
    at_demand(chat, lang)
    chat.send(typed)
    assert typed in chat.last and chat.last.labels == offered
    assert "demand" not in fields(chat)
    chat.send(then)  # typed again, now one of the two
    assert fields(chat)["demand"] == demand
    assert t(lang, "review.title") in chat.last


@pytest.mark.parametrize(("lang", "typed", "category"), [
    ("zh", "假貨", "counterfeit"),
    ("zh", "Not received", "not_received"),
    ("zh", "质量", "quality"),
    ("en", "counterfeit", "counterfeit"),
    ("en", "延迟发货", "late_shipping"),
    ("en", "damaged in transit.", "logistics_damage"),
])
def test_typing_a_category_button_chooses_it(tmp_path: Path, lang: str, typed: str,
                                             category: str) -> None:
    chat = start(tmp_path, lang)
    chat.send("投诉" if lang == "zh" else "complain")
    chat.send(typed)
    assert t(lang, "ask.platform") in chat.last
    case = show_case(chat.store, 1)
    assert case is not None and case["category"] == category


@pytest.mark.parametrize(("lang", "platform", "date"), [
    ("zh", "淘寶", "Yesterday"),
    ("en", "天猫", "today"),
])
def test_typing_the_platform_and_a_date_button(tmp_path: Path, lang: str, platform: str,
                                               date: str) -> None:
    chat = start(tmp_path, lang)
    chat.send("投诉" if lang == "zh" else "complain")
    chat.click("假货" if lang == "zh" else "Counterfeit")
    chat.send(platform)
    assert t(lang, "ask.shop") in chat.last
    for text in ("某某店", "123456789012345678", "运动鞋", "899"):
        chat.send(text)
    chat.send(date)
    expected = chat.clock.now().date().isoformat() if date == "today" else "2026-11-26"
    assert fields(chat)["paid_on"] == expected
    assert fields(chat)["platform"] == ("taobao" if lang == "zh" else "tmall")


@pytest.mark.parametrize(("lang", "typed"), [("zh", "改金额"), ("zh", "修改支付金额"), ("zh", "金额"),
                                             ("en", "change the amount"), ("en", "改金额"),
                                             ("en", "Edit amount paid"), ("en", "amount paid")])
def test_a_typed_change_on_the_review_card_asks_that_field(tmp_path: Path, lang: str,
                                                           typed: str) -> None:
    chat = start(tmp_path, lang)
    at_review(chat, lang)
    chat.send(typed)
    assert t(lang, "ask.amount") in chat.last
    chat.send("799")
    assert t(lang, "review.title") in chat.last and "799" in chat.last
    assert fields(chat)["amount"] == "799.00"


@pytest.mark.parametrize(("lang", "typed", "field", "value"), [
    ("zh", "改金额 799", "amount", "799.00"),
    ("zh", "金额改成799", "amount", "799.00"),
    ("zh", "金額應該是799", "amount", "799.00"),  # Traditional
    ("zh", "店铺改成耐克官方旗舰店", "shop", "耐克官方旗舰店"),
    ("zh", "订单号 123456789012345679", "order_no", "123456789012345679"),
    ("zh", "Item: Air Max 90", "item", "Air Max 90"),
    ("en", "change the amount to 799", "amount", "799.00"),
    ("en", "amount 799", "amount", "799.00"),
    ("en", "shop: Nike official store", "shop", "Nike official store"),
    ("en", "商品改为 Air Max 90", "item", "Air Max 90"),
])
def test_a_field_named_with_its_value_on_the_review_card_is_changed(
        tmp_path: Path, lang: str, typed: str, field: str, value: str) -> None:
    chat = start(tmp_path, lang)
    at_review(chat, lang)
    chat.send(typed)
    assert fields(chat)[field] == value
    assert t(lang, "review.title") in chat.last and chat.last.startswith(
        t(lang, "review.put.done", label=t(lang, f"field.{field}"), value="")[:2])


@pytest.mark.parametrize(("lang", "typed"), [("zh", "店铺是骗子，不给退"), ("en", "the shop is a scam")])
def test_a_sentence_about_a_field_is_no_new_value_for_it(tmp_path: Path, lang: str,
                                                         typed: str) -> None:
    chat = start(tmp_path, lang)
    at_review(chat, lang)
    chat.send(typed)
    assert fields(chat)["shop"] == "耐克旗舰店"


@pytest.mark.parametrize(("lang", "typed", "offered"), [
    ("zh", "改日期", ["✏️ 改付款日期", "✏️ 改签收日期", "✏️ 改交易成功日期"]),
    ("en", "change the date", ["✏️ Change Payment date", "✏️ Change Date received"]),
])
def test_a_change_naming_several_fields_offers_them(tmp_path: Path, lang: str, typed: str,
                                                    offered: list[str]) -> None:
    chat = start(tmp_path, lang)
    at_review(chat, lang)
    chat.send(typed)
    assert chat.last.labels == offered
    chat.send(offered[1])  # one of them, typed
    assert t(lang, "ask.received_on") in chat.last


@pytest.mark.parametrize(("lang", "give_up", "keep_on", "yes"), [
    ("zh", "放弃", "不，继续填写", "是，放弃"),
    ("en", "cancel", "no, continue", "YES, GIVE UP"),
])
def test_the_cancel_question_typed(tmp_path: Path, lang: str, give_up: str, keep_on: str,
                                   yes: str) -> None:
    chat = start(tmp_path, lang)
    at_review(chat, lang)
    chat.send(give_up)
    assert t(lang, "cancel.confirm") in chat.last
    chat.send(keep_on)
    assert t(lang, "cancel.kept") in chat.last and t(lang, "review.title") in chat.last
    chat.send(give_up)
    chat.send(yes)
    case = show_case(chat.store, 1)
    assert case is not None and case["status"] == "abandoned"


def file_not_received_en(chat: Chat) -> None:
    chat.send("complain")
    chat.click("Not received")
    for text in ("Taobao", "Some digital store", "1234567890123456789", "earbuds", "199",
                 "Nov 10", "Nov 11", "Nov 20"):
        chat.send(text)
    chat.click("Skip")
    chat.send("Tracking says it was delivered on Nov 19 but I never got it, nothing at the door.")
    chat.click("Refund only")
    chat.click("Submit")


@pytest.mark.parametrize(("lang", "later"), [("zh", "稍后提醒"), ("zh", "Remind me later"),
                                            ("en", "remind me later!"), ("en", "⏰ 稍後提醒")])
def test_a_reminder_snoozed_by_typing(tmp_path: Path, lang: str, later: str) -> None:
    clock = FakeClock(at("2026-11-27T10:00"))
    chat = Chat(tmp_path / "r.db", clock=clock, lang=ZH if lang == "zh" else EN)
    (file_not_received if lang == "zh" else file_not_received_en)(chat)
    clock.advance(days=6)  # 2026-12-03 10:00: the two-days-before reminder is due
    reminder = chat.dispatch_due()
    assert len(reminder) == 1 and reminder[0].labels[1] == t(lang, "btn.later")
    chat.send(later)
    assert chat.last.startswith(t(lang, "reminder.snoozed", rule="", at="")[:3])
    case = show_case(chat.store, 1)
    assert case is not None


@pytest.mark.parametrize(("lang", "done"), [("zh", "已处理"), ("en", "done")])
def test_a_reminder_done_typed_is_the_reminder_s_done(tmp_path: Path, lang: str, done: str) -> None:
    """"done" is also the word that ends a hand-over: on a reminder it is the reminder's button."""
    clock = FakeClock(at("2026-11-27T10:00"))
    chat = Chat(tmp_path / "r.db", clock=clock, lang=ZH if lang == "zh" else EN)
    (file_not_received if lang == "zh" else file_not_received_en)(chat)
    clock.advance(days=6)
    assert len(chat.dispatch_due()) == 1
    chat.send(done)
    assert chat.last.startswith(t(lang, "reminder.acked", rule="")[:3])


@pytest.mark.parametrize(("lang", "status"), [("zh", "Case status"), ("en", "案件进度")])
def test_the_hand_over_reply_s_button_typed(tmp_path: Path, lang: str, status: str) -> None:
    chat = start(tmp_path, lang)
    chat.send("转人工" if lang == "zh" else "human")
    assert t(lang, "handover.none")[:10] in chat.last
    chat.send(status)
    assert chat.last == t(lang, "status.none")


@pytest.mark.parametrize(("lang", "typed", "demand"), [
    ("zh", "换货就行，颜色要一样的", "exchange"),
    ("en", "an exchange for the same colour please", "exchange"),
])
def test_a_demand_with_more_words_than_a_button_keeps_them(tmp_path: Path, lang: str, typed: str,
                                                           demand: str) -> None:
    """More than a button's name is an answer of its own: the demand is read from it and the
    words are kept on the case as a note (a press would keep nothing)."""
    chat = start(tmp_path, lang)
    at_demand(chat, lang)
    chat.send(typed)
    assert fields(chat)["demand"] == demand
    assert t(lang, "notes.count", n=1) in chat.last
