"""Bot API methods about the bot itself: getMe, commands, forum topics, webhook, trivial ones."""

from __future__ import annotations

import re
from typing import Any

from .messages import Handler
from .params import Params, bad_request
from .state import Store, Topic

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
TOPIC_COLORS = (7322096, 16766590, 13338331, 9367192, 16749490, 16478047)


def get_me(store: Store, p: Params) -> dict[str, Any]:
    return {**store.bot.json(), "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False}


def scope_key(scope: Any) -> str:
    """'default', 'all_private_chats', 'chat:<id>', 'chat_member:<chat>:<user>'…"""
    if not isinstance(scope, dict) or not scope.get("type"):
        return "default"
    parts = [str(scope["type"])] + [str(scope[k]) for k in ("chat_id", "user_id") if k in scope]
    return ":".join(parts)


def set_my_commands(store: Store, p: Params) -> bool:
    commands = p.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    clean = []
    for item in commands:
        if not isinstance(item, dict) or not _COMMAND_RE.match(str(item.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(item.get("description", ""))) <= 256:
            raise bad_request("command description is empty" if not item.get("description") else "BOT_COMMAND_INVALID")
        clean.append({"command": item["command"], "description": item["description"]})
    with store.lock:
        store.commands[(p.str("language_code") or "", scope_key(p.get("scope")))] = clean
    return True


def get_my_commands(store: Store, p: Params) -> list[dict[str, Any]]:
    with store.lock:
        return list(store.commands.get((p.str("language_code") or "", scope_key(p.get("scope"))), []))


def delete_my_commands(store: Store, p: Params) -> bool:
    with store.lock:
        store.commands.pop((p.str("language_code") or "", scope_key(p.get("scope"))), None)
    return True


_LANG_RE = re.compile(r"^([a-z]{2})?$")
DESCRIPTION_MAX = {"description": 512, "short_description": 120}


def _description_setter(kind: str) -> Handler:
    def handler(store: Store, p: Params) -> bool:
        text, lang = p.str(kind) or "", p.str("language_code") or ""
        if len(text) > DESCRIPTION_MAX[kind]:
            raise bad_request(f"{kind.upper()}_INVALID")
        if not _LANG_RE.match(lang):
            raise bad_request("LANG_CODE_INVALID")
        with store.lock:
            if text:
                store.descriptions[(kind, lang)] = text
            else:  # an empty text removes the one for that language
                store.descriptions.pop((kind, lang), None)
        return True
    return handler


def _description_getter(kind: str) -> Handler:
    def handler(store: Store, p: Params) -> dict[str, str]:
        lang = p.str("language_code") or ""
        with store.lock:
            found = store.descriptions.get((kind, lang)) or store.descriptions.get((kind, ""), "")
        return {kind: found}
    return handler


def create_forum_topic(store: Store, p: Params) -> dict[str, Any]:
    with store.lock:
        chat = store.chat_for_bot(p.chat_id())
        if not chat.is_forum:
            raise bad_request("the chat is not a forum")
        name = p.str("name") or ""
        if not 1 <= len(name) <= 128:
            raise bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_INVALID")
        color = p.int("icon_color") or TOPIC_COLORS[len(chat.topics) % len(TOPIC_COLORS)]
        msg = store.new_message(chat, store.bot.json(), {"forum_topic_created": {"name": name, "icon_color": color}})
        tid = msg["message_id"]
        msg["message_thread_id"] = tid
        msg["is_topic_message"] = True
        chat.topics[tid] = Topic(tid, name, color)
    store.on_sent()
    return {"message_thread_id": tid, "name": name, "icon_color": color}


def _topic(store: Store, p: Params) -> Topic:
    chat = store.chat_for_bot(p.chat_id())
    topic = chat.topics.get(p.req_int("message_thread_id"))
    if topic is None or topic.deleted:
        raise bad_request("message thread not found")
    return topic


def delete_forum_topic(store: Store, p: Params) -> bool:
    with store.lock:
        _topic(store, p).deleted = True
    return True


def _close_or_reopen(closed: bool) -> Handler:
    def handle(store: Store, p: Params) -> bool:
        with store.lock:
            topic = _topic(store, p)
            if topic.closed == closed:
                raise bad_request("TOPIC_NOT_MODIFIED")
            topic.closed = closed
        store.on_sent()
        return True

    return handle


def edit_forum_topic(store: Store, p: Params) -> bool:
    with store.lock:
        topic = _topic(store, p)
        if p.str("name"):
            topic.name = p.str("name") or topic.name
    return True


def set_webhook(store: Store, p: Params) -> bool:
    url = p.str("url") or ""
    secret = p.str("secret_token")
    if secret is not None and not _SECRET_RE.match(secret):
        raise bad_request("secret token contains unallowed characters")
    if url and not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    with store.lock:
        store.webhook = {"url": url, "secret_token": secret,
                         "max_connections": p.int("max_connections")} if url else None
        store.set_allowed(p.get("allowed_updates"))
        if p.bool("drop_pending_updates"):
            store.pending.clear()
    store.on_update()
    return True


def delete_webhook(store: Store, p: Params) -> bool:
    with store.lock:
        store.webhook = None
        if p.bool("drop_pending_updates"):
            store.pending.clear()
    store.on_update()
    return True


def get_webhook_info(store: Store, p: Params) -> dict[str, Any]:
    with store.lock:
        url = (store.webhook or {}).get("url", "")
        return {"url": url, "has_custom_certificate": False, "pending_update_count": len(store.pending)}


def get_chat(store: Store, p: Params) -> dict[str, Any]:
    chat = store.chat_for_bot(p.chat_id())
    return {**chat.json(), "accent_color_id": 0, "max_reaction_count": 11}


def trivial(store: Store, p: Params) -> bool:
    return True


HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "createForumTopic": create_forum_topic,
    "deleteForumTopic": delete_forum_topic,
    "editForumTopic": edit_forum_topic,
    "closeForumTopic": _close_or_reopen(True),
    "reopenForumTopic": _close_or_reopen(False),
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "getChat": get_chat,
    "setChatMenuButton": trivial,
    "setMyDescription": _description_setter("description"),
    "getMyDescription": _description_getter("description"),
    "setMyShortDescription": _description_setter("short_description"),
    "getMyShortDescription": _description_getter("short_description"),
    "setMyName": trivial,
    "close": trivial,
    "logOut": trivial,
}
