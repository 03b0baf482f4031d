"""Issue 12, must-show 6, as the shopper sees it: what the opening message says is not asked
again, the form says what it understood, the review card marks it, one tap corrects it, and an
answer the shopper gave is never overwritten by a later guess.

Whole conversations through tests/chat.py (the real service on a real SQLite file); today is
Friday 2026-11-27 in Shanghai.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.store.cases import show_case
from dialogs import forms
from dialogs.texts import t
from knowledge.loader import load_kb
from tests.chat import Chat
from tests.scenario_form import slot_of

KB = load_kb()


@dataclass(frozen=True)
class Opening:
    lang: str
    text: str
    category: str
    understood: dict[str, str]  # field -> the value stored from the opening alone
    not_filled: tuple[str, ...] = ()  # fields the opening mentions but must not guess


OPENINGS = [
    Opening("zh", "我11月11号在天猫耐克旗舰店花899买的鞋是假的", "counterfeit",
            {"platform": "tmall", "shop": "耐克旗舰店", "item": "鞋", "amount": "899.00",
             "paid_on": "2026-11-11", "description": "我11月11号在天猫耐克旗舰店花899买的鞋是假的"}),
    Opening("zh", "双十一在淘宝一家叫小李数码的店买了个蓝牙耳机，花了一千二，用了三天就坏了，我想退货",
            "quality", {"platform": "taobao", "shop": "小李数码", "item": "蓝牙耳机",
                        "amount": "1200.00", "paid_on": "2026-11-11", "demand": "refund_return"}),
    Opening("zh", "上周五收到的衣服颜色和图片完全不一样，订单号 2345 6789 0123 4567，八百九十九块",
            "not_as_described", {"received_on": "2026-11-20", "order_no": "2345678901234567",
                                 "amount": "899.00"}),
    Opening("zh", "有人冒充淘宝客服说要理赔，让我转账，被骗了3000元", "fraud",
            {"amount_lost": "3000.00"}, not_filled=("platform",)),
    Opening("zh", "我在天貓買的奶粉是假的，花了三百五十元", "counterfeit",
            {"platform": "tmall", "item": "奶粉", "amount": "350.00"}),
    Opening("zh", "三天前付款的，商家到现在还不发货，我要退款", "late_shipping",
            {"paid_on": "2026-11-24", "demand": "refund_only"}),
    Opening("en", "I bought Nike shoes from the Nike official store on Tmall on 11/11 for 899 yuan and "
            "they are fake", "counterfeit",
            {"platform": "tmall", "shop": "Nike official store", "item": "Nike shoes",
             "amount": "899.00", "paid_on": "2026-11-11"}),
    Opening("en", "Ordered a phone case on Taobao yesterday, paid ¥35, it still has not shipped",
            "late_shipping", {"platform": "taobao", "item": "phone case", "amount": "35.00",
                              "paid_on": "2026-11-26"}),
    Opening("en", "The headphones I received last friday stopped working, I want a replacement",
            "quality", {"received_on": "2026-11-20", "demand": "exchange"}),
    Opening("en", "Someone pretending to be Taobao support called me and I lost 5000 yuan", "fraud",
            {"amount_lost": "5000.00"}, not_filled=("platform",)),
    Opening("en", "My Taobao order 2345678901234567 never arrived", "not_received",
            {"platform": "taobao", "order_no": "2345678901234567"}),
    # dates some weeks back, items ended where the words stop naming a thing, written Cantonese
    Opening("zh", "两周前在天猫买的电饭煲到现在都没发货我要退款", "late_shipping",
            {"platform": "tmall", "item": "电饭煲", "paid_on": "2026-11-13", "demand": "refund_only"}),
    Opening("en", "Bought a kettle on Taobao three weeks ago for 120 yuan, it still has not shipped",
            "late_shipping", {"platform": "taobao", "item": "kettle", "paid_on": "2026-11-06",
                              "amount": "120.00"}),
    Opening("zh", "上個禮拜三喺淘寶買咗部平板電腦，琴日先收到，開唔到機", "quality",
            {"platform": "taobao", "item": "平板电脑", "paid_on": "2026-11-18",
             "received_on": "2026-11-26"}),
    # written Cantonese with its money word and its way of asking for a new one; English with
    # pinyin and a price standing alone between commas
    Opening("zh", "琴日喺淘寶買咗個風筒，三百蚊，用咗一次就冇風，我想換過個新嘅", "quality",
            {"platform": "taobao", "item": "风筒", "amount": "300.00", "paid_on": "2026-11-26",
             "demand": "exchange"}),
    Opening("en", "Bought a rice cooker from the Midea flagship store on Tmall last Friday, 1.2k, it "
            "won't heat, I want tuihuo", "quality",
            {"platform": "tmall", "shop": "Midea flagship store", "item": "rice cooker",
             "amount": "1200.00", "paid_on": "2026-11-20", "demand": "refund_return"}),
    # a date belongs to the event its clause names: the seller signing for the parcel sent back
    # is not when the shopper got the order
    Opening("zh", "在天猫买的电饭煲退货寄回去了，商家都签收三天了还不退款", "after_sales_refused",
            {"platform": "tmall", "item": "电饭煲"}, not_filled=("received_on",)),
    Opening("zh", "11月20号收到的电饭煲不加热，退货寄回去后卖家11月24号签收的，到现在没退钱",
            "after_sales_refused", {"item": "电饭煲", "received_on": "2026-11-20"}),
    Opening("en", "I returned the rice cooker from Tmall, the seller signed for it 3 days ago and still "
            "no refund", "after_sales_refused", {"platform": "tmall"}, not_filled=("received_on",)),
    Opening("en", "I received the kettle from Tmall on Nov 20, sent it back, and the seller received it "
            "on Nov 24, still no refund", "after_sales_refused",
            {"platform": "tmall", "received_on": "2026-11-20"}),
]
ANSWERS = {"shop": "小李数码专营店", "order_no": "2345678901234567890", "item": "蓝牙耳机",
           "amount": "399", "amount_lost": "3000元",
           "description": "鞋标歪了，防伪码查不到，客服说是正品不给退。"}


def words(lang: str, key: str, **params: object) -> str:
    return t(lang, key, **params)


def fields(chat: Chat) -> dict[str, str]:
    return {k: v for k, v in show_case(chat.store, 1)["fields"].items() if v}  # type: ignore[index]


def open_with(chat: Chat, lang: str, text: str, slug: str) -> None:
    """投诉, then the story typed at the category question; the category confirmed if asked."""
    chat.send("投诉" if lang == "zh" else "complain")
    chat.send(text)
    name = KB.category(slug).name.get(lang)
    for _ in range(3):
        if words(lang, "category.chosen", name=name) in " ".join(chat.texts[-3:]):
            return
        chat.click(name if name in chat.buttons else words(lang, "btn.yes_category"))
    raise AssertionError(chat.last)


def fill_rest(chat: Chat, lang: str) -> list[str]:
    """Answer whatever the form asks until the review card; the fields it asked, in order."""
    asked: list[str] = []
    for _ in range(20):
        slot = slot_of(chat)
        if slot is None:
            assert words(lang, "review.title") in chat.last, chat.last
            return asked
        asked.append(slot)
        spec = forms.SLOTS[slot]
        if slot in ANSWERS:
            chat.send(ANSWERS[slot])
        elif slot == "platform":
            chat.click("天猫" if lang == "zh" else "Tmall")
        elif spec.kind == "choice":
            chat.click(chat.buttons[0])
        else:
            chat.click("跳过" if lang == "zh" else "Skip")
    raise AssertionError(f"never reached the review card: {chat.last}")


@pytest.mark.parametrize("opening", OPENINGS, ids=[o.text[:20] for o in OPENINGS])
def test_the_opening_fills_what_it_says_and_is_not_asked_again(tmp_path: Path, opening: Opening) -> None:
    lang = opening.lang
    chat = Chat(tmp_path / "s.db", lang="zh-hans" if lang == "zh" else "en")
    try:
        open_with(chat, lang, opening.text, opening.category)
        stored = fields(chat)
        for slot, value in opening.understood.items():
            assert stored.get(slot) == value, (slot, stored)
        for slot in opening.not_filled:
            assert slot not in stored, (slot, stored)
        shown = show_case(chat.store, 1)["understood"]  # type: ignore[index]
        assert set(opening.understood) <= set(shown)  # `case show --json` says so too
        said = " ".join(chat.texts[-3:])  # the form says what it took from the story
        for slot in opening.understood:
            assert words(lang, f"field.{slot}") in said, (slot, said)
        asked = fill_rest(chat, lang)
        assert not set(asked) & set(opening.understood), asked  # never asked again
        for slot in opening.not_filled:
            assert slot in asked
        card = chat.last
        for slot in opening.understood:  # marked on the card, each with its "that's wrong"
            label = words(lang, f"field.{slot}")
            assert any(line.startswith(label) and line.endswith(words(lang, "understood.mark").strip())
                       for line in card.splitlines()), (slot, card)
            assert words(lang, "btn.understood_wrong", label=label) in chat.buttons
    finally:
        chat.close()


def test_the_issue_example_never_asks_platform_or_amount(tmp_path: Path) -> None:
    chat = Chat(tmp_path / "s.db")
    try:
        open_with(chat, "zh", "我11月11号在天猫耐克旗舰店花899买的鞋是假的", "counterfeit")
        fill_rest(chat, "zh")
        everything = "\n".join(chat.texts)
        assert "是在哪个平台买的？" not in everything and "实际支付了多少钱？" not in everything
        assert "付款日期" in chat.last and "2026-11-11" in chat.last
    finally:
        chat.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_wrong_guess_is_corrected_with_one_tap(tmp_path: Path, lang: str) -> None:
    text = {"zh": "双十一在淘宝一家叫小李数码的店买了个蓝牙耳机，花了一千二，用了三天就坏了",
            "en": "I bought Nike shoes from the Nike official store on Tmall on 11/11 for 899 yuan "
                  "and they are fake"}[lang]
    chat = Chat(tmp_path / "s.db", lang="zh-hans" if lang == "zh" else "en")
    try:
        open_with(chat, lang, text, "quality" if lang == "zh" else "counterfeit")
        fill_rest(chat, lang)
        label = words(lang, "field.amount")
        chat.click(words(lang, "btn.understood_wrong", label=label))  # one tap asks the field
        assert words(lang, "ask.amount") in chat.last
        chat.send("1100")
        card = chat.last
        assert words(lang, "review.title") in card and fields(chat)["amount"] == "1100.00"
        line = next(x for x in card.splitlines() if x.startswith(label))
        assert words(lang, "understood.mark").strip() not in line  # the shopper's own answer now
        assert words(lang, "btn.understood_wrong", label=label) not in chat.buttons
    finally:
        chat.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_answer_fills_the_questions_after_it(tmp_path: Path, lang: str) -> None:
    """The shop's answer also says the amount and the date: those are not asked."""
    chat = Chat(tmp_path / "s.db", lang="zh-hans" if lang == "zh" else "en")
    try:
        chat.send("投诉" if lang == "zh" else "complain")
        chat.click(KB.category("quality").name.get(lang))
        chat.click("天猫" if lang == "zh" else "Tmall")
        chat.send({"zh": "小李数码专营店，11月11号花了八百九十九块买的",
                   "en": "Xiao Li Digital store, I paid 899 yuan for it on Nov 11"}[lang])
        stored = fields(chat)
        assert stored["amount"] == "899.00" and stored["paid_on"] == "2026-11-11"
        assert stored["shop"] == {"zh": "小李数码专营店", "en": "Xiao Li Digital store"}[lang]  # the name only
        assert words(lang, "ask.order_no") in chat.last
        asked = fill_rest(chat, lang)
        assert "amount" not in asked and "paid_on" not in asked
    finally:
        chat.close()


