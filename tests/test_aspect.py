"""Aspect before category: a question naming a problem but asking one aspect of it gets that fact.

Written for issue 12 by hand, without the dev sets: (question, aspect asked, a fact the answer must
state). A fact of None means the knowledge base does not know and must say so (a gap).
"""

from __future__ import annotations

import pytest

from knowledge.aspect import check
from knowledge.loader import load_kb

TABLE: list[tuple[str, str, str | None]] = [
    # number
    ("买到假货了，天猫的投诉电话是多少", "number", "9510211"),
    ("质量问题想打电话投诉，应该打哪个号码", "number", "9510211"),
    ("没收到货想找12315，电话怎么拨，要加区号吗", "number", "区号"),
    ("I got a fake bag, what's Tmall's hotline number?", "number", "9510211"),
    ("天貓的官方客服電話是幾號", "number", "9510211"),
    ("衣服和描述不符，消协的电话号码是多少", "number", None),
    ("发错货了 人工客服电话多少", "number", "9510211"),
    # hours
    ("买到假货想打12315，几点有人接", "hours", "8:30"),
    ("质量问题投诉，12315周末上班吗", "hours", "周一至周五"),
    ("When is the 12315 hotline staffed?", "hours", "8:30"),
    ("天猫在线客服几点下班", "hours", "24"),
    ("9510211 几点能打通", "hours", None),
    ("What time can I reach 12315 about a parcel that never arrived?", "hours", "8:30"),
    # law
    ("买到假货，依据哪条法律能索赔", "law", "第 55 条"),
    ("买到过期零食，法律上怎么规定的", "law", "第 148 条"),
    ("Which law lets me claim triple damages for a fake?", "law", "art. 55"),
    ("七天无理由退货是哪条法律规定的", "law", "第 10 条"),
    ("收到的东西质量有问题，有什么法律依据", "law", "第 24 条"),
    ("Bought spoiled food online, what does the law say?", "law", "148"),
    # amount
    ("买到假货最少能赔多少钱", "amount", "500"),
    ("买的零食是过期的，能赔多少", "amount", "1000"),
    ("How much compensation can I get for a counterfeit?", "amount", "500"),
    ("退一赔三最少赔多少", "amount", "500"),
    ("假一赔三具体按什么金额赔", "amount", None),
    ("发货超时了赔多少", "amount", "5%"),
    ("奶粉是假的 赔几倍", "amount", "10"),
    # days
    ("买到假货，交易成功后多少天内还能投诉", "days", "15"),
    ("没收到货申请了退款，商家几天内要处理", "days", "72"),
    ("举报假货多久有结果", "days", "3-5"),
    ("举报禁售商品多长时间处理", "days", "1 个工作日"),
    ("质量问题几天内可以退换", "days", "15"),
    ("How many days do I have for a no-reason return?", "days", "7"),
    ("How long does the seller have to answer my not-received claim?", "days", "72"),
    ("商家拒绝了退款，平台最晚几天介入", "days", "2 个工作日"),
    ("退款多少天能去维权中心", "days", "9"),
    # evidence
    ("买到假货要准备什么证据", "evidence", "鉴定"),
    ("没收到货维权需要哪些证据", "evidence", "截图"),
    ("What proof do I need for a quality complaint?", "evidence", "screenshot"),
    ("商家说话不算数 要什么凭证", "evidence", "聊天"),
    ("Received a fake, what evidence should I keep?", "evidence", "photos"),
    # where
    ("买到假货，在App里哪里投诉", "where", "投诉"),
    ("投诉的进度在哪里看", "progress", "我的"),
    ("Where do I find the order number?", "where", "已买到的宝贝"),
    ("维权中心入口在哪", "where", "维权中心"),
    # channel
    ("质量问题商家不理，还能找哪个部门", "channel", "12315"),
    ("Who else can I complain to if Tmall ignores my complaint?", "channel", "12315"),
    ("买到假货平台不管，还能找谁", "channel", "12315"),
    # threats are for the police first (FACTS §2.0 harassment, §5.14)
    ("who do I complain to about a seller who threatened me", "channel", "110"),
    # fragments, voice-input homophones, Cantonese
    ("消协 电话", "number", None),
    ("12315 几点", "hours", "8:30"),
    ("天猫客服 电话", "number", "9510211"),
    ("宝修期内坏了 打什么电话", "number", "9510211"),
    ("假货 赔多少", "amount", "500"),
    ("假货 多少天内能投诉", "days", "15"),
    ("商家虚假宣传 能赔几倍", "amount", "3 倍"),
    ("质量问题 法律怎么规定", "law", "第 24 条"),
    ("卖家辱骂我 可以报警吗 电话多少", "number", "110"),
    ("買到假貨 要咩證據", "evidence", "鉴定"),
    ("what time does 12315 open on weekdays", "hours", "8:30"),
    # penalty: what happens to the shop, not the category's playbook (FACTS §11.2)
    ("卖假货的店铺天猫会给什么处罚", "penalty", "封店"),
    ("商家被投诉成立了会被扣分吗", "penalty", "扣分"),
    ("被投诉的商家会受到什么处罚 封店吗", "penalty", "封店"),
    ("what penalty does a shop get for selling fakes", "penalty", "blacklist"),
    ("will tmall shut down a store that sells counterfeits", "penalty", "permanent closure"),
    # tone: how to word it, not the category's playbook (FACTS §13.1, §14)
    ("收到的杯子碎了一个，想跟卖家反映，有没有措辞参考", "tone", "尽快"),
    ("想投诉客服态度差，怎么写比较礼貌", "tone", "冷静"),
    ("骂卖家几句会不会影响我的投诉", "tone", "过激"),
    ("is there a polite template to message the seller about a broken item", "tone", "promptly"),
    ("what wording should I use when I write to the shop", "tone", "facts only"),
    # an article named by its number, and a service's own deadline (FACTS appendix B)
    ("根据消保法第55条，买到假货能赔多少", "amount", "500"),
    ("what does article 44 of the consumer protection law say about platforms", "law", "art. 44"),
    ("what does article 148 of the food safety law say", "law", "1000"),
    ("12315投诉以后多少天内要给我答复", "days", "7 个工作日"),
    ("how many days does 12315 have to handle my complaint", "days", "7 working days"),
    # whether a decision binds both sides: the platform's does, the consumer association only
    # mediates (FACTS §5.8 step 4, §16)
    ("客服介入的判定结果商家必须执行吗", "binding", "约束力"),
    ("Is the platform's intervention decision binding on the seller?", "binding", "binding on both"),
    ("消协能判商家赔钱吗", "binding", "调解"),
    ("Can the consumer association rule against the shop?", "binding", "mediates"),
    # what the platform does next in a case: its stages, not the ways to complain (FACTS §5.8)
    ("申请了客服介入，商家和我都举证以后平台接下来会怎么处理", "stages", "调解"),
    ("平台介入调解不成的话，下一步平台会怎么做", "stages", "判定"),
    ("What happens next once mediation in an intervention fails?", "stages", "decision"),
    # what happens to a shop the platform catches: its penalty, not the counterfeit playbook (§11.2)
    ("卖假货的网店被天猫查实以后会怎样", "penalty", "封店"),
    ("What happens to a Tmall store that sells replicas?", "penalty", "closure"),
    # whom to turn to after a fake customer-service scam: the police (§5.14, appendix B)
    ("被假冒的客服骗了钱，该找谁", "channel", "110"),
    ("A fake customer service agent took my money, who do I turn to?", "channel", "110"),
    # the goods a rule excludes: the rule's own article, not the food law for food named (App. B Art. 25)
    ("买的活鱼七天无理由能退吗，法律怎么规定的", "law", "第 25 条"),
    ("Are live crabs excluded from 7-day returns by law?", "law", "art. 25"),
    ("消协有权判商家赔钱吗", "binding", "调解"),
    # which photos to take for a fake: its own checklist; a temper on the phone: the tone rules
    ("买到假鞋要拍哪些照片", "evidence", "防伪"),
    ("Bought a fake watch, which photos should I take?", "evidence", "anti-counterfeit label"),
    ("打电话给商家我脾气不太好容易吵起来，该怎么说话", "tone", "冷静"),
    ("I lose my temper easily, how should I speak to the seller on the phone?", "tone", "calm"),
    # a fake's report counts working days: its own 3-5, not a general entry's count of days
    ("举报假货几天能出结果", "days", "3-5"),
    ("I reported a fake listing, how many days until there is a result?", "days", "3-5"),
    # where the web chatbot is: the human-agent entry states it (联系我们), not the app's complaint steps
    ("天猫网页上在哪里能找到阿里小蜜转人工", "where", "联系我们"),
    ("Where do I open the Alibaba chatbot on the Tmall website to reach a human?", "where", "联系我们"),
    # 哪里的 asks which place's (the area code's), not where to click
    ("打12315要加哪里的区号", "number", "商家所在"),
    ("For 12315, whose area code do I dial, mine or the shop's?", "number", "area of the seller"),
    # a bare "what does it take" asks the evidence when nothing else is asked (§5.8 step 5: new evidence)
    ("小二的判定我不服 申诉要啥", "evidence", "新证据"),
    # a question padded with chatter scores every entry low: the entry close to the best that
    # states the aspect still answers (FACTS §5.8)
    ("哎烦死了，平台介入后调解谈不拢，接下来平台会怎么弄，另外我家猫也病了", "stages", "判定"),
    # what the platform decides at the end of an intervention is a stage of it (FACTS §5.8 step 4)
    ("平台介入最后会怎么判", "stages", "判定"),
    ("What can the platform decide at the end of an intervention?", "stages", "decision"),
    # where to follow a complaint already filed, not where to file one (FACTS §5.17 投诉管理)
    ("上周在手机app投诉了一家店，现在想看处理进度，去哪里看", "progress", "投诉管理"),
    ("I complained about a shop in the app last week, where can I check how it is going?", "progress", "投诉管理"),
    # which channel first: the seller before everything; 12315 and the consumer association side
    # by side (FACTS §8), answered from the ladder's order (knowledge/ladder_answer.py)
    ("衣服有破洞，我可以不找店家直接去12315投诉吗", "first", "与商家协商"),
    ("Can I skip the seller and go straight to 12315?", "first", "Negotiate with the seller"),
    ("消协和12315哪个先", "first", "并行"),
    ("Do I contact 12315 or the consumer association first?", "first", "parallel"),
    # what comes next after a rung that did not help (FACTS §8), and after a judgment (§5.16)
    ("我的申诉被驳回了，下一步怎么办", "next", "12315"),
    ("My appeal was turned down, what's next?", "next", "12315"),
    ("法院判了商家赔钱他不给 下一步", "next", "强制执行"),
    ("The judgment is in my favour but the shop won't pay, what next?", "next", "enforcement"),
    ("消协调解不成，还有什么办法", "next", "法律途径"),
    ("The xiaoxie couldn't settle it. What now?", "next", "Court"),
    # the shop's penalty, however it is asked (FACTS §11.2)
    ("淘宝店卖假货被发现了，平台会把店铺怎么样", "penalty", "封店"),
    ("举报成立后这家店会受到什么处理", "penalty", "降权"),
    ("will tmall close a shop that sells fake shoes", "penalty", "closure"),
]


