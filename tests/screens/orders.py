"""A Taobao or Tmall order-details page (订单详情) as the phone app lays it out."""

from __future__ import annotations

import random
from datetime import timedelta

from tests.screens import content as ct
from tests.screens.draw import Canvas, Screen

WRAP = 14  # title characters per line of the item card (the price column is to its right)


def order_page(rng: random.Random, width: int, dark: bool, tmall: bool, bar: bool) -> Screen:
    c = Canvas(rng, width, dark, height=round(3400 * width / 1080))
    status = rng.choice(sorted(ct.ORDER_STATUS))
    created, paid, shipped, signed, success = ct.moments(rng, 5)
    if bar:
        c.status_bar()
    c.nav("订单详情")
    _status_card(c, status, rng)
    if status in ("交易成功", "卖家已发货", "等待买家收货"):
        _logistics_card(c, rng, signed if status == "交易成功" else None)
    _address_card(c, rng)
    shop = ct.shop(rng, tmall)
    price = _item_card(c, rng, shop, tmall)
    _price_card(c, rng, price)
    times = [("创建时间", "created_at", created)]
    if status != "交易关闭" or rng.random() < 0.5:
        times.append(("付款时间", "paid_at", paid))
    if status in ("交易成功", "卖家已发货", "等待买家收货"):
        times.append(("发货时间", "shipped_at", shipped))
    if status == "交易成功":
        times.append(("成交时间", "success_at", max(success, signed + timedelta(hours=1))))
    _info_card(c, rng, times)
    _bottom_bar(c, rng, status)
    c.crop_to_content(c.y + 40)
    platform = "tmall" if tmall else "taobao"
    return c.screen(f"order-{platform}", {"platform": platform, "kind": "order",
                                          "today": success.date() + timedelta(days=3)})


def _status_card(c: Canvas, status: str, rng: random.Random) -> None:
    top = c.card(210, gap=10)
    c.text(60, top + 40, status, 60, bold=True, name="status", value=ct.ORDER_STATUS[status])
    hint = {"交易成功": "感谢您的购买，欢迎再次光临", "交易关闭": "退款成功，交易关闭",
            "买家已付款": "商家正在备货，请耐心等待"}.get(status, "还剩9天23时自动确认收货")
    c.text(60, top + 130, hint, 34, color="grey")


def _logistics_card(c: Canvas, rng: random.Random, signed: object) -> None:
    carrier, number = ct.tracking(rng)
    top = c.card(250)
    box = c.text(60, top + 36, carrier, 38, bold=True, name="carrier")
    c.text(box[2] / c.k + 30, top + 38, "运单号", 36, color="grey")
    c.text(box[2] / c.k + 150, top + 38, number, 36, name="tracking_no")
    if signed is not None:
        stamp = ct.stamp(signed)  # type: ignore[arg-type]
        # the date means "signed for" only with the line saying so: both in the field's box
        c.text(60, top + 106, "【杭州市】您的快件已签收，签收人：本人，感谢使用", 34,
               name="received_at", value=stamp)
        c.text(60, top + 170, stamp, 32, color="grey", name="received_at")
    else:
        c.text(60, top + 106, "【运输中】快件已到达 杭州转运中心，正发往下一站", 34)
        c.text(60, top + 170, "查看物流详情 >", 32, color="grey")


def _address_card(c: Canvas, rng: random.Random) -> None:
    top = c.card(190)
    phone = f"1{rng.randint(30, 99)}****{rng.randint(0, 9999):04d}"
    c.text(60, top + 36, f"{rng.choice(ct.NAMES)}  {phone}", 40, bold=True)
    c.text(60, top + 110, rng.choice(ct.CITIES) + f"{rng.randint(1, 999)}号", 34, color="grey")