@pytest.mark.parametrize(("lang", "typed", "item"), [
    ("zh", "一双耐克跑鞋 899", "一双耐克跑鞋"), ("en", "a rice cooker, 399 kuai", "a rice cooker")])
def test_an_item_answered_with_its_price_keeps_the_name_and_fills_the_price(
        tmp_path: Path, lang: str, typed: str, item: str) -> None:
    """The thing's name typed first and its price after it: the name is the item, the price
    the amount, and the amount is not asked."""
    chat = Chat(tmp_path / "s.db", lang="zh-hans" if lang == "zh" else "en")
    try:
        chat.send("投诉" if lang == "zh" else "complain")
        chat.click(KB.category("quality").name.get(lang))
        for _ in range(10):
            slot = slot_of(chat)
            if slot == "item":
                break
            if slot == "platform":
                chat.click("天猫" if lang == "zh" else "Tmall")
            elif slot in ANSWERS:
                chat.send(ANSWERS[slot])
            else:
                chat.click("跳过" if lang == "zh" else "Skip")
        assert slot_of(chat) == "item", chat.last
        chat.send(typed)
        stored = fields(chat)
        assert stored["item"] == item and stored["amount"] == {"zh": "899.00", "en": "399.00"}[lang]
        assert "amount" not in fill_rest(chat, lang)
    finally:
        chat.close()