def test_the_table_is_big_enough_in_both_languages() -> None:
    english = [q for q, _, _ in TABLE if q.isascii()]
    assert len(TABLE) >= 40 and len(english) >= 12


@pytest.mark.parametrize(("question", "aspect", "fact"), TABLE)
def test_the_aspect_asked_is_answered(question: str, aspect: str, fact: str | None) -> None:
    assert load_kb().aspects.asked(question) == aspect
    lang = "en" if question.isascii() else "zh"
    found = load_kb().ask(question, lang=lang)
    if fact is None:
        assert found.answer is None and found.gap is not None, found
        return
    assert found.answer is not None, question
    assert fact in found.answer, (found.entry, found.answer)


@pytest.mark.parametrize(("question", "entry"), [
    ("怎么申请客服介入", "intervention_how"), ("商家不回复怎么办", "seller_no_reply"),
    ("how to contact tmall support", "hotline_9510211")])
def test_how_alone_keeps_the_search_answer(question: str, entry: str) -> None:
    assert load_kb().aspects.asked(question) == "steps"
    found = load_kb().ask(question, lang="en" if question.isascii() else "zh")
    assert (found.aspect, found.entry) == ("steps", entry)


@pytest.mark.parametrize(("question", "entry"), [
    ("衣服有质量问题 怎么退货", "quality_how"), ("received a fake product what should i do", "counterfeit_how")])
