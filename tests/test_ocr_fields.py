"""Reading a screenshot's lines (knowledge/ocr_*.py), without the OCR engine: lines as an engine
gives them (text, box, confidence), laid out like the apps' pages."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.loader import load_kb
from knowledge.ocr_lines import Line
from knowledge.ocr_read import read_screen
from knowledge.ocr_said import meanings
from knowledge.ocr_values import read_moment, read_money, read_order_no

W, H = 600, 1280
TODAY = date(2024, 11, 20)
KB = load_kb()


def row(y: int, *parts: tuple[int, str]) -> list[Line]:
    """Text pieces on one row at height y: (x, text)."""
    return [Line(text, (x, y, x + 18 * len(text), y + 22), 0.98) for x, text in parts]


def order_lines(platform_badge: str = "天猫") -> list[Line]:
    return [*row(40, (250, "订单详情")), *row(100, (30, "交易成功")),
            *row(200, (30, "中通快递"), (130, "运单号"), (200, "73519283746521")),
            *row(240, (30, "【杭州市】您的快件已签收，签收人：本人")),
            *row(270, (30, "2024-11-14 10:22:05")),
            *row(400, (30, platform_badge), (90, "优品数码专营店"), (230, ">")),
            *row(440, (150, "2024新款 折叠 蓝牙耳机 充电")), *row(470, (150, "宝 男士 法式…")),
            *row(440, (500, "¥939.00")),
            *row(600, (30, "商品总价"), (480, "¥939.00")),
            *row(640, (30, "实付款"), (470, "?929.00")),
            *row(800, (30, "订单编号"), (140, "3158683449786907361"), (540, "复制")),
            *row(840, (30, "支付宝交易号"), (170, "2258517812865707049996228303")),
            *row(880, (30, "创建时间"), (140, "2024-03-05 03:25:02")),
            *row(920, (30, "付款时间"), (140, "2024-03-0802:28:29"))]


def test_an_order_page_gives_its_fields() -> None:
    r = read_screen(KB.ocr_words, order_lines(), (W, H), 0.9, TODAY)
    got = {k: f.value for k, f in r.fields.items()}
    assert r.usable and r.kind == "order" and r.platform == "tmall"
    assert got["order_no"] == "3158683449786907361"  # not the 28-digit Alipay number
    assert got["amount"] == "929.00"  # what was paid, not the goods' price
    assert got["shop"] == "优品数码专营店"
    assert got["paid_at"] == "2024-03-08 02:28:29"  # date and time run together by the OCR
    assert got["created_at"].startswith("2024-03-05")
    assert got["received_at"].startswith("2024-11-14")
    assert got["carrier"] == "中通快递" and got["tracking_no"] == "73519283746521"
    assert got["status"] == "success"
    assert got["item"].startswith("2024新款 折叠 蓝牙耳机")
    assert all(0 < f.confidence <= 1 for f in r.fields.values())


def test_another_platform_is_refused_and_nothing_is_read() -> None:
    lines = [*order_lines("京东自营"), *row(1000, (30, "京豆抵扣"), (140, "-¥1.00"))]
    lines = [ln for ln in lines if "支付宝" not in ln.text and ln.text != "天猫"]
    r = read_screen(KB.ocr_words, lines, (W, H), 0.9, TODAY)
    assert r.platform == "jd" and r.problem == "other_platform" and not r.fields


@pytest.mark.parametrize("lines, flat, problem", [
    ([], 0.9, "unreadable"),
    ([], 0.1, "not_screenshot"),
    (row(300, (100, "易碎品 小心轻放")), 0.1, "not_screenshot"),
    ([*row(40, (260, "设置")), *row(200, (30, "通用")), *row(300, (30, "通知")),
      *row(400, (30, "隐私"))], 0.9, "nothing_found"),
])
def test_bad_images_are_refused(lines: list[Line], flat: float, problem: str) -> None:
    r = read_screen(KB.ocr_words, lines, (W, H), flat, TODAY)
    assert r.problem == problem and not r.fields


def test_a_chat_gives_the_sellers_promise_with_its_day_not_the_shoppers_question() -> None:
    lines = [*row(40, (237, "知竹清风旗舰店")),
             *row(150, (140, "2024年11月02日 02:46")),
             *row(220, (416, "你们保证正品吗？")),
             *row(300, (80, "亲，我们家保证正品的哦")),
             *row(400, (240, "11-03 15:11")),
             *row(470, (452, "我想申请退货")),
             *row(550, (80, "亲，这个商品不退不换的哦"))]
    r = read_screen(KB.ocr_words, lines, (W, H), 0.9, TODAY)
    said = [(s.kind, s.key, s.date) for s in r.said]
    assert r.kind == "chat" and r.fields["shop"].value == "知竹清风旗舰店"
    assert said == [("promise", "genuine", "2024-11-02"), ("refusal", "no_return", "2024-11-03")]


@pytest.mark.parametrize("text, expected", [
    ("不支持七天无理由退货哦", [("refusal", "no_seven_days")]),
    ("支持7天无理由，假一赔三", [("promise", "triple"), ("promise", "seven_days")]),
    ("已过售后期了，不能退款的", [("refusal", "expired"), ("refusal", "no_return")]),
    ("好的亲，稍等一下", []),
])
def test_meanings_of_a_sellers_line(text: str, expected: list[tuple[str, str]]) -> None:
    assert sorted(meanings(KB.ocr_words, text)) == sorted(expected)


@pytest.mark.parametrize("text, value", [
    ("2024-11-1100:03:12", "2024-11-11 00:03:12"), ("2024年3月8日 14:05", "2024-03-08 14:05"),
    ("2024-02-30 10:00:00", None), ("付款后发货", None)])
def test_moments(text: str, value: str | None) -> None:
    got = read_moment(text, KB.ocr_words)
    assert (got[0] if got else None) == value


@given(st.integers(10**15, 10**19 - 1), st.sampled_from(["", " ", "：", "订单号"]))
def test_order_numbers_survive_separators_and_look_alike_letters(n: int, sep: str) -> None:
    text = sep + str(n).replace("0", "O", 1)
    assert read_order_no(text) == (str(n), 1.0)


@given(st.integers(1, 9_999_999), st.integers(0, 99), st.sampled_from(["¥", "￥", "?", ""]))
def test_money(yuan: int, cents: int, sign: str) -> None:
    assert read_money(f"{sign}{yuan}.{cents:02d}") == (f"{yuan}.{cents:02d}", 1.0)