@pytest.mark.parametrize(("lang", "typed", "slot", "value"), [
    ("zh", "花了八百九十九块", "amount", "899.00"),
    ("en", "I paid 1,299 yuan", "amount", "1299.00"),
    ("zh", "11月11号买的", "paid_on", "2026-11-11"),
    ("en", "bought it on singles day", "paid_on", "2026-11-11"),
    ("zh", "我在天猫上买的", "platform", "tmall"),
    # a date with no word saying which: the date asked (today is Friday 2026-11-27)
    ("zh", "两周前吧", "paid_on", "2026-11-13"),
    ("zh", "上个月15号", "paid_on", "2026-10-15"),
    ("zh", "琴日", "paid_on", "2026-11-26"),
    ("en", "about two weeks ago", "paid_on", "2026-11-13"),
    ("en", "the 15th of last month", "paid_on", "2026-10-15"),
    # the shop's name inside a sentence
    ("zh", "就是那家叫优品生活的店", "shop", "优品生活"),
    ("en", "I bought it from the Uniqlo official store", "shop", "Uniqlo official store"),
])
def test_an_answer_read_inside_a_sentence(tmp_path: Path, lang: str, typed: str, slot: str,
                                          value: str) -> None:
    """A sentence answering the question is read for its value, and kept word for word."""
    chat = Chat(tmp_path / "s.db", lang="zh-hans" if lang == "zh" else "en")
    try:
        chat.send("投诉" if lang == "zh" else "complain")
        chat.click(KB.category("quality").name.get(lang))
        for _ in range(12):
            if slot_of(chat) == slot:
                break
            fill_one(chat, lang)
        assert slot_of(chat) == slot
        chat.send(typed)
        assert fields(chat)[slot] == value
        assert slot_of(chat) != slot
        notes = show_case(chat.store, 1)["notes"]  # type: ignore[index]
        assert {"kind": "answer", "field": slot, "text": typed} in [
            {k: n[k] for k in ("kind", "field", "text")} for n in notes]
    finally:
        chat.close()


