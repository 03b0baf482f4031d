"""The advisers' `/shop NAME` in their group (the desk tests' style): counts by category and
month, open vs resolved, the median time to resolution, then the collective dossier as a PDF,
anonymised; refused to anyone not an adviser."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pymupdf

from bot.desk.config import DeskConfig
from tests.chat import T0, Chat, FakeClock, RecordingTransport
from tests.scenario_form import fill

GROUP, ADVISER, STRANGER = -100500, 777, 888
DESK = DeskConfig(GROUP, frozenset({ADVISER}), time(9, 0), time(21, 0))
PEOPLE = {1: ("赵一鸣", "13800001111", "1111222233334444"),
          2: ("钱二丫", "13900002222", "5555666677778888"),
          3: ("孙三石", "13700003333", "9999000011112222")}


def counted_shoppers(db: Path) -> tuple[Chat, list[Chat]]:
    """Three shoppers count a complaint about one shop (two spellings); the third's is resolved
    two days after filing."""
    clock = FakeClock(T0)
    chats = []
    for user, (name, phone, order) in PEOPLE.items():
        chat = Chat(db, user_id=user, clock=clock, desk=DESK, transport=RecordingTransport())
        fill(chat, "假货" if user == 2 else "质量问题",
             {"shop": "小李数码专营店" if user != 3 else "小李数码 旗舰店", "order_no": order,
              "description": f"我是{name}，电话{phone}，东西有问题。"})
        chat.click("📊 计入统计")
        chats.append(chat)
    clock.advance(days=2)
    last = chats[-1]
    last.send("/progress")
    last.click("已解决")
    last.click("刚刚")
    adviser = Chat(db, user_id=ADVISER, clock=clock, desk=DESK, transport=RecordingTransport())
    return adviser, chats


def group_texts(chat: Chat) -> list[str]:
    return [m.text for m in chat.transport.group(GROUP)]


def test_shop_gives_counts_by_category_and_month_open_resolved_and_the_median(
        tmp_path: Path) -> None:
    adviser, _ = counted_shoppers(tmp_path / "t.db")
    adviser.adviser(GROUP, ADVISER, "/shop 小李数码")
    report = group_texts(adviser)[-2]
    assert "📊 「小李数码专营店」的集体投诉（经投诉人同意计入，共 3 起）" in report
    assert "按问题类型：质量问题 2、假货 1" in report
    assert "按月份：2026-11 3" in report
    assert "未解决 2 起，已解决 1 起；从立案到解决的时间中位数：2.0 天" in report
    assert "匿名的集体材料" in group_texts(adviser)[-1]


def test_the_collective_dossier_is_a_pdf_without_names_contacts_or_whole_order_numbers(
        tmp_path: Path) -> None:
    adviser, _ = counted_shoppers(tmp_path / "t.db")
    adviser.adviser(GROUP, ADVISER, "/shop 小李数码专营店")
    pdfs = adviser.files_sent(GROUP)
    assert len(pdfs) == 1
    with pymupdf.open(stream=pdfs[0][1], filetype="pdf") as doc:
        text = "".join(page.get_text() for page in doc)
    assert "集体投诉材料" in text and "第 3 起" in text and "已解决" in text
    for name, phone, order in PEOPLE.values():
        assert name not in text and phone not in text and order not in text
        assert "＊" * 12 + order[-4:] in text  # masked: the last four only
    assert "东西有问题" not in text  # the shoppers' own words stay out


def test_shop_answers_usage_unknown_and_alike_names(tmp_path: Path) -> None:
    adviser, _ = counted_shoppers(tmp_path / "t.db")
    adviser.adviser(GROUP, ADVISER, "/shop")
    assert "用法：/shop 店铺名称" in group_texts(adviser)[-1]
    adviser.adviser(GROUP, ADVISER, "/shop 完全不相干")
    assert "统计里没有「完全不相干」这家店" in group_texts(adviser)[-1]
    adviser.adviser(GROUP, ADVISER, "/shop 小李数码城")
    assert "名字相近的有：「小李数码专营店」" in group_texts(adviser)[-1]
    assert adviser.files_sent(GROUP) == []


def test_shop_is_refused_to_anyone_not_an_adviser(tmp_path: Path) -> None:
    adviser, _ = counted_shoppers(tmp_path / "t.db")
    adviser.adviser(GROUP, STRANGER, "/shop 小李数码")
    said = group_texts(adviser)[-1]
    assert "只有登记的顾问" in said and "共 3 起" not in said
    assert adviser.files_sent(GROUP) == []
