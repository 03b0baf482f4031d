"""What shoppers send that is not a Taobao/Tmall page: another platform's order (JD,
Pinduoduo), a screenshot of something else, a photo of the parcel."""

from __future__ import annotations

import random
from datetime import timedelta

from PIL import Image, ImageDraw, ImageFilter

from tests.screens import content as ct
from tests.screens.draw import Canvas, Screen, font

JD = {"title": "订单详情", "status": ("完成", "等待收货", "已取消"), "carrier": "京东快递",
      "labels": ("订单编号", "下单时间", "支付方式", "京豆抵扣"), "brand": "京东自营",
      "footer": ("再次购买", "申请售后", "京东客服")}
PDD = {"title": "订单详情", "status": ("已签收", "待收货", "拼单成功"), "carrier": "极兔速递",
       "labels": ("订单编号", "拼单时间", "支付方式", "多多支付"), "brand": "拼多多",
       "footer": ("联系商家", "申请售后", "查看物流")}


def other_platform(rng: random.Random, width: int, dark: bool, which: str, bar: bool) -> Screen:
    spec = JD if which == "jd" else PDD
    c = Canvas(rng, width, dark, height=round(2600 * width / 1080))
    if bar:
        c.status_bar()
    c.nav(spec["title"])
    top = c.card(200, gap=10)
    c.text(60, top + 40, rng.choice(spec["status"]), 58, bold=True)
    c.text(60, top + 130, f"{spec['carrier']}  运单号 {ct.digits(rng, 13)}", 34, color="grey")
    top = c.card(360)
    c.text(60, top + 36, spec["brand"], 40, bold=True, color="accent")
    c.text(260, top + 36, ct.shop(rng, rng.random() < 0.5), 40, bold=True)
    c.rect(60, top + 110, 260, top + 310, "thumb", radius=12)
    c.text(290, top + 110, ct.item(rng)[:17], 38)
    amount = ct.money(rng)
    c.text(1020, top + 200, f"¥{amount}", 38, anchor="ra")
    top = c.card(150)
    c.text(60, top + 50, "实付款" if which == "jd" else "实付", 40, bold=True)
    c.text(1020, top + 46, f"¥{amount}", 46, bold=True, color="accent", anchor="ra")
    moment = ct.moments(rng, 1)[0]
    number = ct.digits(rng, 12) if which == "jd" else \
        f"{moment:%y%m%d}-{ct.digits(rng, 15)}"
    values = (number, ct.stamp(moment), "微信支付" if which == "jd" else "多多钱包", "-¥1.00")
    top = c.card(72 * len(values) + 60)
    for i, (label, value) in enumerate(zip(spec["labels"], values, strict=True)):
        c.text(60, top + 40 + 72 * i, label, 36, color="grey")
        c.text(300, top + 40 + 72 * i, value, 36)
    top = c.y + 24
    c.rect(0, top, 1080, top + 150, "card", radius=0)
    c.text(1020, top + 50, "   ".join(spec["footer"]), 36, anchor="ra")
    c.crop_to_content(top + 170)
    return c.screen(f"order-{which}", {"platform": which, "kind": "order",
                                       "today": moment.date() + timedelta(days=5)})


def other_screen(rng: random.Random, width: int, dark: bool, bar: bool) -> Screen:
    """A screenshot with no order in it: a settings page."""
    c = Canvas(rng, width, dark, height=round(2000 * width / 1080))
    if bar:
        c.status_bar()
    c.nav("设置", right="")
    for title in rng.sample(("通用", "通知", "隐私", "账号与安全", "存储空间", "关于手机",
                             "显示与亮度", "声音与振动", "电池", "蓝牙", "无线局域网"), 7):
        top = c.card(130, gap=16)
        c.text(60, top + 40, title, 40)
        c.text(1020, top + 40, ">", 40, color="grey", anchor="ra")
    c.crop_to_content(c.y + 80)
    return c.screen("other-screen", {"platform": None, "kind": "other",
                                     "today": ct.moments(rng, 1)[0].date()})


def photo(rng: random.Random, width: int) -> Screen:
    """A camera picture of a parcel on a table: soft shapes, grain, maybe a printed word."""
    height = round(width * rng.choice((0.75, 1.333)))
    base = tuple(rng.randint(60, 200) for _ in range(3))
    img = Image.new("RGB", (width, height), base)  # type: ignore[arg-type]
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(4, 9)):
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(width // 10, width // 2)
        d.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randint(30, 230) for _ in range(3)))
    box = (width * 0.2, height * 0.3, width * 0.75, height * 0.7)
    d.rectangle(box, fill=(196, 160, 118))
    if rng.random() < 0.6:
        d.text((box[0] + 30, box[1] + 40), rng.choice(("易碎品 小心轻放", "顺丰速运", "FRAGILE")),
               font=font(max(24, width // 18)), fill=(40, 30, 20))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 3.0)))
    noise = Image.effect_noise((width, height), rng.uniform(20, 45)).convert("RGB")
    img = Image.blend(img, noise, 0.18)
    return Screen("photo", img, {"platform": None, "kind": "photo",
                                 "today": ct.moments(rng, 1)[0].date()})
