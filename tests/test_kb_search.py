"""Search quality on the development set, "I don't know" for the gaps of FACTS §17, API shapes."""

from __future__ import annotations

import pytest

from knowledge.loader import load_kb
from knowledge.search import THRESHOLD
from tests.kb_eval import evaluate_search, load_questions


@pytest.fixture(scope="module")
def result() -> dict[str, object]:
    return evaluate_search(load_kb())


def test_dev_set_is_big_enough() -> None:
    data = load_questions()
    assert len(data["answerable"]) >= 120
    assert len(data["unanswerable"]) >= 15


def test_recall_at_1(result: dict[str, object]) -> None:
    assert result["recall_at_1"] >= 0.90, result["misses"]


def test_recall_at_3(result: dict[str, object]) -> None:
    assert result["recall_at_3"] >= 0.97


def test_no_unanswerable_question_gets_an_answer(result: dict[str, object]) -> None:
    assert result["confident_wrong"] == []


def test_i_dont_know_is_mostly_right(result: dict[str, object]) -> None:
    assert result["idk_precision"] >= 0.85


def test_heldout_set_does_not_collapse() -> None:
    heldout = evaluate_search(load_kb(), "kb_questions_heldout.yaml")
    assert heldout["recall_at_1"] >= 0.8, heldout["misses"]
    assert heldout["confident_wrong"] == []


def test_probe2_set_keeps_its_level() -> None:
    """Probe set 2 was written and measured before the round of changes it probed (first run:
    recall@1 90.9%, one unanswerable question answered); the floor sits a little under the level
    reached after, so a regression fails."""
    probe = evaluate_search(load_kb(), "kb_questions_probe2.yaml")
    assert len(load_questions("kb_questions_probe2.yaml")["unanswerable"]) >= 8
    assert probe["recall_at_1"] >= 0.93, probe["misses"]
    assert probe["recall_at_3"] >= 0.97, probe["misses"]
    assert probe["confident_wrong"] == []
    assert probe["idk_precision"] == 1.0


@pytest.mark.parametrize(
    "question",
    ["9510211几点上班", "卖家72小时不响应会自动退款吗", "假一赔三具体赔多少", "小二介入要什么条件",
     "退款多久到账", "消协电话", "京东怎么退货", "天猫国际关税谁出", "运费险赔多少", "主播要负责吗"],
)
def test_gaps_of_facts_17_answer_null(question: str) -> None:
    answer = load_kb().ask(question)
    assert answer.answer is None and answer.entry is None and answer.sources == []


def test_gap_match_is_reported_for_the_dialog() -> None:
    answer = load_kb().ask("9510211几点能打通")
    assert answer.gap == "gap_9510211_hours"
    assert "9:00-18:30" in load_kb().entry(answer.gap).answer.zh  # says it is NOT Tmall's hours


def test_gap_needs_its_own_words() -> None:
    # a plain complaint question must not fall into a gap that merely shares words with it
    assert load_kb().ask("东西是假的怎么维权").answer is not None


@pytest.mark.parametrize(
    "question",
    ["申请了未收到货退款，卖家直接点了拒绝，接下来会怎么样", "未收到货维权，卖家拒绝了会怎么样"],
)
def test_a_seller_who_refused_is_no_seller_who_ignored(question: str) -> None:
    # the sources say what follows a refusal (intervention within 2 working days); only a seller
    # who never answers is the gap of FACTS §17
    answer = load_kb().ask(question)
    assert answer.gap is None and answer.answer is not None and "2 个工作日" in answer.answer


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("七天无理由怎么算", "no_reason_7d"),
        ("7天无理由从哪天算", "no_reason_7d"),
        ("七天无理有怎么算", "no_reason_7d"),  # homophone typo
        ("假一陪三是什么", "fake_3x_what"),  # homophone typo
        ("12315几点能打通", "gov_12315_hours"),
        ("商家不回复怎么办", "seller_no_reply"),
        ("買到假貨怎麼辦", "counterfeit_how"),  # traditional characters
        ("ＴＭＡＬＬ hotline number", "hotline_9510211"),  # full-width
        ("how do i get a refnud", "aftersales_how"),  # English typo
        ("qitianwuliyou", "no_reason_7d"),  # typed in pinyin
        ("qtwly怎么算", "no_reason_7d"),  # pinyin initials
        ("zhuanrengong", "transfer_to_human"),
    ],
)
def test_typical_and_mistyped_questions(question: str, entry: str) -> None:
    assert load_kb().ask(question).entry == entry


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("内卷是什么意思", False),
        ("请问区块链是什么意思？", False),
        ("元宇宙是啥", False),
        ("區塊鏈係咩嚟", False),
        ("表面一致是什么意思", True),
        ("先行陪付是什么", True),  # a typo of a word the base knows
        ("大运险是啥", True),
    ],
)
def test_the_meaning_of_a_word_the_base_never_uses_is_not_guessed(question: str, answered: bool) -> None:
    assert (load_kb().ask(question).answer is not None) == answered


def test_off_topic_is_i_dont_know() -> None:
    kb = load_kb()
    for question in ("今天天气怎么样", "你是谁", "推荐一款手机", "", "？？？", "1", "15", "😀"):
        assert kb.ask(question).answer is None


def test_answer_shape_and_sources() -> None:
    kb = load_kb()
    answer = kb.ask("怎么申请客服介入")
    assert answer.entry == "intervention_how"
    assert answer.answer == kb.entry("intervention_how").answer.zh
    assert answer.sources and all(isinstance(s, str) for s in answer.sources)
    assert THRESHOLD <= answer.score <= 1.0
    # CONTRACT.md's keys first; extensions (aspect, computed) may follow
    assert list(answer.to_json())[:4] == ["answer", "entry", "score", "sources"]


def test_english_answer_when_asked_in_english() -> None:
    answer = load_kb().ask("怎么申请客服介入", lang="en")
    assert answer.answer == load_kb().entry("intervention_how").answer.en


def test_related_entries_are_buttons() -> None:
    kb = load_kb()
    answer = kb.ask("七天无理由怎么算")
    assert 1 <= len(answer.related) <= 3
    for entry_id, title in answer.related:
        assert entry_id != answer.entry
        assert not kb.entry(entry_id).gap
        assert title == kb.entry(entry_id).title.zh
        assert len(f"kb:{entry_id}".encode()) <= 64  # fits Telegram callback_data


def test_every_entry_is_found_by_its_own_title() -> None:
    kb = load_kb()
    misses = [e.id for e in kb.entries if not e.gap and kb.ask(e.title.zh).entry != e.id]
    assert len(misses) <= len(kb.entries) // 10, misses


def test_entry_lookup() -> None:
    kb = load_kb()
    assert kb.entry("order_number").title.zh == "订单号在哪看"
    with pytest.raises(KeyError):
        kb.entry("nope")


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("天猫投诉电话多少啊", "hotline_9510211"),  # 话多少 is not a typo of 花多少: 电话 stays whole
        ("12315怎么打电话投诉", "gov_12315_phone"),  # names another service's number than 9510211
        ("举报店铺卖假货", "report_fake"),  # variants are not chained: 举报店铺 does not become 投诉
    ],
)
def test_generalisation_rules(question: str, entry: str) -> None:
    assert load_kb().ask(question).entry == entry


def test_a_gap_marker_unknown_to_the_best_answer_makes_it_a_gap() -> None:
    answer = load_kb().ask("抖音买的衣服质量差")
    assert answer.answer is None and answer.gap == "gap_other_platforms"
