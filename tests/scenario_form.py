"""Fill a complaint through the chat client with chosen answers per slot (zh or en)."""

from __future__ import annotations

from tests.chat import Chat

DEFAULTS = {"shop": "小李数码专营店", "order_no": "2345678901234567890", "item": "蓝牙耳机",
            "amount": "399", "description": "申请退款后卖家一直拒绝，理由不成立。"}
REVIEW = {"zh": "请核对", "en": "Please check"}


def slot_of(chat: Chat) -> str | None:
    return chat.store.load(chat.user_id, chat.user_id, "zh", "Asia/Shanghai").session.slot


def fill(chat: Chat, category_label: str, answers: dict[str, str], lang: str = "zh",
         submit: bool = True) -> None:
    """Start a complaint, press `category_label`, answer each slot (a date slot not given is
    skipped; a choice slot takes the button whose label contains the answer), then submit."""
    chat.send("投诉" if lang == "zh" else "/complain")
    chat.click(category_label)
    for _ in range(30):
        if REVIEW[lang] in chat.last:
            if submit:
                chat.click("确认提交" if lang == "zh" else "Submit")
            return
        slot = slot_of(chat)
        value = answers.get(slot or "", DEFAULTS.get(slot or ""))
        if slot == "platform":
            chat.click(value or ("天猫" if lang == "zh" else "Tmall"))
        elif slot == "demand":
            chat.click(value or chat.buttons[0])
        elif value is None:
            chat.click("跳过" if lang == "zh" else "Skip")
        else:
            chat.send(value)
    raise AssertionError(f"form never reached review: {chat.last}")
