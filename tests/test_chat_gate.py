"""Telling or asking (issue 12, the chat's question gate): a shopper who tells what happened to
them, with a question that asks for nothing ("这算什么服务？", "凭什么不给我退？", "isn't that
fraud?"), is starting a complaint; a question that asks for information (how, where, how many,
which, may I) is answered, also in the middle of the form. Every sentence was written for this
file from FACTS.md (the 13 categories, the channels, the deadlines), in Simplified and
Traditional Chinese, written Cantonese and English; none comes from a blind set."""

from __future__ import annotations

import pytest

from dialogs.flows.questions import Reading, reading
from knowledge.loader import load_kb
from tests.chat import Chat

KB = load_kb()

# (what a shopper tells, with a question that asks nothing; a question on the same matter)
PAIRS = [
    # counterfeit
    ("专柜说这个包根本不是他们家的货，这不是卖假货吗？", "买到假货怎么申请退一赔三？"),
    ("柜台驗過話係假貨，佢哋仲話係正品，呢啲唔係呃人咩", "買到假貨點樣舉報？"),
    ("The brand store says my sneakers are fake, isn't that fraud?", "How do I report a shop that sells fakes?"),
    # quality
    ("电饭煲用了三天就不加热了，这质量也叫合格？", "质量问题收货后几天内可以退货？"),
    ("吹風機用咗兩日就冇熱風，呢種質素算咩", "質量問題退貨運費由邊個出？"),
    ("My kettle stopped working after a week, how can they sell junk like this?",
     "Who pays the return shipping for a faulty item?"),
    # not as described
    ("页面写的纯棉，收到一看是化纤，这不是虚假宣传吗", "描述不符要准备哪些证据？"),
    ("網頁寫128G，收到得64G，咁樣都得？", "貨不對板要點樣申請退款？"),
    ("The page said leather but I got plastic, what kind of shop is this?",
     "What evidence do I need for an item not as described?"),
    # not received
    ("物流显示已签收，可我根本没收到，凭什么说我收到了？", "没收到货，交易成功后多少天内还能维权？"),
    ("顯示簽收咗但我冇收到，佢哋仲話係我簽嘅，有冇搞錯", "未收到貨嘅維權，賣家有幾多個鐘回覆？"),
    ("Tracking says delivered, I never got it, the seller says not his problem, seriously?",
     "How many hours does the seller have to answer a not-received claim?"),
    # late shipping
    ("付款一个礼拜了还不发货，客服就让我等，要等到什么时候？", "付款后多久不发货可以投诉延迟发货？"),
    ("俾咗錢十日都未發貨，客服淨係叫我等，難道要等一世？", "延遲發貨可唔可以要賠償？"),
    ("Paid ten days ago and still not shipped, the seller keeps stalling, is this even legal?",
     "When can I complain about late shipping?"),
    # logistics damage
    ("箱子压扁了杯子全碎了，快递还说不关他们事，这算什么服务？", "运输破损快递赔付标准是多少？"),
    ("個箱爛晒，入面啲碗全部碎咗，速遞仲話唔關佢事，呢啲算咩服務", "運輸破損要影啲咩做證據？"),
    ("The box arrived crushed and the courier shrugged, how can they get away with it?",
     "How much does the courier pay for a broken parcel?"),
    # after-sales refused
    ("七天无理由退货申请了，商家硬说影响二次销售不给退，凭什么不给我退？", "七天无理由退货从哪天开始算？"),
    ("申請咗七日無理由，賣家話唔退，憑咩唔退俾我？", "七日無理由退貨有冇例外？"),
    ("I asked for a return within seven days and the seller refused, how dare they?",
     "Which items cannot be returned without a reason?"),
    # broken promise
    ("说好的赠品一个都没送，客服还装不知道，这合理吗", "违背承诺要在多少天内投诉？"),
    ("落單前話送贈品，收貨乜都冇，佢哋仲扮唔知，咁樣都得？", "違背承諾點樣投訴？"),
    ("They promised a free gift and sent nothing, now they pretend they never said it, are you kidding me?",
     "Where do I file a broken promise complaint?"),
    # harassment
    ("给了差评以后商家天天打电话骂我，还有没有天理？", "被商家骚扰要留哪些证据？"),
    ("The seller keeps calling me after my bad review, isn't that harassment?",
     "What evidence should I keep if a seller harasses me?"),
    # malicious review
    ("商家在评价里写我是骗子，你们平台是不是不管？", "恶意评价可以在哪里投诉？"),
    # prohibited goods
    ("有家店公然卖电击器，这不是违禁品吗", "怎么举报卖禁售品的店？"),
    ("A shop openly sells stun guns, aren't those banned?", "How do I report a shop selling banned items?"),
    # fraud
    ("有人冒充客服让我转账，说是理赔，这不就是诈骗吗", "天猫官方客服电话是多少？"),
    # other
    ("买手机非要我加购保险，不买就不卖，这不是强制消费吗", "12315人工几点能接通？"),
    ("你们是不是卖假货", "天猫的消费者热线号码是多少"),
    ("这算什么服务？", "投诉以后在哪里看进度？"),
]


def test_the_table_is_large_enough() -> None:
    assert len(PAIRS) >= 30
    assert {any("\u4e00" <= ch <= "\u9fff" for ch in told) for told, _ in PAIRS} == {True, False}


@pytest.mark.parametrize(("told", "asked"), PAIRS)
def test_a_story_with_a_rhetorical_question_is_told_and_a_question_asks(told: str, asked: str) -> None:
    assert reading(told, KB) == Reading.TOLD, told
    assert reading(asked, KB) in (Reading.QUESTION, Reading.TOLD_AND_ASKED), asked


