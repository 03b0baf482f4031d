"""Prohibited goods are told by the KIND of goods and the shop's ACT (FACTS §2.0 卖违禁品, §2.11): goods of a
kind that needs a prescription or a licence, sold without one, or goods no shop may offer, offered; the
same kinds bought and then broken, late, fake or wrongly described stay in their own categories. The
sentences are written for these tests, none from a blind or dev set."""

from __future__ import annotations

import pytest

from knowledge.loader import load_kb


@pytest.mark.parametrize(
    "text",
    [
        "这家店卖抗抑郁药，完全不看处方，拍下就发",
        "a listing for diazepam tablets, they ship it without any prescription",
        "網店賣鎮靜劑，唔使醫生處方都照賣",
        "the store sells cigarettes to kids, no age check at all",
        "有个店铺在卖弹簧刀和指虎",
        "seller is offering a pinhole camera disguised as a smoke detector",
        "店里公开卖穿山甲鳞片",
        "卖 雷管 举报",
    ],
)
def test_a_kind_with_its_act_is_prohibited_goods(text: str) -> None:
    assert load_kb().classify(text).category == "prohibited_goods"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("买的筋膜枪用了三天就不转了", "quality"),
        ("the sleeping mask I ordered came in the wrong colour", "not_as_described"),
        ("药店旗舰店的维生素付款五天了还没发货", "late_shipping"),
        ("买的香烟礼盒收到是假烟，防伪码查不到", "counterfeit"),
        ("the knives I ordered are a different brand than the picture", "not_as_described"),
        ("卖家卖给我的菜刀是假冒的牌子", "counterfeit"),
    ],
)
def test_the_kind_alone_does_not_decide(text: str, category: str) -> None:
    assert load_kb().classify(text).category == category


@pytest.mark.parametrize("text", ["the fireworks arrived soaked and none of them light",
                                  "在旗舰店买的电子烟用了一个礼拜就漏油"])
def test_a_kind_bought_and_gone_wrong_is_not_prohibited(text: str) -> None:
    assert load_kb().classify(text).category != "prohibited_goods"
