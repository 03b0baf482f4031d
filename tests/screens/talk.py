"""A refund page (退款详情) and a chat with the seller's customer service, as the app shows them."""

from __future__ import annotations

import random
from datetime import timedelta

from tests.screens import content as ct
from tests.screens.draw import Canvas, Screen


def refund_page(rng: random.Random, width: int, dark: bool, tmall: bool, bar: bool) -> Screen:
    c = Canvas(rng, width, dark, height=round(3000 * width / 1080))
    key, status = rng.choice(ct.REFUND_STATUS)
    asked, answered = ct.moments(rng, 2)
    if bar:
        c.status_bar()
    c.nav("退款详情")
    top = c.card(230, gap=10)
    c.text(60, top + 40, status, 58, bold=True, name="refund_status", value=key)
    if key != "pending":
        c.text(60, top + 140, ct.stamp(answered), 34, color="grey", name="refund_decided_at")
    else:
        c.text(60, top + 140, "商家还剩 1天23时 处理，逾期未处理将自动退款", 34, color="grey")
    amount = ct.money(rng, 5, 2999)
    top = c.card(170)
    c.text(60, top + 50, "退款总金额", 38)
    yen = rng.choice("¥￥")
    c.text(1020, top + 44, f"{yen}{amount}", 46, bold=True, color="accent", anchor="ra",
           name="refund_amount", value=amount)
    if key == "refused":
        top = c.card(160)
        c.text(60, top + 36, "拒绝原因", 36, color="grey")
        c.text(60, top + 96, "商品已使用，影响二次销售", 36)
    top = c.card(200)
    shop = ct.shop(rng, tmall)
    c.text(60, top + 36, shop, 40, bold=True, name="shop")
    c.rect(60, top + 100, 150, top + 180, "thumb", radius=8)
    c.text(180, top + 110, ct.item(rng)[:18] + "…", 34)
    rows = [("退款原因", rng.choice(ct.REFUND_REASONS), None),
            ("退款金额", f"{yen}{amount}", "refund_amount"),
            ("申请件数", "1", None),
            ("申请时间", ct.stamp(asked), "refund_requested_at"),
            ("退款编号", ct.digits(rng, 19, "12"), None)]
    if rng.random() < 0.5:
        number = ct.order_no(rng)
        rows.append(("订单编号", number, "order_no"))
    top = c.card(72 * len(rows) + 60)
    for i, (label, shown, name) in enumerate(rows):
        y = top + 40 + 72 * i
        c.text(60, y, label, 36, color="grey")
        # the amount shows twice; the field's box spans both (a crop may keep one)
        c.text(260, y, shown, 36, name=name, value=amount if name == "refund_amount" else None)
    c.crop_to_content(c.y + 60)
    platform = "tmall" if tmall else "taobao"
    return c.screen(f"refund-{platform}", {"platform": platform, "kind": "refund",
                                           "today": answered.date() + timedelta(days=2)})


def chat_page(rng: random.Random, width: int, dark: bool, tmall: bool, bar: bool) -> Screen:
    c = Canvas(rng, width, dark, height=round(2340 * width / 1080))
    shop = ct.shop(rng, tmall)
    if bar:
        c.status_bar()
    c.nav(shop, right="店铺", name="shop")
    moments = ct.moments(rng, 3)
    said = rng.sample([*ct.PROMISES, *ct.REFUSALS], rng.randint(1, 2))
    statements = []
    plan = _conversation(rng, said)
    day = 0
    for i, (who, text, meaning) in enumerate(plan):
        if c.y > 2080:
            break
        if i == 0 or (who == "buyer" and rng.random() < 0.4 and day < 2):
            moment = moments[min(day, 2)]
            day += 1
            shown = _chat_time(rng, moment)
            c.y += 30
            box = c.text(540, c.y, shown, 30, color="grey", anchor="ma")
            when = (moment.date(), box)
            c.y += 70
        box = _bubble(c, who, text)
        for key in meaning[1] if meaning is not None else ():
            statements.append({"kind": meaning[0], "key": key, "text": text,
                               "date": when[0].isoformat(), "box": box, "date_box": when[1]})
    c.crop_to_content(max(c.y + 200, 1800))
    platform = "tmall" if tmall else "taobao"
    screen = c.screen(f"chat-{platform}", {"platform": platform, "kind": "chat",
                                           "today": moments[-1].date() + timedelta(days=1)})
    screen.truth["statements"] = statements
    return screen


def _conversation(rng: random.Random, said: list) -> list:
    lines: list = [("buyer", rng.choice(ct.BUYER_PLAIN), None),
                   ("seller", rng.choice(ct.SELLER_PLAIN), None)]
    for kind, key, text in said:
        lines.append(("buyer", rng.choice(ct.BUYER_PLAIN), None))
        lines.append(("seller", text, (kind, key)))
        if rng.random() < 0.5:
            lines.append(("seller", rng.choice(ct.SELLER_PLAIN), None))
    return lines


def _chat_time(rng: random.Random, moment: object) -> str:
    fmt = rng.choice(("%Y-%m-%d %H:%M", "%Y年%m月%d日 %H:%M", "%Y-%m-%d %H:%M:%S"))
    return moment.strftime(fmt)  # type: ignore[attr-defined]


def _bubble(c: Canvas, who: str, text: str) -> tuple[int, int, int, int]:
    from tests.screens.draw import font

    size = 38
    width = c.d.textlength(text, font=font(c.px(size))) / c.k
    top = c.y
    if who == "seller":
        c.rect(40, top, 120, top + 80, "thumb", radius=40)
        c.rect(140, top, 140 + width + 60, top + 100, "theirs", radius=20)
        box = c.text(170, top + 26, text, size)
    else:
        c.rect(940 - width - 60, top, 940, top + 100, "mine", radius=20)
        c.rect(960, top, 1040, top + 80, "thumb", radius=40)
        box = c.text(910, top + 26, text, size, anchor="ra")
    c.y = top + 130
    return box
