"""Computed answers inside the chat (issue 12, must-show 4 and 5), as the shopper sees them: a long
question ending with a question mark, and bare keywords without an asking word, get the date or
the figure when the knowledge base computes one, in the question's language; a complaint opening
or an answer to the form is never taken for such a question. Whole conversations through
tests/chat (the real service on a real SQLite file); today is Friday 2026-11-27 in Shanghai.
Every sentence was written for this file from FACTS.md."""

from __future__ import annotations

from tests.chat import Chat


def test_a_long_english_question_in_a_chinese_chat_gets_the_date_in_english(chat: Chat) -> None:
    replies = chat.send("Hi, I live in Hangzhou and the kettle I got from Tmall leaks, so I submitted an "
                        "after-sales request on 2026-11-20 at 19:00. By when must they have reviewed it?")
    assert "21 Nov 2026, 19:00" in replies[0] and "aftersales_review_24h" in replies[0]
    assert "Sources:" in replies[0]
    assert all("投诉" not in reply for reply in replies)  # the offer after it speaks English too


def test_a_long_story_without_a_question_mark_stays_a_story(chat: Chat) -> None:
    replies = chat.send("I bought a rice cooker on Tmall on 2026-11-11 for 399 yuan and it stopped heating "
                        "after two days, the seller keeps telling me to wait and I am really tired of it now.")
    assert "aftersales_review_24h" not in replies[0] and "By the rule" not in replies[0]


def test_bare_keywords_get_the_date(chat: Chat) -> None:
    reply = chat.send("仅退款 11月20 截止")[0]
    assert "2026年11月23日" in reply and "seller_reply_72h" in reply and "来源" in reply
    assert "开始投诉" not in " ".join(chat.buttons)  # keywords tell no story to open a complaint with
    reply = chat.send("七天无理由 签收 11月21号")[0]
    assert "2026年11月28日" in reply and "no_reason_7d" in reply


def test_bare_english_keywords_get_every_rule_of_that_length(en_chat: Chat) -> None:
    reply = en_chat.send("deadline 72h from nov 3")[0]
    assert "6 Nov 2026" in reply and "seller_reply_72h" in reply and "late_ship_72h" in reply


def test_an_opening_without_a_question_is_still_the_story(chat: Chat) -> None:
    replies = chat.send("我11月11号在天猫耐克旗舰店花899买的鞋是假的")
    assert "假货" in replies[0] and "开始投诉" in " ".join(chat.buttons)


def test_keywords_typed_into_the_form_are_the_answer(chat: Chat) -> None:
    chat.send("投诉")
    chat.click("未收到货")
    chat.click("天猫")
    replies = chat.send("仅退款 11月20 截止")  # the shop's name was asked: this is taken as it
    assert "seller_reply_72h" not in " ".join(replies)


def test_an_english_compensation_question_in_a_chinese_chat(chat: Chat) -> None:
    replies = chat.send("I paid three hundred yuan for fake sneakers, how much compensation can I get?")
    assert "900 yuan" in replies[0] and "art. 55" in replies[0]
    assert "Start the complaint" in " ".join(chat.buttons)


def test_a_question_at_the_end_of_a_sentence_without_a_question_mark_gets_the_date(chat: Chat) -> None:
    """Voice input and hurried English end asking, without a question mark."""
    reply = chat.send("I filed a refund only request on Nov 20 at 3pm when does the seller have to answer")[0]
    assert "23 Nov 2026, 15:00" in reply and "seller_reply_72h" in reply
    reply = chat.send("我十一月十九号上午十点半签收的那台电饭煲七天无理由退货最迟是哪一天呀")[0]
    assert "2026年11月26日" in reply and "23:59" in reply and "no_reason_7d" in reply


def test_a_story_that_only_mentions_a_deadline_stays_the_story(chat: Chat) -> None:
    reply = chat.send("商家说最晚11月25号发货，我11月20号付的款，到现在都没发货")[0]
    assert "late_ship_72h" not in reply and "ship_24h" not in reply and "按「" not in reply
