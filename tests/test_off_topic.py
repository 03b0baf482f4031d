"""Off-topic questions get no confident answer, whatever aspect words they hold (knowledge/off_topic.py).

Written by hand for issue 12 (not from the blind sets): requests for texts that are no complaint
(a leave note, a poem, a résumé) and questions about things no dispute is about (a hospital, a
parking space), each with a tone, time or number word that would otherwise pick an answer; beside
them, the same shapes about a dispute keep their answer.
"""

from __future__ import annotations

import pytest

from knowledge.loader import load_kb
from knowledge.off_topic import off_topic

OFF_TOPIC = [
    "帮我写一张请病假的假条给经理，措辞正式些",
    "幫我寫封信俾業主講退租，語氣客氣啲",
    "写一首关于春天的诗，语气要温柔",
    "帮我写个请假条 孩子发烧了 明天不去上班",
    "帮我翻译一下这份简历，语气正式点",
    "小区车位被人占了 打什么电话",
    "今天 会不会 下雨",
    "社保断缴了怎么办 找谁",
    "Write me a polite email to my manager asking for two days off next Monday",
    "write a short poem for my sister's birthday, warm tone",
    "translate my CV into Chinese please, formal tone",
    "write a formal resignation letter, polite tone",
    "can you write a cover letter for my job application",
    "how many days does a visa take",
    # businesses and dealings outside online shopping, with a complaint, aspect or computed word
    "招商银行周日上班吗",
    "邮局周六上不上班",
    "邮政局的电话是多少",
    "房东扣了押金不还怎么办",
    "外卖送错了打哪个电话投诉",
    "饿了么的外卖晚到了能赔多少",
    "郵政局星期日開唔開",
    "What time does the bank close today?",
    "My landlord won't give back the rent deposit",
    "The restaurant delivered the wrong takeaway, who do I call?",
]

IN_SCOPE = [
    ("帮我写一封投诉信给商家，语气正式一点", "zh"),
    ("帮我写一段给卖家的话，假货要退一赔三", "zh"),
    ("write me a complaint letter to the seller about a fake bag, formal tone", "en"),
    ("投诉信 语气", "zh"),
    ("12315 中午 休息吗", "zh"),
    ("卖家 堵我家门口 找谁", "zh"),
    ("买到假鞋子需要准备什么证据，包装要拍吗", "zh"),
    # the same outside words in a purchase on the platforms
    ("银行卡付款的订单，卖家不发货怎么办", "zh"),
    ("淘宝买的外卖餐盒是假货，能赔多少", "zh"),
    ("I paid the Taobao seller by bank card and the bag is fake, how much can I claim?", "en"),
]


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_an_off_topic_question_gets_no_confident_answer(question: str) -> None:
    found = load_kb().ask(question, lang="en" if question.isascii() else "zh")
    assert found.answer is None and found.entry is None, (found.entry, found.aspect)


@pytest.mark.parametrize(("question", "lang"), IN_SCOPE)
def test_the_same_shapes_about_a_dispute_keep_their_answer(question: str, lang: str) -> None:
    kb = load_kb()
    assert not off_topic(kb, kb.readable(question))
    assert kb.ask(question, lang=lang).answer is not None


def test_an_anchor_cut_across_by_a_dictionary_word_does_not_count() -> None:
    """假的 (a fake) inside 病假的假条 (a sick-leave note) names no fake."""
    kb = load_kb()
    assert off_topic(kb, "帮我写一张明天请病假的假条给领导")
    assert not off_topic(kb, "帮我写一下这个是假的怎么投诉")