@pytest.mark.parametrize("text", [
    "我在天猫买的鞋是假的，怎么申请退一赔三？",
    "賣家一直唔發貨，我可以點做？",
    "I bought a fake watch on Tmall, how do I get three times back?",
    "商家不同意退款也不回消息，最早什么时候能申请客服介入？",
])
def test_a_story_that_asks_for_information_is_answered(text: str) -> None:
    assert reading(text, KB) == Reading.TOLD_AND_ASKED


@pytest.mark.parametrize("text", [
    "退款申请以后商家多长时间之内要处理",  # no question word, no mark: it asks all the same
    "质量问题包退换从哪天开始算的",
    "七日無理由由邊日開始計",
])
def test_a_question_without_a_question_word_or_mark_is_a_question(text: str) -> None:
    assert reading(text, KB) == Reading.QUESTION


@pytest.mark.parametrize("text", [
    "他说知道我住在哪，还要上门",
    "箱子被雨泡烂了，里面几本书全湿了",  # a few books: 几 asks only before a unit it counts
    "买的蓝牙耳几用了三天就坏了",  # a typo (耳机) is no question
    "The seller wrote a review about me, which every shop can read",  # a question word inside what someone knows is no question
    "快递被人签走了，也不知道是谁签的",
    "I asked the seller how to return it and he just ignored me",
])
def test_a_question_word_inside_the_story_asks_nothing(text: str) -> None:
    assert reading(text, KB) in (Reading.TOLD, Reading.NOTHING_ASKED)


def test_a_rhetorical_question_starts_a_complaint(chat: Chat) -> None:
    replies = chat.send("快递把箱子压扁了，杯子全碎了，这算什么服务？")
    assert "开始投诉" in " ".join(chat.buttons)
    assert "运输破损" in replies[0] or "投诉" in replies[0]
    assert "来源" not in " ".join(replies)  # no knowledge answer was given instead


def test_a_reproach_without_a_category_still_offers_a_complaint(chat: Chat) -> None:
    replies = chat.send("凭什么不给我退？")
    assert "开始投诉" in " ".join(chat.buttons)
    assert "来源" not in " ".join(replies)
    chat.click("开始投诉")
    assert "选择你遇到的问题" in chat.last  # the category is asked first


def test_an_english_reproach_starts_a_complaint(en_chat: Chat) -> None:
    replies = en_chat.send("The seller sent me a fake bag and now refuses any refund, isn't that fraud?")
    assert "Start the complaint" in " ".join(en_chat.buttons)
    assert "Sources" not in " ".join(replies)


def test_a_cantonese_reproach_starts_a_complaint(chat: Chat) -> None:
    replies = chat.send("俾咗錢十日都未發貨，客服淨係叫我等，難道要等一世？")
    assert "开始投诉" in " ".join(chat.buttons)
    assert "来源" not in " ".join(replies)


def test_a_story_ending_with_a_real_question_is_answered_then_offered(chat: Chat) -> None:
    replies = chat.send("商家在评价里写我是骗子，这种恶意评价能投诉吗？")
    assert "来源" in replies[0]  # the answer first
    assert "开始投诉" in " ".join(chat.buttons)  # then the complaint, the story kept


def test_a_question_is_answered(chat: Chat) -> None:
    replies = chat.send("天猫的消费者热线号码是多少")
    assert "9510211" in replies[0]
    assert "开始投诉" not in " ".join(chat.buttons)


def test_a_question_in_the_middle_of_the_form_is_answered_and_the_form_goes_on(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("质量问题")
    replies = chat.send("天貓官方客服電話係幾多號？")
    assert "9510211" in replies[0]
    assert "平台" in chat.last  # the form asks again what it was waiting for


def test_a_story_with_a_question_typed_where_the_story_is_asked_is_the_story(en_chat: Chat) -> None:
    en_chat.send("/complain")
    en_chat.click("Quality")
    answers = {"platform": "Tmall", "shop": "Home Goods Store", "order number": "2345678901234567",
               "what did you buy": "rice cooker", "how much": "399"}
    for _ in range(12):  # what the form asks, until it asks what happened
        if "tell me what happened" in en_chat.last:
            break
        asked = next((a for key, a in answers.items() if key in en_chat.last.lower()), "/skip")
        en_chat.send(asked)
    assert "tell me what happened" in en_chat.last
    story = "It stopped heating after three days and the seller ignores me, how can they do this?"
    en_chat.send(story)
    assert "tell me what happened" not in en_chat.last  # taken as the story, the form moved on
    assert "Sources" not in " ".join(en_chat.texts[-3:])


@pytest.mark.parametrize("text", ["恶意评价 投诉 条件", "12315 热线 时间", "运费险 赔 多少", "七天无理由 退货 例外"])
def test_bare_keywords_naming_what_they_ask_are_a_question(text: str) -> None:
    assert reading(text, KB) == Reading.QUESTION


@pytest.mark.parametrize("text", ["商家 天天 打电话 骂我", "名牌包 专柜鉴定 不是正品", "鞋子 开胶 客服 不理",
                                  "小李数码专营店 客服电话13812345678"])  # a shop's name with its phone
def test_bare_keywords_telling_what_happened_are_no_bare_question(text: str) -> None:
    assert reading(text, KB) != Reading.QUESTION


def test_keywords_asked_while_the_form_waits_for_the_shop_are_answered(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("质量问题")
    chat.click("天猫")
    replies = chat.send("质量问题 投诉 证据")
    assert "来源" in replies[0]  # answered from the knowledge base
    assert "店铺" in chat.last  # and the shop's name is asked again, not taken from the keywords
