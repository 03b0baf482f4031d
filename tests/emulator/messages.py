"""Bot API methods on text messages: send, edit, delete, callback answers, chat actions."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from .markup import check_keyboard, format_text
from .params import Params, bad_request
from .state import ChatInfo, SentMessage, Store

MAX_TEXT = 4096
MAX_CAPTION = 1024
CALLBACK_TTL = 15.0  # seconds Telegram waits for answerCallbackQuery
Handler = Callable[[Store, Params], Any]


def formatted(p: Params, key: str, entities_key: str, limit: int) -> tuple[str | None, list[dict[str, Any]]]:
    raw = p.str(key)
    if raw is None:
        return None, []
    text, entities = format_text(raw, p.str("parse_mode"), p.get(entities_key))
    if len(text) > limit:
        raise bad_request("message is too long" if key == "text" else "message caption is too long")
    return text, entities


def with_markup(fields: dict[str, Any], p: Params) -> dict[str, Any] | None:
    raw = p.get("reply_markup")
    inline = check_keyboard(raw)
    if inline is not None:
        fields["reply_markup"] = inline
    return raw if isinstance(raw, dict) else None


def reply_target(store: Store, chat: ChatInfo, p: Params) -> int | None:
    """reply_parameters / reply_to_message_id; a missing target is dropped when allowed."""
    target = p.reply_to()
    rp = p.get("reply_parameters")
    optional = p.bool("allow_sending_without_reply") or (
        isinstance(rp, dict) and bool(rp.get("allow_sending_without_reply")))
    if target is not None and optional and store.message(chat.id, target) is None:
        return None
    return target


def send_message(store: Store, p: Params) -> dict[str, Any]:
    chat = store.chat_for_bot(p.chat_id())
    text, entities = formatted(p, "text", "entities", MAX_TEXT)
    if not text or not text.strip():
        raise bad_request("message text is empty")
    fields: dict[str, Any] = {"text": text}
    if entities:
        fields["entities"] = entities
    markup = with_markup(fields, p)
    msg = store.new_message(chat, store.bot.json(), fields, p.int("message_thread_id"), reply_target(store, chat, p), by_bot=True)
    store.record_sent("sendMessage", msg, p.str("text"), p.str("parse_mode"), markup, [])
    return msg


def _own_message(store: Store, p: Params) -> tuple[ChatInfo, dict[str, Any], SentMessage | None]:
    if p.has("inline_message_id"):
        raise bad_request("inline messages are not supported by the emulator")
    chat = store.chat_for_bot(p.chat_id())
    msg = store.message(chat.id, p.req_int("message_id", "message identifier is not specified"))
    if msg is None:
        raise bad_request("message to edit not found")
    if msg.get("from", {}).get("id") != store.bot.id:
        raise bad_request("message can't be edited")
    return chat, msg, store.sent_by_key.get((chat.id, msg["message_id"]))


def _apply_edit(store: Store, msg: dict[str, Any], sent: SentMessage | None, new: dict[str, Any],
                markup: dict[str, Any] | None, method: str, raw: str | None) -> dict[str, Any]:
    if all(msg.get(k) == v for k, v in new.items()):
        raise bad_request(
            "message is not modified: specified new message content and reply markup are "
            "exactly the same as a current content and reply markup of the message"
        )
    for key, value in new.items():
        if value is None or value == []:
            msg.pop(key, None)
        else:
            msg[key] = value
    msg["edit_date"] = int(time.time())
    if sent is not None:
        sent.text, sent.caption = msg.get("text"), msg.get("caption")
        sent.reply_markup = markup
        if raw is not None:
            sent.raw_text = raw
        sent.edits.append({"method": method, "text": sent.content, "reply_markup": markup})
    store.on_sent()
    return msg


def edit_message_text(store: Store, p: Params) -> dict[str, Any]:
    with store.lock:
        _chat, msg, sent = _own_message(store, p)
        if "text" not in msg:
            raise bad_request("there is no text in the message to edit")
        text, entities = formatted(p, "text", "entities", MAX_TEXT)
        if not text or not text.strip():
            raise bad_request("message text is empty")
        fields: dict[str, Any] = {}
        markup = with_markup(fields, p)
        new = {"text": text, "entities": entities or None, "reply_markup": fields.get("reply_markup")}
        return _apply_edit(store, msg, sent, new, markup, "editMessageText", p.str("text"))


def edit_message_caption(store: Store, p: Params) -> dict[str, Any]:
    with store.lock:
        _chat, msg, sent = _own_message(store, p)
        if "photo" not in msg and "document" not in msg:
            raise bad_request("there is no caption in the message to edit")
        caption, entities = formatted(p, "caption", "caption_entities", MAX_CAPTION)
        fields: dict[str, Any] = {}
        markup = with_markup(fields, p)
        new = {"caption": caption or None, "caption_entities": entities or None,
               "reply_markup": fields.get("reply_markup")}
        return _apply_edit(store, msg, sent, new, markup, "editMessageCaption", p.str("caption"))


def edit_message_reply_markup(store: Store, p: Params) -> dict[str, Any]:
    with store.lock:
        _chat, msg, sent = _own_message(store, p)
        fields: dict[str, Any] = {}
        markup = with_markup(fields, p)
        new = {"reply_markup": fields.get("reply_markup")}
        return _apply_edit(store, msg, sent, new, markup, "editMessageReplyMarkup", None)


def delete_message(store: Store, p: Params) -> bool:
    with store.lock:
        chat = store.chat_for_bot(p.chat_id())
        key = (chat.id, p.req_int("message_id", "message identifier is not specified"))
        if store.messages.pop(key, None) is None:
            raise bad_request("message to delete not found")
        sent = store.sent_by_key.get(key)
        if sent is not None:
            sent.deleted = True
    store.on_sent()
    return True


def answer_callback_query(store: Store, p: Params) -> bool:
    with store.lock:
        query = store.callbacks.get(p.str("callback_query_id") or "")
        expired = query is not None and time.monotonic() - query["created"] > CALLBACK_TTL
        if query is None or query["answered"] or expired:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        text = p.str("text")
        if text and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        query["answered"] = True
        store.callback_answers.append({
            "callback_query_id": query["id"], "text": text, "show_alert": p.bool("show_alert"),
            "url": p.str("url"), "user_id": query["user_id"], "chat_id": query["chat_id"],
            "message_id": query["message_id"], "data": query["data"],
        })
    store.on_sent()
    return True


def send_chat_action(store: Store, p: Params) -> bool:
    store.chat_for_bot(p.chat_id())
    if not p.str("action"):
        raise bad_request("wrong parameter action in request")
    return True


HANDLERS: dict[str, Handler] = {
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
    "sendChatAction": send_chat_action,
}
