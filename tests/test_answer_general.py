"""General answering mechanisms of issue 12 (items 2, 3, 5, 7), in zh and en.

Written by hand from FACTS.md §13.1, §17 and appendix B (Art. 44), not from any evaluation set:
each row is a question and what the shopper must get, a fact the answer states, or no confident
answer (None) for what the sources do not cover.
"""

from __future__ import annotations

import pytest

from knowledge.loader import load_kb
from knowledge.textnorm import has_cjk

# (question, a fact the answer must state, or None: no confident answer)
TABLE: list[tuple[str, str | None]] = [
    # a price in an off-topic request is no sign of the compensation law (numbers of under five
    # digits are no content words), nor is a modal question word (会不会) a sign of any entry
    ("帮我推荐一个五百块以内的电饭煲", None),
    ("recommend me a rice cooker under 500 yuan", None),
    ("明天北京会不会下雪", None),
    ("will it snow in Beijing tomorrow", None),
    # an English question's pinyin names its topic for the aspects: an appeal's deadline is a gap
    ("how long do I have to file a shensu", None),
    ("申诉有没有时间限制", None),
    # what FACTS §17 says the sources do not answer, asked in English words the gap's own
    # markers do not spell out: no confident answer, not the nearest entry
    ("what counts as not-as-described and what's the penalty for the shop", None),
    ("what exactly are tmall's genuine product guarantee rules", None),
    ("what do I need to qualify for xiaoer intervention", None),
    ("how long before the refund money shows up in my bank account", None),
    ("how much would a lawyer charge me for a case like this", None),
    ("how much will the freight insurance give me for a return", None),
    ("seller ignored my claim for three days, will the system refund me by itself", None),
    ("12315 has had my complaint for weeks, how do I check the status", None),
    ("how do I make dumplings", None),
    ("運費險可以賠幾多", None),
    ("请律师大概要花多少钱", None),
    # tone (FACTS §13.1): calm and polite, not the category's playbook
    ("客服一直推脱 我忍不住想发火骂人 这样做对投诉有帮助吗", "冷静"),
    ("要不要对商家客气一点", "礼貌"),
    ("投訴時可唔可以鬧賣家", "冷静"),
    ("同客服嗌交有冇用", "冷静"),
    ("Is yelling at the kefu going to get my refund sooner?", "calm"),
    ("Should I stay polite even though the seller cheated me?", "calm"),
    # the platform's liability when it cannot name the seller (appendix B, Art. 44)
    ("商家的真实地址平台也给不出来，这种情况平台要赔我吗", "44"),
    ("平台连商家的名称、地址、电话都给不了，我可以找平台索赔吗", "44"),
    ("網購平台話唔知賣家地址電話，我可唔可以搵平台賠", "44"),
    # threats or a visit at home (FACTS §2.0, §5.14): the number to call is the police's
    ("商家一直打电话骚扰我还说要上门，我应该打什么电话", "110"),
    ("seller threatened to come to my house, what number do I call", "110"),
    # "where" in a story is no question of where to click
    ("where do I complain about the seller", "投诉"),
    # what to note during a call (FACTS §5.4): the agent's name or number, not the hotline number
    ("打天猫热线时应该记下哪些内容", "工号"),
    ("What should I note down when I call the Tmall hotline?", "ID"),
    # two weekdays named in a row (周一到周五) read as two dates, never a traceback
    ("12315的人工服务周一到周五几点开始", "8:30"),
    ("淘宝客服周六周日上班吗", "24"),
    # one shopping word (价格) in a question about what the base never names is no complaint:
    # the category it hints at confirms the search's own answer, never makes one
    ("以太坊现在的价格是多少", None),
    ("黄金 今天 价格", None),
    ("what's the price of bitcoin right now", None),
    # a count inside a two-character cue (扣分 as 扣多少分, 扣6分) still asks the penalty (FACTS §11.2)
    ("售后不履行的店铺会被扣多少分", "6 分"),
    ("店铺 扣6分 为什么", "售后"),
    # another platform named by its nickname (FACTS §17): no confident answer, however low the
    # gap ranks, since no answer of the base knows the name
    ("狗东买的耳机坏了能退吗", None),
    ("拼夕夕 仅退款 规矩", None),
    ("唯品会 上周签收的 最晚几号能退", None),
    # tone (FACTS §13.1) asked about a quarrel: the sample wording states the calm tone too
    ("跟商家客服吵了半天有没有用", "冷静"),
    # where to report a late shipment: the late-shipping playbook is sure and its steps say where
    # (FACTS §5.10: there is no such report type, a refund request instead)
    ("卖家迟迟不发货 举报的入口在哪", "申请退款"),
    # the 消保 claim's cap (FACTS §10.2) is its own amount, not the consumer law's (消保法) 3x
    ("申请消保赔付能拿回多少钱，邮费包括在内吗", "邮费"),
    ("消保法 三倍 最少多少", "500"),
    # the search's own unsure answer that a recognised complaint (fraud: 骗子) does not contradict
    # is made as sure as the complaint's playbook would have been (FACTS §13.1: tone)
    ("写投诉信时我能不能直接写这家店是骗子", "冷静"),
    # a seller who does not reply within the 72 hours: what then is not in the sources (FACTS §17)
    ("卖家三天都没回复我的退款申请，会不会自动退", None),
    # an unsure question naming a body (消协) and no aspect: the search's entry about that body
    # answers (FACTS §16: the association mediates, it does not judge)
    ("消协有没有权力强制商家赔钱", "协调"),
    ("消委會可唔可以命令賣家退錢", "协调"),
    # a landline (座机) is a phone number: the association's number is a gap (FACTS §17)
    ("本地消协 座机 多少", None),
    # an unsure question naming an aspect that a ranked entry states: that entry answers
    ("在订单里投诉商家以后平台一般几天给结果", "5 天"),
]


def test_the_table_has_both_languages() -> None:
    english = [q for q, _ in TABLE if not has_cjk(q)]
    assert len(english) >= 6 and len(TABLE) - len(english) >= 6


@pytest.mark.parametrize(("question", "fact"), TABLE)
def test_the_answer_is_the_fact_or_no_confident_answer(question: str, fact: str | None) -> None:
    found = load_kb().ask(question, lang="zh" if has_cjk(question) else "en")
    if fact is None:
        assert found.answer is None, (found.entry, found.answer)
        return
    assert found.answer is not None, question
    assert fact in found.answer, (found.entry, found.answer)
