"""An opening none of the named categories fits (FACTS §2.13 `other`, a guess to confirm): the chat offers
the nearest categories as buttons, each starting the form with it, then `other` itself, then the whole
list, in the intake and from a story told before any complaint, in zh and en. Whole conversations through
tests/chat; the openings are written for these tests."""

from __future__ import annotations

from knowledge.loader import load_kb
from tests.chat import Chat

KB = load_kb()
ZH_STORY = "这家店卖完东西把我的手机号和地址卖给了别的商家"
EN_STORY = "the shop sold my personal details to other sellers after my order"


def nearest(text: str, lang: str) -> list[str]:
    found = KB.classify(text)
    assert found.category == "other" and found.alternatives, found  # the premise of these tests
    return [str(KB.category(c).name.get(lang)) for c in found.alternatives]


def test_the_intake_offers_the_nearest_categories_and_other(chat: Chat) -> None:
    names = nearest(ZH_STORY, "zh")
    chat.send("/start")
    chat.click("我要投诉")
    chat.send(ZH_STORY)
    assert "没能直接归到" in chat.last and names[0] in chat.last
    assert chat.buttons[:len(names)] == names
    assert any("都不是" in b for b in chat.buttons) and any("选别的类型" in b for b in chat.buttons)
    chat.send("嗯")  # something else in between: asked again, with the same buttons
    assert chat.buttons[:len(names)] == names
    mark = chat.mark()
    chat.click(names[0])
    assert any(names[0] in r for r in chat.since(mark))  # the form starts with it
    assert "哪个平台" in chat.last


def test_none_of_these_files_it_as_other(chat: Chat) -> None:
    chat.send("/start")
    chat.click("我要投诉")
    chat.send(ZH_STORY)
    mark = chat.mark()
    chat.click("都不是")
    assert any(KB.category("other").name.get("zh") in r for r in chat.since(mark))
    assert "哪个平台" in chat.last


def test_a_story_told_before_any_complaint_offers_the_nearest_categories(en_chat: Chat) -> None:
    names = nearest(EN_STORY, "en")
    en_chat.send("/start")
    en_chat.send(EN_STORY)
    assert "closest" in en_chat.last and names[0] in en_chat.last
    assert en_chat.buttons[:len(names)] == names
    mark = en_chat.mark()
    en_chat.click(names[0])
    assert any(names[0] in r for r in en_chat.since(mark))
    assert any("None of these" in b for b in en_chat.buttons) or "platform" in en_chat.last.lower()
