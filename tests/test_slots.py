"""Issue 12, must-show 6: slots from free text, one row per way of saying a thing.

Each row: a message (zh or en) and the fields it fills, as the form would store them after
the field's own reader (validators, the form's date parser). Dates are read with today
2026-11-27 (a Friday). `None` means the field must NOT be filled: an ambiguous number, a
phone, a platform a scammer pretended to be, a refund the seller refused.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dialogs.validators import Invalid, a_date, amount
from knowledge.loader import load_kb
from knowledge.slots import extract

TODAY = date(2026, 11, 27)
KB = load_kb()

ROWS: list[tuple[str, dict[str, str | None]]] = [
    # the issue's own example
    ("我11月11号在天猫耐克旗舰店花899买的鞋是假的",
     {"platform": "tmall", "shop": "耐克旗舰店", "amount": "899.00", "item": "鞋",
      "date:paid_on": "2026-11-11"}),
    # platforms
    ("在淘宝上买的耳机是坏的", {"platform": "taobao", "item": "耳机"}),
    ("天貓買的外套質量太差", {"platform": "tmall"}),
    ("ordered it on Taobao last week", {"platform": "taobao"}),
    ("Tmall order, the seller won't answer", {"platform": "tmall"}),
    ("有人冒充淘宝客服让我转账", {"platform": None}),
    ("someone posing as Tmall support called me", {"platform": None}),
    ("a guy pretending to be Taobao service", {"platform": None}),
    ("淘宝上的天猫店", {"platform": None}),  # both named: not guessed
    ("有个假的淘宝客服打电话给我", {"platform": None}),
    ("有个人说是淘宝的理赔专员让我下载软件", {"platform": None}),
    ("a fake Taobao agent called me", {"platform": None}),
    ("蛋糕是假的 淘宝上买的", {"platform": "taobao"}),  # a fake cake, bought on Taobao
    # shops
    ("在小米官方旗舰店买的手机", {"shop": "小米官方旗舰店", "item": "手机"}),
    ("一家叫小李数码的店卖给我假耳机", {"shop": "小李数码"}),
    ("店名叫优品生活，东西是假的", {"shop": "优品生活"}),
    ("我在上海家居旗舰店买了一台电脑", {"shop": "上海家居旗舰店", "item": "电脑"}),
    ("这家店卖假货", {"shop": None}),
    ("退款以后店家一直打电话骚扰我", {"shop": None}),  # the shopkeeper, not a shop named 退款以后
    ("但店家说不退", {"shop": None}),
    ("我在网上订酒店套餐", {"shop": None}),  # a hotel
    ("Apple 官方旗舰店", {"shop": "Apple 官方旗舰店"}),  # as written
    ("有間舖頭公開賣假證件", {"shop": None}),
    ("someone from the shop called my workplace", {"shop": None}),
    ("卖家叫我自己找快递", {"shop": None}),
    ("the seller called me twice", {"shop": None}),
    ("店铺叫「优品生活」", {"shop": "优品生活"}),
    ("在网店买的", {"shop": None}),
    ("bought from the Nike official store", {"shop": "Nike official store"}),
    ("the shop name is Happy Home Store", {"shop": "Happy Home Store"}),
    ("it was Li's Digital Store on Taobao", {"shop": "Li's Digital Store"}),  # an apostrophe is inside the name
    ("a shop called Happy Feet sold me fake boots", {"shop": "Happy Feet"}),
    # items
    ("双十一买了一双耐克鞋，结果是假的", {"item": "耐克鞋", "date:paid_on": "2026-11-11"}),
    ("买了个手机壳质量很差", {"item": "手机壳"}),
    ("买的东西是假的", {"item": None}),
    ("我买了好几次都没问题，这次收到的是旧的", {"item": None}),
    ("买的时候说送赠品", {"item": None}),
    ("我买的iPhone 15是假的", {"item": "iPhone 15"}),
    ("在天猫超市买了两箱牛奶，过期了", {"item": "牛奶", "platform": "tmall"}),
    ("买了台灯", {"item": "台灯"}),
    ("I bought a pair of running shoes from Tmall", {"item": "running shoes", "platform": "tmall"}),
    ("I ordered a phone case, it never came", {"item": "phone case"}),
    # an item's name ends where the words stop naming a thing
    ("买了个电饭煲两个礼拜了还没发货", {"item": "电饭煲"}),
    ("在淘宝买的羽绒服质量太差", {"item": "羽绒服"}),
    ("买的面膜过期了", {"item": "面膜"}),
    ("买了一双李宁的跑鞋", {"item": "李宁的跑鞋"}),
    ("收到的裙子颜色不对", {"item": "裙子"}),
    ("买咗部平板電腦", {"item": "平板电脑"}),
    ("在淘宝买的保修期内坏了", {"item": None}),
    ("买了3件", {"item": None}),
    ("我拍的两件发来一件", {"item": None}),
    ("收到的蛋糕盒子被压扁了", {"item": "蛋糕"}),
    ("买的茅台喝着不对劲", {"item": "茅台"}),
    ("我买的电脑商家非要我先充值", {"item": "电脑"}),
    ("可是我才买了二十五天", {"item": None}),
    ("我買咗六百幾蚊", {"item": None}),
    ("收到的小棕瓶跟专柜的不一样", {"item": "小棕瓶"}),
    ("订的一箱二十四瓶牛奶只到了二十瓶", {"item": "牛奶"}),
    ("i ordered size 38 but got 40", {"item": None}),
    ("ordered a set of 4 chairs, only 3 came", {"item": "chairs"}),
    ("paid on Monday, still waiting", {"item": None}),
    ("I paid 120 yuan for a desk lamp on Taobao", {"item": "desk lamp", "amount": "120.00"}),
    ("ordered three bottles of shampoo", {"item": "shampoo"}),
    ("买的手机屏幕碎了", {"item": "手机"}),  # the thing, not its broken part
    ("the mirror I ordered arrived shattered", {"item": "mirror"}),
    ("I paid for a winter jacket on Nov 25", {"item": "winter jacket", "date:paid_on": "2026-11-25"}),
    # amounts, in every way they are written
    ("花了899", {"amount": "899.00"}),
    ("¥899", {"amount": "899.00"}),
    ("￥1,299.50买的", {"amount": "1299.50"}),
    ("八百九十九块买的", {"amount": "899.00"}),
    ("花了一千二", {"amount": "1200.00"}),
    ("两千五百元的包", {"amount": "2500.00"}),
    ("899块钱", {"amount": "899.00"}),
    ("1.5万元买的包", {"amount": "15000.00"}),
    ("paid 899 yuan", {"amount": "899.00"}),
    ("it cost 350 RMB", {"amount": "350.00"}),
    ("I spent 60 on it", {"amount": "60.00"}),
    ("被骗了3000元", {"amount_lost": "3000.00", "amount": None}),
    ("scammed out of 5000 yuan", {"amount_lost": "5000.00"}),
    # numbers that are no amount
    ("用了3天就坏了", {"amount": None}),
    ("卖家电话13812345678", {"amount": None, "order_no": None}),
    ("打12315没人接", {"amount": None}),
    ("买了2件", {"amount": None}),
    ("899", {"amount": None}),  # a bare number says nothing about what it is
    ("花了899，商家只肯退50", {"amount": "899.00"}),
    ("商家说可以退50元补偿，我不同意", {"amount": None, "demand": None}),
    ("paid 899 yuan, they offered a refund of 100 yuan", {"amount": "899.00"}),
    ("The store said I need to pay a 50 yuan deposit", {"amount": None}),
    ("the seller offered me 30 yuan to keep it", {"amount": None}),  # a person between: still an offer
    ("it cost me 450 yuan", {"amount": "450.00"}),
    ("客服说要交200元保证金才能退款", {"amount": None}),
    ("got a broken vase, want compensation 300 yuan", {"amount": None, "demand": "compensation"}),
    ("9.9包邮买的数据线", {"amount": "9.90", "item": "数据线", "date:paid_on": None}),
    # thousands as k or w, tenths after the yuan, Cantonese 蚊, a price beside the thing's name
    ("paid 1.5k for a coat", {"amount": "1500.00", "item": "coat"}),
    ("spent 3k on a sofa", {"amount": "3000.00", "item": "sofa"}),
    ("Paid 1.2k", {"amount": "1200.00", "date_said": None}),
    ("九块九买的手机壳", {"amount": "9.90", "item": "手机壳"}),
    ("花了300块5", {"amount": "300.50"}),
    ("800蚊買嘅", {"amount": "800.00"}),
    ("买的台灯 一百二", {"amount": "120.00", "item": "台灯"}),
    ("在天猫买的电热毯 399 用了一次就坏了", {"amount": "399.00", "item": "电热毯"}),
    ("上礼拜在天猫买的手机一千二收到就是坏的", {"amount": "1200.00", "item": "手机"}),
    ("买了小米14 3999", {"item": "小米14", "amount": None}),  # joined digits are a model
    ("买的鞋 42码", {"item": "鞋", "amount": None}),
    ("买了个iPhone 15 Pro 8999", {"item": "iPhone 15 Pro"}),
    ("买了3件，退了1件，还差50块没退", {"amount": None, "item": None}),
    # order numbers
    ("订单号 1234 5678 9012 3456", {"order_no": "1234567890123456", "amount": None}),
    ("order no. 2345678901234567890", {"order_no": "2345678901234567890"}),
    ("订单号：２３４５６７８９０１２３４５６７", {"order_no": "2345678901234567"}),
    # dates, in every form, and which date each is
    ("11月11号买的", {"date:paid_on": "2026-11-11"}),
    ("双十一下的单", {"date:order_created_on": "2026-11-11"}),
    ("上周五收到的", {"date:received_on": "2026-11-20"}),
    ("三天前签收的", {"date:received_on": "2026-11-24"}),
    ("昨天申请了退款", {"date:refund_requested_on": "2026-11-26"}),
    ("11/11付款的", {"date:paid_on": "2026-11-11"}),
    ("2026-11-03发的货", {"date:shipped_on": "2026-11-03"}),
    ("11月11号买的，昨天才收到", {"date:paid_on": "2026-11-11", "date:received_on": "2026-11-26"}),
    ("11月3号拍的连衣裙，11月5号到的", {"date:order_created_on": "2026-11-03",
                                     "date:received_on": "2026-11-05"}),
    ("I bought it yesterday", {"date:paid_on": "2026-11-26"}),
    ("received on Nov 20", {"date:received_on": "2026-11-20"}),
    ("Got my order 3 days ago", {"date:received_on": "2026-11-24"}),  # "my order" is no ordering
    ("paid on 11/11, it arrived 3 days ago", {"date:paid_on": "2026-11-11",
                                               "date:received_on": "2026-11-24"}),
    ("bought it on singles day", {"date:paid_on": "2026-11-11"}),
    ("去年双十二买的", {"date:paid_on": "2025-12-12"}),
    ("11月11号", {"date:paid_on": None}),  # a date with no word saying which: not placed
    # weeks and months back, days of last or this month (today is Friday 2026-11-27)
    ("两个星期前买的电热水壶", {"date:paid_on": "2026-11-13", "item": "电热水壶"}),
    ("半个月前下单的", {"date:order_created_on": "2026-11-12"}),
    ("I paid for it three weeks ago", {"date:paid_on": "2026-11-06"}),
    ("a month ago I bought a kettle", {"date:paid_on": "2026-10-27", "item": "kettle"}),
    ("三个月前买的手机", {"date:paid_on": "2026-08-27", "item": "手机"}),
    ("上个月20号收到的", {"date:received_on": "2026-10-20"}),
    ("这个月2号发的货", {"date:shipped_on": "2026-11-02"}),
    ("上上个月5号付的款", {"date:paid_on": "2026-09-05"}),
    ("我买了台冰箱，两周前送到的", {"date:received_on": "2026-11-13", "item": "冰箱"}),
    ("两周前", {"date:paid_on": None, "date_said": "2周前"}),  # no field said: only for a date asked
    # a date belongs to the event its clause names: whose receipt, which parcel
    ("商家都签收三天了还不退款", {"date:received_on": None, "date_said": None}),
    ("退货寄回去了，卖家11月24号签收的", {"date:received_on": None, "date_said": None}),
    ("賣家簽收咗退貨三日都未退錢", {"date:received_on": None}),
    ("卖家说11月20号就签收了，可我没收到", {"date:received_on": "2026-11-20"}),  # only says so
    ("我退货11月25号寄出的", {"date:shipped_on": None}),
    ("卖家11月25号发的货", {"date:shipped_on": "2026-11-25"}),
    ("the seller signed for my return 3 days ago", {"date:received_on": None, "date_said": None}),
    ("I signed for it on Nov 20", {"date:received_on": "2026-11-20"}),
    ("I sent it back, the seller received it on Nov 24", {"date:received_on": None}),
    # how long since the event written before it (never an event said not to have happened)
    ("申请退款三天了商家一直不处理", {"date:refund_requested_on": "2026-11-24"}),
    ("下单3天了还没发货", {"date:order_created_on": "2026-11-24"}),
    ("买了一个月了就坏了", {"date:paid_on": "2026-10-27"}),
    ("三天了还没发货", {"date:shipped_on": None, "date_said": None}),
    ("用了三天了", {"date_said": None}),
    # written Cantonese dates
    ("琴日收到嘅", {"date:received_on": "2026-11-26"}),
    ("前日收到嘅貨", {"date:received_on": "2026-11-25"}),
    ("上個禮拜三付咗款", {"date:paid_on": "2026-11-18"}),
    # what they want
    ("我想退货", {"demand": "refund_return"}),
    ("要求退一赔三", {"demand": "triple"}),
    ("假一赔三", {"demand": "triple"}),
    ("只想仅退款", {"demand": "refund_only"}),
    ("希望换货", {"demand": "exchange"}),
    ("商家拒绝退款", {"demand": None}),  # tells what happened, asks nothing
    ("申请退款后卖家一直拒绝", {"demand": None}),
    ("我不想退货，想换一个", {"demand": "exchange"}),
    ("I want a replacement", {"demand": "exchange"}),
    ("I would like a repair", {"demand": "repair"}),
    ("I want my money back", {"demand:refund": "refund_only|refund_return"}),
    ("I want tuihuo", {"demand": "refund_return"}),  # pinyin
    ("想換過一部", {"demand": "exchange"}),  # written Cantonese
    # named without a word of wanting: only the answer to what they want, never refused ones
    ("退款就行", {"demand": None, "demand_said": "refund"}),
    ("the seller refused a refund", {"demand": None, "demand_said": None}),
    ("卖家要求我先转账才发货", {"demand": None}),  # wanted of the shopper, not by them
    ("催发货 一周了", {"date:shipped_on": None}),  # not shipped yet
    # Traditional and written Cantonese
    ("喺天貓買咗對波鞋，係假嘅，俾咗899蚊", {"platform": "tmall", "item": "波鞋", "amount": "899.00"}),
    ("我喺淘寶買嘅耳機壞咗", {"platform": "taobao", "item": "耳机"}),
    # the story itself
    ("双十一在淘宝买的蓝牙耳机用了三天就坏了，客服不理我",
     {"description": "双十一在淘宝买的蓝牙耳机用了三天就坏了，客服不理我"}),
    ("假货", {"description": None}),
]


def read(text: str) -> dict[str, str]:
    """What the extractor found, each value as the form would store it."""
    out: dict[str, str] = {}
    for found in extract(text, TODAY, KB):
        if found.slot == "date":
            parsed = a_date(found.value, TODAY, KB)
            value = found.day.isoformat() if isinstance(parsed, Invalid) and found.day \
                else getattr(parsed, "value", "")
            out[f"date:{found.fields[0]}"] = value
        elif found.slot in ("amount", "amount_lost"):
            out[found.slot] = getattr(amount(found.value, TODAY, KB), "value", "?")
        elif found.slot == "demand" and len(found.fields) > 1:
            out["demand:refund"] = "|".join(found.fields)
        else:
            out[found.slot] = found.value
    return out


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[r[0][:24] for r in ROWS])
def test_slots_from_free_text(text: str, expected: dict[str, str | None]) -> None:
    got = read(text)
    for slot, value in expected.items():
        assert got.get(slot) == value, (slot, got)


def test_the_table_is_wide() -> None:
    assert len(ROWS) >= 40
    assert sum(1 for text, _ in ROWS if text.isascii()) >= 15  # English rows too


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,/-:： 元块¥月号日天前上周五双十一买的花了付收到在天猫淘宝店旗舰订单号退款想要"
                                             "abcdefghijklmnopqrstuvwxyz")), max_size=60)
       | st.text(max_size=60))
@example("十十一")  # cn2an raised KeyError inside the numeral normaliser
def test_any_text_is_read_without_error(text: str) -> None:
    """Whatever is typed, the extractor answers; every number it offers is one the form takes."""
    for found in extract(text, TODAY, KB):
        if found.slot in ("amount", "amount_lost"):
            assert found.value and any(c.isdigit() for c in found.value)
        if found.slot == "order_no":
            assert found.value.isdigit() and 12 <= len(found.value) <= 20
