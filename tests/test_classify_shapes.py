"""Shapes of a complaint that do not depend on one word (FACTS §2.0, §16 #14): the review put before the
verb ("让我把差评删了": pressure to change one's own review is harassment), a stranger at the door (the
police too), the seller's reply to a review named by its own word (回评), Cantonese 话 ("says") before the
shopper (an insult, not a fraud suffered), "wanted X, sent Y" typed as bare fragments, and in English as in
Chinese: paid, then cut off, or card details typed into a fake link, is money lost to a scammer. The sentences
are written for these tests, none from a blind or dev set."""

from __future__ import annotations

import pytest

from knowledge.loader import load_kb


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("卖家天天打电话让我把中评改成好评", "harassment"),
        ("商家回评 说我是职业差评师", "malicious_review"),
        ("店主喺評價下面話我係騙子", "malicious_review"),
        ("要蓝色 寄来绿色", "not_as_described"),
        ("拍的M码 发来XL", "not_as_described"),
        ("买的耳机 发来就是坏的", "quality"),
        ("she unfriended me the moment I paid the deposit on wechat", "fraud"),
        ("a text message sent me a phishing page for a refund and I typed in my card number", "fraud"),
    ],
)
def test_shape_decides(text: str, category: str) -> None:
    assert load_kb().classify(text).category == category


def test_someone_at_the_door_means_the_police_and_a_courier_does_not() -> None:
    kb = load_kb()
    found = kb.classify("商家半夜派人来敲我家门，逼我把差评删掉")
    assert found.category == "harassment" and found.call_police
    assert not kb.classify("快递送到我家楼下就走了，东西不见了").call_police