def test_how_to_is_not_answered_by_a_deadline_or_a_checklist(question: str, entry: str) -> None:
    """The best match states only another aspect (a deadline, evidence): the playbook answers."""
    assert load_kb().ask(question, lang="en" if question.isascii() else "zh").entry == entry


def test_how_it_is_counted_is_no_step() -> None:
    assert load_kb().aspects.asked("七天无理由怎么算") is None
    assert load_kb().ask("七天无理由怎么算").entry == "no_reason_7d"


def test_calling_is_not_asking_for_a_number() -> None:
    assert load_kb().aspects.asked("给天猫打电话有啥技巧") == "steps"
    assert load_kb().ask("给天猫打电话有啥技巧").entry == "call_tips"


@pytest.mark.parametrize(("question", "not_asked"), [
    ("能判断是不是假货吗", "binding"),  # telling real from fake, no decision's force
    ("防伪码显示已经被查询过上千次了", "penalty"),  # a code looked up, no shop caught
    ("对方让我开屏幕共享，我照做以后钱就没了", "binding"),  # the shopper's own story
    ("退款被关闭了怎么办", "penalty"),  # an order closed, no shop closed
    ("What happens if the seller doesn't answer within 72 hours?", "stages"),  # a rule's outcome
    ("假发货怎么判定", "stages"),  # the criterion fake shipping is judged by, no decision of a case
])
def test_a_story_word_does_not_ask_the_aspect(question: str, not_asked: str) -> None:
    assert load_kb().aspects.asked(question) != not_asked


@pytest.mark.parametrize("question", ["京东的客服电话是多少", "日本的消费者热线几点上班", "我家猫最多能活几年"])
def test_an_aspect_does_not_make_an_out_of_scope_question_answerable(question: str) -> None:
    assert load_kb().ask(question).answer is None


def test_every_aspect_and_entry_named_exists() -> None:
    assert check(load_kb().entries) == []


@pytest.mark.parametrize("question", ["平台会扣这家店几分", "售后不履行会扣多少分", "店铺被扣6分是因为什么"])
def test_a_count_inside_a_cue_still_asks_it(question: str) -> None:
    # deduct points said with a count, after the shop or not (FACTS §11.2)
    assert load_kb().aspects.asked(question) == "penalty"
