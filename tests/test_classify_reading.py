"""How the classifier reads an opening before it scores it (issue 12, point 7): a category word the
shopper denies speaks for nothing, pinyin inside English is read as the Chinese word it spells,
English meets the Chinese bank through the glossary, and the "other" class has its own cues."""

from __future__ import annotations

import pytest

from knowledge.classify import readable
from knowledge.loader import load_kb


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("不是物流问题，是做工太差", "物流", "做工太差"),
        ("唔係速遞嘅問題，部機自己壞咗", "快递", "坏了"),
        ("跟快递没关系 用了两天就坏", "快递", "坏"),
        ("the fan rattles, it's not a delivery problem", "delivery", "rattles"),
        ("nothing to do with shipping, the motor died", "shipping", "motor died"),
    ],
)
def test_a_denied_category_word_is_not_read(text: str, gone: str, kept: str) -> None:
    read = load_kb().boundaries.read(text)
    assert gone not in read and kept in read


@pytest.mark.parametrize("text", ["这不是质量问题吗", "isn't it a quality issue?", "the seller did not fix the problem"])
def test_a_question_or_a_plain_not_is_no_denial(text: str) -> None:
    kb = load_kb()
    assert kb.boundaries.read(text) == kb.normaliser.basic(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("台灯一直闪 质量很差 不是物流的问题", "quality"),
        ("the fan rattles and shuts itself off, it's not a delivery problem", "quality"),
        ("部風扇成日自己停，唔係速遞問題，係質量差", "quality"),
    ],
)
def test_denying_a_category_leaves_the_complaint(text: str, category: str) -> None:
    assert load_kb().classify(text).category == category


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("the toaster quit after two weeks, the package arrived in perfect shape", "package", "quit"),
        ("nothing got crushed during shipping, the zip just broke", "shipping", "zip just broke"),
        ("台灯用了五天不亮了，外箱完好无损", "外箱", "不亮"),
        ("到手好好的 用了一周就漏水", "到手", "漏水"),
        ("物流没问题，耳机自己没声了", "物流", "没声"),
    ],
)
def test_a_box_said_to_be_fine_names_no_courier(text: str, gone: str, kept: str) -> None:
    """FACTS §2.0 坏了是谁造成的: the shopper ruling the delivery out is no transit word."""
    read = load_kb().boundaries.read(load_kb().readable(text))
    assert gone not in read and kept in read


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("the rice cooker stopped heating after five days of use, the box arrived totally fine", "quality"),
        ("my speaker went quiet after a week, it was not damaged in transit, it just stopped", "quality"),
        ("收到时外箱好好的，电水壶才用了三天就不加热了", "quality"),
        ("外箱完好 但是里面的玻璃碎了", "logistics_damage"),  # nothing used: still who broke it unknown
        ("箱子压扁了，杯子碎了两个", "logistics_damage"),
    ],
)
def test_who_broke_it_when_the_box_is_said_to_be_fine(text: str, category: str) -> None:
    assert load_kb().classify(text).category == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("页面写的羊毛大衣，到手看洗标是腈纶，穿了两次就起球", "not_as_described"),
        ("listed as a genuine leather belt, it's PU and it cracked after a week", "not_as_described"),
        ("羊毛衫洗了一次就缩水起球", "quality"),  # no other material found: a defect in use
    ],
)
def test_a_material_swapped_is_not_as_described_even_when_it_wears_badly(text: str, category: str) -> None:
    assert load_kb().classify(text).category == category


def test_pinyin_words_inside_english_become_chinese_but_english_words_stay() -> None:
    kb = load_kb()
    read = readable(kb, "the zhiliang is bad and the wuliu says the kuaidi lost it, I like the name")
    assert "质量" in read and "物流" in read and "快递" in read
    assert "like" in read and "name" in read and "lost" in read  # English is never read as pinyin


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("bought a jacket, the zhiliang is awful, the zipper came off on day two", "quality"),
        ("the wuliu has not moved for 12 days and kuaidi cannot find the baoguo", "not_received"),
        ("the shop says this is zhengpin but the brand app says the code is invalid", "counterfeit"),
        ("the seller keeps rejecting my tuikuan even though the item never worked", "after_sales_refused"),
    ],
)
def test_english_with_pinyin(text: str, category: str) -> None:
    assert load_kb().classify(text).category == category


def test_english_shares_the_chinese_bank_through_the_glossary() -> None:
    """A model trained on Chinese openings only: an English one is read through the glossary's
    Chinese words (crushed is 压坏, a knockoff is 假货), which plain English features never meet."""
    from knowledge.classify_model import LinearModel

    kb = load_kb()
    texts = ["快递送来的时候压坏了", "箱子被压坏了 杯子也碎了", "买到的是假货", "专柜说这是假货"]
    labels = ["logistics_damage", "logistics_damage", "counterfeit", "counterfeit"]
    glossed = LinearModel(texts, labels, kb.normaliser, kb.glossary)
    plain = LinearModel(texts, labels, kb.normaliser)
    for text, label in (("it came crushed", "logistics_damage"), ("this is a knockoff", "counterfeit")):
        probs = glossed.probabilities(text)
        assert probs is not None and max(probs, key=probs.__getitem__) == label
        assert plain.probabilities(text) is None  # no feature in common without the glossary


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("买热水器必须加钱买他们的安装服务才肯卖", "other"),
        ("店铺要求先办年卡会员才能下单", "other"),
        ("问卖家要发票，他说不开", "other"),
        ("跟賣家要發票，佢話開唔到", "other"),
        ("the store forces you to buy their extended warranty before you can check out", "other"),
        ("the seller will not issue an invoice for my order", "other"),
        ("强制消费", "other"),
    ],
)
def test_other_is_reachable_by_its_own_cues(text: str, category: str) -> None:
    assert load_kb().classify(text).category == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("a shop offers fake diplomas and fake id cards", "prohibited_goods"),
        ("the seller's reply to my review says I'm a scammer", "malicious_review"),
        ("the parcel shows delivered to a locker, the pickup code doesn't work and the locker is empty",
         "not_received"),
    ],
)
def test_a_mask_applies_before_english_becomes_chinese(text: str, category: str) -> None:
    """"fake" is 假货 and "scammer" 骗子 to the glossary; a fake id is no fake goods, a buyer
    called a scammer was slandered, not defrauded, and a code that does not work is no defective
    product, in English as in Chinese."""
    assert load_kb().classify(text).category == category


@pytest.mark.parametrize("text", ["今天天气不错", "我想起诉商家", "I want to sue the seller", "消协电话多少"])
def test_a_question_or_small_talk_gets_no_category(text: str) -> None:
    """The model alone guesses only when clearly ahead on words of the bank: a question is answered
    in the chat, not turned into a complaint of the category its everyday words lean to."""
    assert load_kb().classify(text).category is None
