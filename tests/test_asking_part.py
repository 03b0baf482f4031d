"""Voice input without punctuation (issue 12): a run-on question, a story and then what it asks,
is answered as the same question written with its marks (knowledge/asking_part.py). Sentences
written for this test from FACTS.md, not taken from any blind set."""

from __future__ import annotations

import pytest

from knowledge import asking_part
from knowledge.base import KnowledgeBase
from knowledge.loader import load_kb


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


# (the question as voice input writes it, the entry, a word its answer holds): the story dilutes
# the whole question's score below the threshold; a span ending where it ends, before the last
# asking word, finds the same entry surely (the story's words may help: scolding the shop is what
# the tone rules are about)
RUN_ON: list[tuple[str, str, str]] = [
    ("我准备在投诉里面把那个店骂一顿真的太气人了这样写投诉会不会对处理结果不好", "tone_rules", "冷静"),
    ("万一那个卖家跑了联系不到人这种情况天猫平台要不要负责赔偿", "cpl_44_platform", "44"),
    ("我上个月在天猫买了一双运动鞋穿了没几天鞋底就开胶了找商家商家一直拖着不给处理我想问一下平台客服介入要怎么申请",
     "intervention_how", "客服介入"),
]


@pytest.mark.parametrize(("spoken", "entry", "word"), RUN_ON)
def test_a_run_on_without_marks_is_answered_by_its_asking_part(kb: KnowledgeBase, spoken: str, entry: str,
                                                               word: str) -> None:
    heard = kb.ask(spoken)
    assert (heard.entry, word in (heard.answer or "")) == (entry, True), heard


# (spoken, written with its marks): the same answer either way
MARKED: list[tuple[str, str]] = [
    ("万一那个卖家跑了联系不到人这种情况天猫平台要不要负责赔偿", "万一那个卖家跑了，联系不到人，这种情况天猫平台要不要负责赔偿？"),
    ("我上个月在天猫买了一双运动鞋穿了没几天鞋底就开胶了找商家商家一直拖着不给处理我想问一下平台客服介入要怎么申请",
     "我上个月在天猫买了一双运动鞋，穿了没几天鞋底就开胶了，找商家，商家一直拖着不给处理，我想问一下平台客服介入要怎么申请？"),
]


@pytest.mark.parametrize(("spoken", "written"), MARKED)
def test_marks_or_none_the_answer_is_the_same(kb: KnowledgeBase, spoken: str, written: str) -> None:
    heard, typed = kb.ask(spoken), kb.ask(written)
    assert heard.entry == typed.entry and heard.entry is not None


# a span holding story words agrees with a best entry only the story matched (a private transfer):
# it vouches for nothing unless that entry states the aspect asked (evidence), and the fraud's own
# playbook answers, as before
def test_an_asking_part_vouches_only_for_an_entry_stating_the_aspect_asked(kb: KnowledgeBase) -> None:
    question = "被人骗着私下转账了去报警的时候要带什么证据"
    assert kb.ask(question).entry == "fraud_how"


@pytest.mark.parametrize("question", [
    "我在京东买的手机屏幕坏了京东的售后流程是怎么样的",
    "退货的时候我买了运费险这个运费险能赔多少钱",
    "我家猫这两天都不吃东西我很着急附近哪家宠物医院晚上还开门",
])
def test_an_out_of_scope_run_on_stays_unanswered(kb: KnowledgeBase, question: str) -> None:
    assert kb.ask(question).answer is None


# (question, whether it has asking parts): only a long Chinese run without clause marks
SHAPES: list[tuple[str, bool]] = [
    ("万一那个卖家跑了联系不到人这种情况天猫平台要不要负责赔偿", True),
    ("万一那个卖家跑了，联系不到人，天猫平台要不要负责赔偿", False),  # its clauses say where it asks
    ("消协 几点开门", False),  # a fragment
    ("天猫平台要不要负责赔偿", False),  # no story before the ask
    ("how long does the seller have to reply after i ask for a refund", False),
]


@pytest.mark.parametrize(("question", "has_parts"), SHAPES)
def test_only_a_long_run_without_marks_is_searched_for_its_asking_part(kb: KnowledgeBase, question: str,
                                                                       has_parts: bool) -> None:
    assert bool(asking_part.candidates(kb, question)) is has_parts


def test_an_asking_part_holds_the_last_asking_word_and_may_end_at_a_particle(kb: KnowledgeBase) -> None:
    parts = asking_part.candidates(kb, "想看看之前投诉的处理结果在淘宝哪里能找到啊找了半天")
    assert "在淘宝哪里能找到啊" in parts
    assert all("哪里" in part for part in parts)


# (an English run-on, the aspect it asks): the story before the last question word may name cues of
# its own (hours waited, days gone by); the asking part's cue is what is asked
ENGLISH_ASKS: list[tuple[str, str]] = [
    ("i called the hotline twice and waited for hours and nobody helped which law lets me claim three times the price",
     "law"),
    ("the seller keeps calling me at night after my bad review what proof should i keep", "evidence"),
    ("my neighbour is noisy at night who do I complain to", "channel"),
    ("the seller ignored me for days what phone number do i call", "number"),
    ("When is the 12315 hotline staffed?", "hours"),  # one ask: as before, led by its question word
]


@pytest.mark.parametrize(("question", "aspect"), ENGLISH_ASKS)
def test_an_english_run_on_asks_the_aspect_of_its_asking_part(kb: KnowledgeBase, question: str,
                                                              aspect: str) -> None:
    assert kb.aspects.asked(question) == aspect


# (question, entry, whether an asking part may vouch for it): only an entry stating the aspect asked
# (or any, when the question asks none in particular)
VOUCHES: list[tuple[str, str, bool]] = [
    ("被人骗着私下转账了去报警的时候要带什么证据", "alipay_refused", False),
    ("被人骗着私下转账了去报警的时候要带什么证据", "evidence_general", True),
    ("我气死了想在投诉里把商家骂一顿会不会影响处理结果", "tone_rules", True),
]


@pytest.mark.parametrize(("question", "entry", "vouches"), VOUCHES)
def test_an_asking_part_vouches_for_an_entry_stating_the_aspect_asked(kb: KnowledgeBase, question: str,
                                                                      entry: str, vouches: bool) -> None:
    assert asking_part.answers_asked(kb, question, entry) is vouches
