"""Shops as the tally matches them: one key for the ways one shop is written, the platform's
id from a link, nothing personal in a kept name, similar names told apart from the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.shops import SIMILAR, alike, identify, key_of, mask, mask_order, platform_id


@pytest.mark.parametrize("written", ["Apple 官方旗舰店", "apple旗艦店", "天猫 APPLE", "ＡＰＰＬＥ专卖店",
                                     "Apple Official Store", "官方apple店"])
def test_one_shop_written_many_ways_has_one_key(written: str) -> None:
    assert key_of(written) == "apple"


def test_the_name_shown_is_what_the_shopper_wrote() -> None:
    named = identify("三只松鼠 旗舰店")
    assert named is not None
    assert (named.shown, named.key, named.platform_id) == ("三只松鼠 旗舰店", "三只松鼠", None)


@pytest.mark.parametrize(("text", "found"), [
    ("苹果数码专营店 https://shop123456789.taobao.com", "shop:123456789"),
    ("https://item.taobao.com/item.htm?id=1&seller_id=2233445566", "seller:2233445566"),
    ("https://xiaomi.tmall.com/", "tmall:xiaomi"),
    ("小米官方旗舰店", None),
])
def test_the_platforms_own_id_comes_from_a_link(text: str, found: str | None) -> None:
    assert platform_id(text) == found


def test_a_link_alone_is_matched_by_its_id() -> None:
    named = identify("https://shop55566677.taobao.com/")
    assert named is not None and named.key == named.platform_id == "shop:55566677"


def test_nothing_personal_is_kept_in_a_shop_name() -> None:
    named = identify("张三的店 138-0013-8000 zhangsan@example.com")
    assert named is not None
    assert "138" not in named.shown and "8000" not in named.shown and "@" not in named.shown
    assert named.shown.startswith("张三的店")
    assert mask("订单 3141592653589793") == "订单 " + "＊" * 16
    assert mask_order("3141592653589793") == "＊" * 12 + "9793"
    assert mask_order("12") == "＊＊＊＊"


def test_alike_names_are_not_the_same_name() -> None:
    assert key_of("三只松鼠") != key_of("三只小松鼠")
    assert alike(key_of("三只松鼠"), key_of("三只小松鼠")) >= SIMILAR
    assert alike(key_of("苹果"), key_of("苹果数码")) >= SIMILAR
    assert alike(key_of("小米"), key_of("华为")) < SIMILAR


@given(st.text(max_size=40))
def test_any_text_gives_a_shop_or_none_and_never_fails(text: str) -> None:
    named = identify(text)
    if named is not None:
        assert named.key and len(named.shown) <= 60
        assert mask(named.shown) == named.shown  # no digit run or address left to mask
