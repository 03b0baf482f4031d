"""Issue 11, must-show 7: the whole walk, per category, in zh and in en, as a shopper on a phone
does it: the problem told in a sentence, a photo sent mid-form, the platform's name typed for
the shop, full-width digits with spaces, a typo fixed with /back, an amount typed wrong and then
with 元, a question asked in the middle, a date in the future, dates out of order, an
emoji-only story; then the review card, filing, the next step and the deadlines.

Each step asserts what the shopper would notice: the question asked, what was stored, the
refusal that quotes what they typed, the card, the filed case's next step and its deadlines.
The console engine (the real service on a real SQLite file), not Telegram, keeps it fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.store.cases import show_case
from dialogs import forms
from dialogs.texts import t
from knowledge.loader import load_kb
from tests.chat import Chat
from tests.test_evidence_make import jpeg

KB = load_kb()


@dataclass(frozen=True)
class Walk:
    slug: str
    opening: dict[str, str]  # the problem in the shopper's words, typed at the category question
    item: tuple[str, str]  # (with a typo, corrected) in zh and en: see ITEMS
    story: dict[str, str]
    # what the opening itself says (issue 12, slots from free text): the form does not ask it,
    # the card marks it as understood, and the walk corrects it with /back or "that's wrong"
    understood: dict[str, dict[str, str]] = field(default_factory=dict)


WALKS = [
    Walk("counterfeit", {"zh": "买的鞋子是假的，防伪码查不到", "en": "the shoes are fake, the code doesn't verify"},
         ("耐克 Air Maz 90", "耐克 Air Max 90"),
         {"zh": "鞋标歪了，防伪码查不到，客服说是正品不给退。",
          "en": "The label is crooked and the anti-fake code fails; the seller says it is genuine."},
         {"zh": {"item": "鞋子"}}),
    Walk("quality", {"zh": "耳机用了三天就坏了", "en": "the headphones broke after three days"},
         ("蓝牙耳几", "蓝牙耳机"),
         {"zh": "收到第三天右耳就没声音了，客服让我自己找售后。",
          "en": "On the third day the right ear went silent; the seller told me to find repairs myself."}),
    Walk("not_as_described", {"zh": "收到的颜色和图片不一样，货不对板", "en": "the colour is different from the pictures, not as described"},
         ("卫衣 XL 黑", "卫衣 XL 黑色"),
         {"zh": "详情页写的是黑色纯棉，收到的是灰色化纤。",
          "en": "The page says black cotton; I got grey polyester."},
         {"zh": {"description": "收到的颜色和图片不一样，货不对板"},
          "en": {"description": "the colour is different from the pictures, not as described"}}),
    Walk("not_received", {"zh": "显示签收了但我没收到货", "en": "it shows delivered but I never got the parcel"},
         ("电饭宝", "电饭煲"),
         {"zh": "物流显示已签收，但家里和驿站都没有，快递员不接电话。",
          "en": "Tracking says signed for, but nothing at home or at the pick-up point."}),
    # (the opening names no date: "paid a week ago" fills the payment date, tests/test_slots.py)
    Walk("late_shipping", {"zh": "商家拖了很久还不发货", "en": "I paid long ago and the seller still hasn't shipped"},
         ("空气炸锅5L", "空气炸锅 5L"),
         {"zh": "付款一周了还没发货，客服一直说在催仓库。",
          "en": "A week after paying nothing has shipped; the seller keeps saying the warehouse is slow."},
         {"en": {"description": "I paid long ago and the seller still hasn't shipped"}}),
    Walk("logistics_damage", {"zh": "快递摔坏了，外箱都破了", "en": "the courier smashed it, the box was crushed"},
         ("玻璃花平", "玻璃花瓶"),
         {"zh": "外箱压扁，花瓶碎成三块，签收时当场拍了照。",
          "en": "The box was crushed and the vase was in three pieces; I took photos on delivery."}),
    Walk("after_sales_refused", {"zh": "七天无理由退货商家不给退", "en": "the seller refuses my 7-day no-reason return"},
         ("连衣群", "连衣裙"),
         {"zh": "签收第三天申请七天无理由退货，商家以已拆吊牌为由拒绝。",
          "en": "I asked for a 7-day return on day three; the seller refused because the tag was cut."}),
    Walk("broken_promise", {"zh": "说好的赠品没给", "en": "the free gift they promised never came"},
         ("咖啡机送磨都机", "咖啡机送磨豆机"),
         {"zh": "下单前客服承诺送磨豆机，收货后说活动结束了不给。",
          "en": "Before I ordered they promised a grinder as a gift; now they say the offer ended."}),
    Walk("harassment", {"zh": "卖家一直打电话骚扰我", "en": "the seller keeps calling and harassing me"},
         ("手记壳", "手机壳"),
         {"zh": "给了中评后卖家每天打十几个电话，还发短信辱骂。",
          "en": "After a neutral review the seller calls a dozen times a day and sends abusive texts."}),
    Walk("malicious_review", {"zh": "卖家给我恶意差评", "en": "the seller left me a malicious review"},
         ("台灯", "LED 台灯"),
         {"zh": "我按时付款收货，卖家却在评价里写我是骗子。",
          "en": "I paid and received on time, yet the seller's review calls me a fraud."}),
    Walk("prohibited_goods", {"zh": "这家店在卖违禁品", "en": "this shop sells prohibited goods"},
         ("管制刀俱", "管制刀具"),
         {"zh": "店里公开卖管制刀具，商品页还写着包过安检。",
          "en": "The shop openly sells restricted knives and promises they pass security checks."}),
    Walk("fraud", {"zh": "有人冒充淘宝客服让我转账，我被骗了", "en": "someone posing as Taobao customer service made me transfer money, I was scammed"},
         ("退款理赔", "退款理赔（假客服）"),
         {"zh": "对方自称淘宝客服，说订单异常要理赔，让我转账验证，转了之后就联系不上了。",
          "en": "They said they were Taobao support, asked me to transfer money to verify a refund, then vanished."},
         {"zh": {"description": "有人冒充淘宝客服让我转账，我被骗了"},
          "en": {"description": "someone posing as Taobao customer service made me transfer money, "
                                "I was scammed"}}),
    Walk("other", {"zh": "其他", "en": "Other"},
         ("会员卡", "健身会员卡"),
         {"zh": "买课时被强制搭售了会员卡，不买就不让下单。",
          "en": "I was forced to buy a membership card with the course, or I couldn't order."}),
]
ITEM_EN = {  # the English walk's item, with a typo first
    "counterfeit": ("Nike Air Maz 90", "Nike Air Max 90"), "quality": ("Bluetoth headset", "Bluetooth headset"),
}
# What the filed case's deadline list says, from the dates of the walk (paid on 双十一, the
# second date 11-13, today 2026-11-27): each window with its date and its meaning.
SEVEN_DAYS = {"zh": ("七天无理由退货：已在 2026-11-20 23:59",),
              "en": ("7-day no-reason return: closed at 2026-11-20 23:59",)}
FIFTEEN_DAYS = {"zh": ("15 天：已在 2026-11-26 00:00",), "en": ("closed at 2026-11-26 00:00",)}
DEADLINES: dict[str, dict[str, tuple[str, ...]]] = {
    "quality": {"zh": (*SEVEN_DAYS["zh"], "请在 2026-11-28 23:59", "前以质量问题申请退货或换货",
                       "请在 2026-12-13 23:59", "前申请维修"),
                "en": (*SEVEN_DAYS["en"], "by 2026-11-28 23:59", "you must ask for a return or "
                       "exchange", "by 2026-12-13 23:59", "you must ask for a repair")},
    "not_as_described": SEVEN_DAYS,
    "after_sales_refused": SEVEN_DAYS,
    "late_shipping": {"zh": ("卖家原应在 2026-11-12 00:00", "这个时间已经过了", "⚠ 存疑"),
                      "en": ("the seller had until 2026-11-12 00:00", "that time has passed",
                             "⚠ Doubtful")},
    "broken_promise": FIFTEEN_DAYS,
    "harassment": FIFTEEN_DAYS,
    "malicious_review": FIFTEEN_DAYS,
}
# The sources set no time limit of their own for these: the bot says so rather than invent one.
NO_RULES = frozenset({"fraud", "other"})
SHOP = {"zh": "小李数码专营店", "en": "Xiao Li Digital store"}
ORDER_TYPED = "２３４５ ６７８９ ０１２３ ４５６７ ８９０"  # full-width digits in groups
ORDER_KEPT = "2345678901234567890"


def words(lang: str, key: str, **params: object) -> str:
    return t(lang, key, **params)


def session(chat: Chat):  # type: ignore[no-untyped-def]
    return chat.store.load(chat.user_id, chat.user_id, "zh", "Asia/Shanghai").session


def fields(chat: Chat) -> dict[str, str]:
    return {k: v for k, v in show_case(chat.store, 1)["fields"].items() if v}


def asked(chat: Chat, slot: str, lang: str) -> None:
    """The question for `slot` is what the shopper sees now, and the form waits on it."""
    assert session(chat).slot == slot, (slot, chat.last)
    assert words(lang, f"ask.{slot}") in chat.last, (slot, chat.last)


def refused(chat: Chat, lang: str, typed: str, slot: str) -> None:
    """A refusal quotes what was typed, and the same question comes again."""
    assert words(lang, "refused.quote", text=typed) in chat.last, chat.last
    asked(chat, slot, lang)


def choose_category(chat: Chat, walk: Walk, lang: str) -> None:
    name = KB.category(walk.slug).name.get(lang)
    chat.send(walk.opening[lang])
    if walk.slug == "fraud":  # stop paying and call 110 comes before any question
        assert "110" in " ".join(chat.texts[-3:])
    for _ in range(3):
        if words(lang, "category.chosen", name=name) in " ".join(chat.texts[-2:]):
            return
        if name in chat.buttons:
            chat.click(name)
        elif words(lang, "btn.other_category") in chat.buttons:
            chat.click(words(lang, "btn.other_category"))
        else:
            raise AssertionError(chat.last)
    raise AssertionError(f"never chose {walk.slug}: {chat.last}")


def answer_head(chat: Chat, walk: Walk, lang: str) -> None:
    """Platform, shop (a photo and a platform name first), order number, item (a typo fixed
    with /back), amount (1e5, then with 元)."""
    asked(chat, "platform", lang)
    chat.send("天猫。" if lang == "zh" else "tmall")
    assert fields(chat)["platform"] == "tmall"
    asked(chat, "shop", lang)
    replies = chat.send_files((jpeg(seed=hash(walk.slug) % 1000), "photo", None))
    assert words(lang, "evidence.receiving", n=1, id=1) in replies[0]
    assert words(lang, "ask.shop") in replies[-1]  # the form's question again, not lost
    chat.send("淘宝" if lang == "zh" else "Taobao")
    refused(chat, lang, "淘宝" if lang == "zh" else "Taobao", "shop")
    chat.send(SHOP[lang])
    assert fields(chat)["shop"] == SHOP[lang]
    asked(chat, "order_no", lang)
    chat.send(ORDER_TYPED)
    assert fields(chat)["order_no"] == ORDER_KEPT
    typo, right = walk.item if lang == "zh" else ITEM_EN.get(walk.slug, ("Wireles mouse", "Wireless mouse"))
    known = walk.understood.get(lang, {})
    if "item" in known:  # the opening named the item: not asked, yet /back reaches it
        asked(chat, "amount", lang)
        assert fields(chat)["item"] == known["item"]
        chat.send("/back")
        asked(chat, "item", lang)
        assert known["item"] in chat.last
    else:
        asked(chat, "item", lang)
    chat.send(typo)
    asked(chat, "amount", lang)
    chat.send("/back")  # the typo: back to the item, which is kept and shown
    asked(chat, "item", lang)
    assert typo in chat.last and fields(chat)["item"] == typo
    chat.send(right)
    assert fields(chat)["item"] == right
    asked(chat, "amount", lang)
    chat.send("1e5")
    refused(chat, lang, "1e5", "amount")
    assert "amount" not in fields(chat)
    chat.send("399元" if lang == "zh" else "¥399")
    assert fields(chat)["amount"] == "399.00"
    for slot in KB.category(walk.slug).form.extra:  # the fraud form: the amount lost
        asked(chat, slot, lang)
        chat.send("３０００元" if lang == "zh" else "3,000 yuan")
        assert fields(chat)[slot] == "3000.00"


def answer_dates(chat: Chat, lang: str) -> list[str]:
    """The first date after a question asked mid-form and a date in the future; the second
    before the first (refused, with the reason), then right; the rest skipped."""
    given: list[str] = []
    while (slot := session(chat).slot) and forms.SLOTS[slot].kind == "date":
        asked(chat, slot, lang)
        if not given:
            chat.send("七天无理由怎么算？" if lang == "zh" else "How does the 7-day return work?")
            assert words(lang, "form.resume") in chat.last and session(chat).slot == slot
            assert words(lang, "kb.sources", sources="")[:3] in " ".join(chat.texts[-2:])
            chat.send("明天" if lang == "zh" else "tomorrow")
            refused(chat, lang, "明天" if lang == "zh" else "tomorrow", slot)
            chat.send("双十一" if lang == "zh" else "singles day")
            assert fields(chat)[slot] == "2026-11-11"
            given.append(slot)
        elif len(given) == 1:
            chat.send("11月10日" if lang == "zh" else "Nov 10")
            assert "2026-11-10" in chat.last and "2026-11-11" in chat.last  # why: both dates
            assert slot not in fields(chat)
            chat.send("11月13日" if lang == "zh" else "Nov 13")
            assert fields(chat)[slot] == "2026-11-13"
            given.append(slot)
        else:
            chat.click("跳过" if lang == "zh" else "Skip")
    return given


def answer_tail(chat: Chat, walk: Walk, lang: str) -> None:
    """Whatever else the category asks (answered plainly), an emoji-only story, the demand."""
    for _ in range(10):
        slot = session(chat).slot
        if slot is None:
            return
        spec = forms.SLOTS.get(slot)
        assert slot not in walk.understood.get(lang, {}), slot  # told in the opening: not asked
        if slot == "description":
            asked(chat, slot, lang)
            chat.send("😡😡😡😡😡😡")
            refused(chat, lang, "😡😡😡😡😡😡", slot)
            chat.send(walk.story[lang])
            assert fields(chat)["description"] == walk.story[lang]
        elif slot == "demand":
            asked(chat, slot, lang)
            first = chat.buttons[0]
            chat.click(first)
        elif spec is not None and spec.kind == "date":
            chat.click("跳过" if lang == "zh" else "Skip")
        elif spec is not None and spec.kind == "choice":
            chat.click(chat.buttons[0])
        else:  # a field this walk does not know: a plain answer
            chat.send("500")


def correct_understood(chat: Chat, walk: Walk, lang: str) -> None:
    """The card marks what the opening said; one tap on "that's wrong" asks it, and the emoji-
    only story is refused there as at the question."""
    known = walk.understood.get(lang, {})
    card = chat.last
    for slot, value in known.items():
        if slot == "item":
            continue  # retyped after /back: the shopper's own answer now
        assert fields(chat)[slot] == value
        line = words(lang, "field.line", label=words(lang, f"field.{slot}"), value=value)
        assert line + words(lang, "understood.mark") in card, (line, card)
    if "description" not in known:
        assert words(lang, "understood.mark") not in card
        return
    chat.click(words(lang, "btn.understood_wrong", label=words(lang, "field.description")))
    asked(chat, "description", lang)
    chat.send("😡😡😡😡😡😡")
    refused(chat, lang, "😡😡😡😡😡😡", "description")
    chat.send(walk.story[lang])
    assert fields(chat)["description"] == walk.story[lang]
    assert words(lang, "review.title") in chat.last
    assert words(lang, "understood.mark") not in chat.last  # the shopper's own words now


def check_review(chat: Chat, lang: str, dated: bool) -> None:
    card = chat.last
    assert words(lang, "review.title") in card
    for value in (SHOP[lang], ORDER_KEPT, "399.00", *(["2026-11-11"] if dated else [])):
        assert value in card, value
    chat.send("/skip")  # nothing to skip here: it says so, the card stays
    assert words(lang, "skip.review") in chat.last and words(lang, "review.title") in chat.last
    chat.send("/letter")  # the letter comes after filing
    assert words(lang, "letter.after_filing") in " ".join(chat.texts[-2:])


def check_filed(chat: Chat, walk: Walk, lang: str) -> None:
    filed = chat.last
    name = KB.category(walk.slug).name.get(lang)
    assert words(lang, "filed", id=1, category=name).splitlines()[0] in filed
    category = KB.category(walk.slug)
    advice = (category.next_step_by_platform.get("tmall") or category.next_step).get(lang)
    assert advice.strip().splitlines()[0][:20] in filed  # the category's first step
    if walk.slug in ("fraud", "harassment"):
        assert "110" in filed
    lines = [line for line in filed.splitlines() if line.startswith("• ")]
    expected = DEADLINES.get(walk.slug, {}).get(lang, ())
    for fragment in expected:
        assert fragment in filed, (fragment, filed)
    if not expected:
        none = "status.deadlines_none.no_rules" if walk.slug in NO_RULES else "status.deadlines_none"
        assert not lines and words(lang, none) in filed
    passed = words(lang, "deadline.passed")
    for line in lines:  # every deadline says what it means, none "passed" that only opened
        assert re.search(r"\d{4}-\d{2}-\d{2}", line), line
        opens = ("起可以" in line) if lang == "zh" else ("you can" in line)
        assert not (opens and passed in line), line
    if lang == "en":
        assert "、" not in filed and "；" not in filed
    assert show_case(chat.store, 1)["status"] == "negotiating"
    chat.send("/status")
    assert words(lang, "status.label.negotiating") in chat.last
    assert len(show_case(chat.store, 1)["evidence"]) == 1  # the photo sent mid-form


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("walk", WALKS, ids=[w.slug for w in WALKS])
def test_the_whole_walk(tmp_path: Path, walk: Walk, lang: str) -> None:
    chat = Chat(tmp_path / "w.db", lang="zh-hans" if lang == "zh" else "en")
    try:
        chat.send("投诉" if lang == "zh" else "complain")
        assert words(lang, "ask.category") in chat.last
        choose_category(chat, walk, lang)
        answer_head(chat, walk, lang)
        given = answer_dates(chat, lang)
        assert given or not KB.category(walk.slug).form.dates
        answer_tail(chat, walk, lang)
        correct_understood(chat, walk, lang)
        check_review(chat, lang, bool(given))
        chat.click("确认提交" if lang == "zh" else "Submit")
        check_filed(chat, walk, lang)
    finally:
        chat.close()


def test_every_category_has_a_walk() -> None:
    assert sorted(w.slug for w in WALKS) == sorted(c.slug for c in KB.categories)


TERMINAL = {
    "zh": ["投诉", "买的鞋子是假的，防伪码查不到", "1", "/photo {photo}", "淘宝", "耐克官方旗舰店",
           ORDER_TYPED, "/back", "耐克 Air Maz 90", "/back", "耐克 Air Max 90", "1e5", "399元",
           "七天无理由怎么算？", "明天", "双十一", "11月10日", "11月13日", "跳过", "😡😡😡😡",
           "鞋标歪了，防伪码查不到，客服说是正品不给退。", "假一赔三", "/skip", "确认提交", "/status"],
    "en": ["complain", "the shoes are fake, the code doesn't verify", "1", "/photo {photo}",
           "Taobao", "Nike official store", ORDER_TYPED, "Nike Air Maz 90", "/back",
           "Nike Air Max 90", "1e5", "¥399", "How does the 7-day return work?", "tomorrow",
           "singles day", "Nov 10", "Nov 13", "skip", "😡😡😡😡",
           "The label is crooked and the anti-fake code fails.", "Triple", "/skip", "submit",
           "/status"],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_walk_in_the_terminal(tmp_path: Path, lang: str) -> None:
    """The same walk typed into `weiquan chat` (button numbers and labels as typed text)."""
    from tests.test_console import chat as terminal
    from tests.test_console import cli_json

    photo = tmp_path / "鞋.jpg"
    photo.write_bytes(jpeg(seed=11))
    lines = [line.format(photo=photo) for line in TERMINAL[lang]]
    run = terminal(tmp_path, lines, "--lang", lang)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    out = run.stdout
    for key, params in (("refused.quote", {"text": "淘宝" if lang == "zh" else "Taobao"}),
                        ("refused.quote", {"text": "1e5"}),
                        ("refused.quote", {"text": "明天" if lang == "zh" else "tomorrow"}),
                        ("skip.review", {}), ("status.label.negotiating", {})):
        assert words(lang, key, **params) in out, key
    assert "2026-11-10" in out and "2026-11-11" in out  # the dates out of order, explained
    shown = cli_json(tmp_path, "case", "show", "1")
    assert shown["status"] == "negotiating"
    assert shown["fields"] == {**shown["fields"], "platform": "tmall", "order_no": ORDER_KEPT,
                               "item": "耐克 Air Max 90" if lang == "zh" else "Nike Air Max 90",
                               "amount": "399.00", "paid_on": "2026-11-11",
                               "received_on": "2026-11-13", "demand": "triple"}
    assert len(shown["evidence"]) == 1