def fill_one(chat: Chat, lang: str) -> None:
    slot = slot_of(chat)
    if slot == "platform":
        chat.click("天猫" if lang == "zh" else "Tmall")
    elif slot in ANSWERS:
        chat.send(ANSWERS[slot])
    else:
        chat.click("跳过" if lang == "zh" else "Skip")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_answer_given_is_never_overwritten_by_a_later_guess(tmp_path: Path, lang: str) -> None:
    chat = Chat(tmp_path / "s.db", lang="zh-hans" if lang == "zh" else "en")
    try:
        chat.send("投诉" if lang == "zh" else "complain")
        chat.click(KB.category("quality").name.get(lang))
        chat.click("淘宝" if lang == "zh" else "Taobao")  # the shopper's own answer
        chat.send({"zh": "在天猫的小李数码专营店，花了500块", "en": "the Xiao Li Digital store on Tmall, paid 500 yuan"}[lang])
        stored = fields(chat)
        assert stored["platform"] == "taobao"  # not replaced by the later 天猫
        assert stored["amount"] == "500.00"  # an empty field is filled
    finally:
        chat.close()


def test_a_phone_number_is_never_an_amount_nor_an_order(tmp_path: Path) -> None:
    chat = Chat(tmp_path / "s.db")
    try:
        open_with(chat, "zh", "在淘宝买的耳机坏了，卖家电话13812345678一直打不通，我付了300", "quality")
        stored = fields(chat)
        assert stored.get("amount") == "300.00" and "order_no" not in stored
        assert "13812345678" not in stored.get("amount", "")
    finally:
        chat.close()


