"""Simplified Chinese typed carelessly on a phone (issue 12, item 1 and "where this issue is
silent"): a word typed with a wrong character of the same sound or with two characters swapped
(knowledge/typo_fix.py), and chatter around the question (knowledge/chatter.py). Sentences
written for this test, not taken from any set."""

from __future__ import annotations

import pytest

from knowledge import chatter
from knowledge.base import KnowledgeBase
from knowledge.loader import load_kb


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


# (typed, the base's word it must read): one wrong character of the same sound, or two swapped
FIXED: list[tuple[str, str]] = [
    ("我举抱了一家卖假鞋的", "举报"),
    ("商家一直不发或", "发货"),
    ("能不能申请腿款", "退款"),
    ("天天打电话扰骚我", "骚扰"),
    ("我想找消写投诉", "消协"),
    ("要是违归严重的话", "违规"),
    ("淘宝上要怎么操做", "操作"),
    ("先行陪付是什么", "先行赔付"),
    ("钱几天能回到我支付报", "支付宝"),  # a word's first part whole, its last character wrong
]


@pytest.mark.parametrize(("typed", "word"), FIXED)
def test_a_word_typed_carelessly_is_read_as_the_word(kb: KnowledgeBase, typed: str, word: str) -> None:
    assert word in kb.readable(typed)


# typed as meant: each character a word of its own, or two words side by side
KEPT = [
    "我花九十九买的手机壳能赔多少",  # a phone case, then "can"
    "会不会直接把店封了",  # a shop, then "closed"
    "检测出不合格",  # a word of grammar is no typo
    "是只算商品价格吗",
    "商家迟迟不发",
    "台灯买来三天就不亮了",  # not + a verb is grammar, not a typo of a word that sounds alike
    "商家不按活动价发货",  # the sale's price, then shipped: not fake shipping
]


@pytest.mark.parametrize("typed", KEPT)
def test_words_typed_right_stay_as_typed(kb: KnowledgeBase, typed: str) -> None:
    assert kb.typos(typed) == typed


# (message, entry): typos, chatter before and after, a second topic that is no dispute
ANSWERED: list[tuple[str, str]] = [
    ("淘宝上那个举报记录在哪看，我举抱了一家卖假鞋的", "track_complaint"),
    ("卖家天天打电话扰骚我，怎么头诉他", "harassment_how"),
    ("商家不给退，我想找消写，找哪的消协", "consumer_association"),
    ("天猫的官方电化是多少", "hotline_9510211"),
    ("唉烦死了，阿里小蜜怎么转人工，我家狗也病了", "transfer_to_human"),
    ("朋友让我来问问，卖假货的店会被怎么处罚，我还要上班呢", "counterfeit_penalty"),
    ("在线等挺急的，12315几点有人接电话", "gov_12315_hours"),
]


@pytest.mark.parametrize(("message", "entry"), ANSWERED)
def test_a_careless_message_gets_the_answer_of_its_question(kb: KnowledgeBase, message: str, entry: str) -> None:
    assert kb.ask(message).entry == entry


# out of scope however it is wrapped: chatter never makes it answerable, and a word the base
# knows in the chatter (work hours, online) does not answer it either
OUTSIDE = [
    "唉今天真倒霉，帮我写一首诗，我还要上班呢",
    "刚下班累死了，推荐一部好看的电影吧，在线等",
    "气死我了，京东的售后政策是什么样的，顺便说下我家猫也病了",
    "唉真无语，股票明天会不会涨，在线等挺急的",
    "我在京东买的，七天无理由怎么申请，在线等",
]


@pytest.mark.parametrize("message", OUTSIDE)
def test_a_message_out_of_scope_stays_unanswered_with_chatter(kb: KnowledgeBase, message: str) -> None:
    assert kb.ask(message).answer is None


def test_chatter_is_left_out_and_the_story_kept(kb: KnowledgeBase) -> None:
    assert chatter.trimmed(kb, "刚下班累死了，快递显示签收了我没收到，怎么申请退款，谢谢啦") == \
        "快递显示签收了我没收到，怎么申请退款"
    # a particle ends a clause typed without a mark: the venting after it is left out
    assert chatter.trimmed(kb, "投诉交了，在哪看进度啊我找了半天没找到") == "投诉交了，在哪看进度啊"
    # every clause tells the story or asks: nothing to leave out
    assert chatter.trimmed(kb, "在订单里投诉了商家，平台最迟几天处理完") is None
    # nothing asks: the message is read whole
    assert chatter.trimmed(kb, "唉真是无语了，我还要上班呢") is None
