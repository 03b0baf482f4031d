"""Collective complaints through the chat: counted only with consent, the same shop found under
another spelling, alike names asked (never guessed), counts only, withdrawing, /forget, and the
letters to 12315 and the consumer association citing the number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.chat import T0, Chat, FakeClock
from tests.scenario_form import fill

ASK = "要把这个案件计入"


def shopper(db: Path, user: int, clock: FakeClock, lang: str = "zh-hans") -> Chat:
    return Chat(db, user_id=user, clock=clock, lang=lang)


def file_at(chat: Chat, shop: str, category: str = "质量问题", **answers: str) -> str:
    """File a complaint about `shop`; the filing message."""
    fill(chat, category, {"shop": shop, **answers})
    return chat.last


def counted(chat: Chat) -> list[tuple[int, int]]:
    return chat.store.db.execute("SELECT case_id, shop_id FROM shop_tally ORDER BY case_id"
                                 ).fetchall()


def test_nothing_is_counted_unless_the_shopper_agrees(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    alice, bob = shopper(tmp_path / "t.db", 1, clock), shopper(tmp_path / "t.db", 2, clock)
    filed = file_at(alice, "Apple 官方旗舰店")
    assert "案件 #1 已建立" in filed and ASK + "「Apple 官方旗舰店」的投诉统计吗" in filed
    assert {"📊 计入统计", "不用了"} <= set(alice.buttons)
    assert counted(alice) == []  # the default: not counted
    assert "同一家店另有" not in file_at(bob, "apple旗艦店")
    assert "不计入统计" in alice.click("不用了")[-1]
    assert counted(alice) == []


def test_the_same_shop_under_another_spelling_is_told_in_counts_only(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    alice, bob = shopper(tmp_path / "t.db", 1, clock), shopper(tmp_path / "t.db", 2, clock)
    file_at(alice, "Apple 官方旗舰店", description="我叫王小明，电话 13912345678，耳机坏了。",
            order_no="8888777766665555")
    joined = alice.click("📊 计入统计")[-1]
    assert "已计入「Apple 官方旗舰店」" in joined and "第一位" in joined
    filed = file_at(bob, "天猫 APPLE", category="假货")
    assert "同一家店另有 1 起经投诉人同意计入的投诉（质量问题 1 起），时间在 2026-11" in filed
    joined = bob.click("📊 计入统计")[-1]
    assert "已计入「天猫 APPLE」" in joined and "另有 1 起" in joined
    shops = {shop for _, shop in counted(bob)}
    assert len(counted(bob)) == 2 and len(shops) == 1  # one shop, two cases
    card = alice.send("/status")[0]
    assert "📊 已计入「Apple 官方旗舰店」的投诉统计（同店另有 1 起）" in card
    for private in ("王小明", "13912345678", "耳机坏了", "8888777766665555"):
        assert all(private not in text for text in bob.texts)


def test_alike_names_are_put_to_the_shopper_never_guessed(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    db = tmp_path / "t.db"
    alice, carol, dave = shopper(db, 1, clock), shopper(db, 3, clock), shopper(db, 4, clock)
    file_at(alice, "三只松鼠旗舰店")
    alice.click("📊 计入统计")
    assert "同一家店另有" not in file_at(carol, "三只小松鼠")  # alike is not the same: no counts yet
    asked = carol.click("📊 计入统计")[-1]
    assert "名字相近的店铺" in asked and "「三只小松鼠」是下面其中一家吗" in asked
    assert carol.buttons == ["是「三只松鼠旗舰店」", "都不是，另一家店"]
    assert len(counted(carol)) == 1  # nothing joined while the shopper has not said which
    assert "已计入「三只松鼠旗舰店」" in carol.click("是「三只松鼠旗舰店」")[-1]
    assert len({shop for _, shop in counted(carol)}) == 1
    file_at(dave, "三只小松鼠")
    dave.click("📊 计入统计")
    dave.click("都不是")
    assert len({shop for _, shop in counted(dave)}) == 2  # a shop of its own


def test_consent_is_withdrawn_by_the_cards_button_and_by_command(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    alice, bob = shopper(tmp_path / "t.db", 1, clock), shopper(tmp_path / "t.db", 2, clock)
    for chat in (alice, bob):
        file_at(chat, "小李数码专营店")
        chat.click("📊 计入统计")
    assert "同店另有 1 起" in bob.send("/status")[0]
    alice.send("/status")
    left = alice.click("🚫 不再计入统计")[-1]
    assert "已把案件 #1 从「小李数码专营店」的投诉统计中撤出" in left
    assert "同店另有 0 起" in bob.send("/status")[0]
    alice.send("/status")
    assert "已计入" in alice.click("📊 计入店铺统计")[-1]
    assert "你的 1 个案件都不再计入" in alice.send("/withdraw")[-1]
    assert [c for c, _ in counted(alice)] == [2]
    assert "没有计入店铺统计的案件" in alice.send("/withdraw")[-1]
    bob.send("/withdraw")
    assert alice.store.db.execute("SELECT COUNT(*) FROM shops").fetchone()[0] == 0  # no orphans


def test_withdrawing_in_english(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    chat = shopper(tmp_path / "t.db", 5, clock, lang="en")
    fill(chat, "Quality", {"shop": "Acme Store", "platform": "Tmall"}, lang="en")
    assert "Shall this case count in the tally of complaints about “Acme Store”?" in chat.last
    assert "Counted in the tally of “Acme Store”." in chat.click("📊 Count it")[-1]
    assert "none of your 1 case counts" in chat.send("/withdraw")[-1]


def test_forget_removes_the_case_from_every_tally(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    alice, bob = shopper(tmp_path / "t.db", 1, clock), shopper(tmp_path / "t.db", 2, clock)
    for chat in (alice, bob):
        file_at(chat, "小李数码专营店")
        chat.click("📊 计入统计")
    alice.send("/forget")
    alice.click("是，全部删除")
    assert [c for c, _ in counted(bob)] == [2]
    assert "同店另有 0 起" in bob.send("/status")[0]


def test_the_letters_to_12315_and_the_association_cite_the_number(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    alice, bob = shopper(tmp_path / "t.db", 1, clock), shopper(tmp_path / "t.db", 2, clock)
    file_at(alice, "小李数码专营店")
    alice.click("📊 计入统计")
    file_at(bob, "小李数码 旗舰店")
    for channel in ("市场监管12315", "消费者协会"):
        bob.send("/letter")
        bob.click("📮 其他渠道")
        letter = bob.click(channel)[-1]
        assert "另有 1 起消费者对该店铺的投诉（其中同类问题 1 起，2026-11），均经投诉人同意计入" \
            in letter
    bob.send("/letter")
    assert "另有 1 起" not in bob.last  # the seller's letter does not cite it


def test_the_letter_command_cites_the_number_too(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    clock = FakeClock(T0)
    alice, bob = shopper(tmp_path / "t.db", 1, clock), shopper(tmp_path / "t.db", 2, clock)
    file_at(alice, "小李数码专营店")
    alice.click("📊 计入统计")
    file_at(bob, "小李数码 旗舰店")
    case_id = bob.store.user_cases(2)[0].id
    capsys.readouterr()
    assert main(["case", "letter", str(case_id), "--channel", "gov_12315", "--json",
                 "--db", str(tmp_path / "t.db")]) == 0
    assert "另有 1 起消费者对该店铺的投诉" in json.loads(capsys.readouterr().out)["text"]


def test_a_closed_case_purged_by_retention_leaves_the_tally(tmp_path: Path) -> None:
    from datetime import timedelta

    from bot.ops.retention import Ages, Retention

    clock = FakeClock(T0)
    alice, bob = shopper(tmp_path / "t.db", 1, clock), shopper(tmp_path / "t.db", 2, clock)
    for chat in (alice, bob):
        file_at(chat, "小李数码专营店")
        chat.click("📊 计入统计")
    for event in ("已解决", "结案"):
        alice.click("记录进展")
        alice.click(event)
        if "刚刚" in alice.buttons:
            alice.click("刚刚")
    clock.advance(days=8)
    counts = Retention(alice.store, alice.evidence, clock, Ages(cases=timedelta(days=7))).purge()
    assert counts["cases"] == 1
    assert [c for c, _ in counted(bob)] == [2]


def test_the_filing_messages_other_buttons_stay_after_consenting(tmp_path: Path) -> None:
    chat = shopper(tmp_path / "t.db", 1, FakeClock(T0))
    file_at(chat, "小李数码专营店")
    chat.click("📊 计入统计")
    assert not any("计入统计" in m.choice for m in chat.marks)  # its keyboard is not taken away
    assert "有什么新进展" in chat.click("记录进展")[-1]
