"""How English questions reach the answers (issue 12, items 2, 3 and 7): real English words are not
typos, contractions without apostrophes, a contrast ("not the app") leaves the search, the aspect
asked in English words, and a law question whose law is only named as its setting.

Written by hand from FACTS.md §5, §9, §17 and appendix B, not from any evaluation set: each row is
a question and a fact the answer must state, or None for no confident answer.
"""

from __future__ import annotations

import pytest

from knowledge.english_words import CONTRACTIONS
from knowledge.loader import load_kb

TABLE: list[tuple[str, str | None]] = [
    # 12315's hours are known; a gap about another service's number (9510211) is not their answer
    ("during which hours do people answer at 12315?", "8:30"),
    # a service named by its line, and the aspect asked of it: 9510211's hours are a gap (§17)
    ("will the tmall hotline pick up on a national holiday", None),
    ("What's the tmall hotline?", "9510211"),
    # whom to turn to is what to do, outside the platform (FACTS §8)
    ("taobao customer service was useless, what can I do beyond the platform?", "12315"),
    # a contrast names what the question is not about: the web path, not the app's (FACTS §5.3)
    ("how do I file a tousu from my laptop browser, not the app?", "已买到的宝贝"),
    # "wont" typed without its apostrophe: a refusal (FACTS §2.7)
    ("shop wont accept my return, what do I do", "投诉卖家"),
    # a law named as the setting of a question about postage: the entry stating the article (App. B Art. 24)
    ("according to consumer law, who covers the postage when I send back a faulty kettle?", "24"),
    # the days of an authority, named by its English name (App. B Art. 46)
    ("how many working days does market regulation have to deal with my complaint?", "7"),
    # the shopper's own threats are a matter of tone (FACTS §13.1)
    ("should I threaten the seller with a bad review to get my money faster?", "calm"),
    # hours asked by when a service closes (FACTS §5.12)
    ("what time does 12315 close for the day?", "17:30"),
    # "the most I can get" asks an amount: the fraud rule's figure (App. B Art. 55)
    ("a fake watch cost me 200 yuan, what's the most I can claim?", "600"),
    # a bare "how" about the rights centre: the sure answer about it, not another playbook (FACTS §5.9)
    ("how does the weiquan zhongxin work?", "9"),
]


@pytest.mark.parametrize(("question", "fact"), TABLE)
def test_the_answer_states_the_fact_or_none(question: str, fact: str | None) -> None:
    found = load_kb().ask(question, lang="en")
    if fact is None:
        assert found.answer is None, (found.entry, found.answer)
        return
    assert found.answer is not None, question
    assert fact in found.answer, (found.entry, found.answer)


@pytest.mark.parametrize(("word", "not_read_as"), [("honey", "money"), ("created", "cheat"),
                                                    ("small", "stall"), ("kettle", "settle")])
def test_a_real_english_word_is_no_typo_of_a_base_word(word: str, not_read_as: str) -> None:
    index = load_kb().build_index()
    _, features = index.query_features(f"my {word} order")
    assert not any(not_read_as in feature or "被骗" in feature for feature in features), features


def test_a_typo_is_still_corrected() -> None:
    _, features = load_kb().build_index().query_features("refnd not recieved")
    assert "w:退款" in features


def test_a_dictionary_form_the_base_knows_is_used() -> None:
    index = load_kb().build_index()
    assert index.english.known("staffed") and index.english.lemma("staffed") == "staff"
    assert index.english.lemma("honey") == "honey"


def test_contractions_keep_their_apostrophe() -> None:
    assert CONTRACTIONS["wont"] == "won't" and CONTRACTIONS["dont"] == "don't"
    assert "e:wont" not in load_kb().build_index().query_features("seller wont reply")[1]


def test_a_negated_verb_is_not_a_contrast() -> None:
    _, features = load_kb().build_index().query_features("the seller could not solve it, what now")
    assert "e:solve" in features