@pytest.mark.parametrize(("lang", "wish", "demand"), [
    ("zh", "我想退货退款", "refund_return"),
    ("en", "I want a replacement", "exchange"),
])
def test_an_answer_to_another_question_is_kept_and_this_one_asked_again(
        tmp_path: Path, lang: str, wish: str, demand: str) -> None:
    """Asked for a date, the shopper says what they want: the wish is noted (not asked later)
    and the date is asked again."""
    chat = Chat(tmp_path / "s.db", lang="zh-hans" if lang == "zh" else "en")
    try:
        chat.send("投诉" if lang == "zh" else "complain")
        chat.click(KB.category("quality").name.get(lang))
        for _ in range(20):  # answer until the form asks for a date
            slot = slot_of(chat)
            assert slot is not None, chat.last
            if forms.SLOTS[slot].kind == "date":
                break
            if slot == "platform":
                chat.click("天猫" if lang == "zh" else "Tmall")
            else:
                chat.send(ANSWERS[slot])
        chat.send(wish)
        assert fields(chat)["demand"] == demand
        assert slot_of(chat) == slot  # the date is asked again
        said = " ".join(chat.texts[-3:])
        assert words(lang, "field.demand") in said and words(lang, f"ask.{slot}") in chat.last
        asked = fill_rest(chat, lang)
        assert "demand" not in asked, asked
    finally:
        chat.close()


@pytest.mark.parametrize(("lang", "wish"), [("zh", "退钱就行"), ("zh", "想佢退錢俾我"), ("en", "tuikuan please")])
def test_what_they_want_is_read_without_a_word_of_wanting(tmp_path: Path, lang: str, wish: str) -> None:
    """Asked what they want, "a refund will do" is the wish: the one refund the category offers."""
    chat = Chat(tmp_path / "s.db", lang="zh-hans" if lang == "zh" else "en")
    try:
        chat.send("投诉" if lang == "zh" else "complain")
        chat.click(KB.category("late_shipping").name.get(lang))
        for _ in range(20):
            if slot_of(chat) == "demand":
                break
            fill_one(chat, lang)
        assert slot_of(chat) == "demand"
        chat.send(wish)
        assert fields(chat)["demand"] == "refund_only"
        assert words(lang, "review.title") in chat.last
    finally:
        chat.close()


@pytest.mark.parametrize(("lang", "typed", "value"), [
    ("zh", "大概三百块左右", "300.00"), ("en", "about 1.2k", "1200.00"), ("zh", "一千二蚊", "1200.00")])
def test_a_round_figure_is_the_amount(tmp_path: Path, lang: str, typed: str, value: str) -> None:
    chat = Chat(tmp_path / "s.db", lang="zh-hans" if lang == "zh" else "en")
    try:
        chat.send("投诉" if lang == "zh" else "complain")
        chat.click(KB.category("quality").name.get(lang))
        for _ in range(12):
            if slot_of(chat) == "amount":
                break
            fill_one(chat, lang)
        chat.send(typed)
        assert fields(chat)["amount"] == value
        assert slot_of(chat) != "amount"
    finally:
        chat.close()
