"""Shops' tallies: counted only when joined, the same shop by key or by the platform's id, alike
names found, counts of the others only, leaving and forgetting, resolution times."""

from __future__ import annotations

from bot.store.contract import Store
from tests.store_contract.given import AT, case

LATER = "2026-05-04T10:00:00+08:00"


def filed(store: Store, user: int, shop: str, category: str = "quality",
          platform: str = "tmall") -> int:
    return case(store, user, status="negotiating", category=category,
                fields={"shop": shop, "platform": platform})


def joined(store: Store, user: int, case_id: int, shop_id: int | None = None) -> int | None:
    with store.transaction():
        return store.tally.join(case_id, user, shop_id, AT)


def test_nothing_is_counted_until_joined_and_the_same_shop_is_found_by_key(store: Store) -> None:
    a = filed(store, 1, "Apple 官方旗舰店")
    note = store.tally.notes(1, store.user_cases(1))[a]
    assert (note.counted, note.shop, note.shop_id) == (False, "Apple 官方旗舰店", None)
    shop = joined(store, 1, a)
    b = filed(store, 2, "apple旗艦店", category="counterfeit")
    note = store.tally.notes(2, store.user_cases(2))[b]
    assert note.shop_id == shop and not note.counted
    assert (note.others.total, note.others.by_category) == (1, (("quality", 1),))
    assert note.others.first_month == note.others.last_month == AT[:7]
    assert joined(store, 2, b) == shop
    mine = store.tally.notes(1, store.user_cases(1))[a]
    assert mine.counted and mine.others.total == 1 and mine.others.same_category == 0


def test_the_platforms_id_matches_whatever_the_name_and_platforms_keep_shops_apart(
        store: Store) -> None:
    a = filed(store, 1, "随便什么名字 https://shop12345678.taobao.com", platform="taobao")
    shop = joined(store, 1, a)
    b = filed(store, 2, "完全不同 shop12345678.taobao.com", platform="taobao")
    assert store.tally.notes(2, store.user_cases(2))[b].shop_id == shop
    c = filed(store, 3, "随便什么名字", platform="tmall")
    assert store.tally.notes(3, store.user_cases(3))[c].shop_id is None


def test_alike_names_are_found_only_when_asked_and_only_as_alike(store: Store) -> None:
    shop = joined(store, 1, filed(store, 1, "三只松鼠旗舰店"))
    c = filed(store, 3, "三只小松鼠")
    assert store.tally.notes(3, store.user_cases(3))[c].similar == ()
    note = store.tally.notes(3, store.user_cases(3), look_up=c)[c]
    assert note.shop_id is None and [s.id for s in note.similar] == [shop]


def test_leaving_and_forgetting_take_cases_out_and_empty_shops_go(store: Store) -> None:
    a, b = filed(store, 1, "小李数码"), filed(store, 2, "小李数码")
    shop = joined(store, 1, a)
    joined(store, 2, b, shop)
    with store.transaction():
        assert store.tally.leave(1, a) == 1
    assert store.tally.others(shop, 2).total == 0
    with store.transaction():
        store.users.forget(2)
    assert store.tally.report("小李数码").shops == ()


def test_the_advisers_report_counts_open_resolved_and_the_median(store: Store) -> None:
    cases = [filed(store, u, "小李数码", category=c)
             for u, c in ((1, "quality"), (2, "quality"), (3, "fraud"))]
    shop = joined(store, 1, cases[0])
    for user, case_id in ((2, cases[1]), (3, cases[2])):
        joined(store, user, case_id, shop)
    with store.transaction():
        store.tally.case_moved(cases[2], "resolved", LATER)
    report = store.tally.report("小李数码专营店")
    assert report.total == 3 and report.by_category == (("quality", 2), ("fraud", 1))
    assert (report.open, report.resolved, report.median_days) == (2, 1, 3.0)
    assert report.by_month == ((AT[:7], 3),)
    rows = store.tally.collective([shop])
    assert len(rows) == 3 and rows[2]["resolved_at"] == LATER