def _item_card(c: Canvas, rng: random.Random, shop: str, tmall: bool) -> str:
    top = c.card(430)
    x = 60
    if tmall:
        c.d.rounded_rectangle((c.px(60), c.px(top + 36), c.px(140), c.px(top + 84)),
                              radius=c.px(8), fill=(255, 0, 54))
        c.text(100, top + 40, "天猫", 32, anchor="ma", fill=(255, 255, 255))
        x = 160
    elif rng.random() < 0.5:
        c.text(60, top + 38, "淘宝", 34, color="accent", bold=True)
        x = 150
    box = c.text(x, top + 36, shop, 40, bold=True, name="shop")
    c.text(box[2] / c.k + 12, top + 36, ">", 40, color="grey")
    c.rect(60, top + 120, 260, top + 320, "thumb", radius=12)
    title = ct.item(rng)
    line1, rest = title[:WRAP], title[WRAP:]
    c.text(290, top + 120, line1, 38, name="item", value=title)
    if rest:
        c.text(290, top + 172, rest[:WRAP] + ("…" if len(rest) > WRAP else ""), 38, name="item",
               value=title)
    c.text(290, top + 236, rng.choice(ct.SPECS), 32, color="grey")
    price = ct.money(rng)
    c.text(1020, top + 120, f"¥{price}", 38, anchor="ra")
    c.text(1020, top + 176, "x1", 34, color="grey", anchor="ra")
    c.text(1020, top + 350, "申请售后", 34, anchor="ra")
    return price


def _price_card(c: Canvas, rng: random.Random, price: str) -> None:
    off = rng.choice((0, 0, 5, 10, 20, 30))
    paid = f"{max(0.5, float(price) - off):.2f}"
    yen = rng.choice("¥￥")
    rows = [("商品总价", f"{yen}{price}"), ("运费(快递)", f"{yen}0.00")]
    if off:
        rows.append(("店铺优惠", f"-{yen}{off:.2f}"))
    top = c.card(70 * len(rows) + 120)
    for i, (label, value) in enumerate(rows):
        c.text(60, top + 36 + 70 * i, label, 36, color="grey")
        c.text(1020, top + 36 + 70 * i, value, 36, anchor="ra", color="grey")
    y = top + 50 + 70 * len(rows)
    c.text(60, y, rng.choice(("实付款", "实付款", "实付款（含运费）")), 40, bold=True)
    c.text(1020, y - 4, f"{yen}{paid}", 46, bold=True, color="accent", anchor="ra",
           name="amount", value=paid)


def _info_card(c: Canvas, rng: random.Random, times: list) -> None:
    rows = 2 + len(times)
    top = c.card(72 * rows + 60)
    right = rng.random() < 0.4  # values right-aligned (newer app) or after the label
    colon = rng.choice(("", "：", ""))
    label = rng.choice(("订单编号", "订单编号", "订单号"))
    number = ct.order_no(rng)

    def row(i: int, name: str | None, text: str, value: object = None, copy: bool = False) -> None:
        y = top + 40 + 72 * i
        c.text(60, y, text.split("|")[0] + colon, 36, color="grey")
        shown = text.split("|")[1]
        if right:
            c.text(900 if copy else 1020, y, shown, 36, anchor="ra", name=name, value=value)
        else:
            c.text(260 if len(text.split("|")[0]) == 4 else 300, y, shown, 36, name=name,
                   value=value)
        if copy:
            c.text(1020, y, "复制", 32, anchor="ra")

    row(0, "order_no", f"{label}|{number}", copy=True)
    row(1, None, f"支付宝交易号|{ct.digits(rng, 28, '2')}")
    for i, (text, name, moment) in enumerate(times):
        row(2 + i, name, f"{text}|{ct.stamp(moment)}")


def _bottom_bar(c: Canvas, rng: random.Random, status: str) -> None:
    top = c.y + 24
    c.rect(0, top, 1080, top + 150, "card", radius=0)
    buttons = {"交易成功": ("删除订单", "申请开票", "评价"),
               "交易关闭": ("删除订单", "再买一单"),
               "买家已付款": ("修改地址", "提醒发货")}.get(status, ("查看物流", "延长收货", "确认收货"))
    x = 1020
    for b in reversed(buttons):
        box = c.text(x, top + 50, b, 36, anchor="ra")
        x = box[0] / c.k - 60
    c.y = top + 150
