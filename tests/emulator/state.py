"""What the emulated Telegram knows: users, chats, topics, messages, updates, recorded calls."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import FileStore
from .params import ApiError, bad_request

DEFAULT_ALLOWED = frozenset(
    {"message", "edited_message", "channel_post", "edited_channel_post", "callback_query",
     "inline_query", "chosen_inline_result", "my_chat_member", "chat_join_request",
     "business_message", "shipping_query", "pre_checkout_query", "poll", "poll_answer"}
)


@dataclass
class UserInfo:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def json(self, lang: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if lang or self.language_code:
            out["language_code"] = lang or self.language_code
        return out


@dataclass
class Topic:
    thread_id: int
    name: str
    icon_color: int
    deleted: bool = False
    closed: bool = False


@dataclass
class ChatInfo:
    id: int
    type: str
    title: str | None = None
    is_forum: bool = False
    user: UserInfo | None = None
    next_message_id: int = 1
    topics: dict[int, Topic] = field(default_factory=dict)

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.user is not None:
            out.update({k: v for k, v in self.user.json().items() if k in ("first_name", "last_name", "username")})
        if self.title:
            out["title"] = self.title
        if self.is_forum:
            out["is_forum"] = True
        return out


@dataclass
class SentMessage:
    """One message the bot sent (kept current through edits)."""

    method: str
    chat_id: int
    message_id: int
    text: str | None
    caption: str | None
    reply_markup: dict[str, Any] | None
    thread_id: int | None
    files: list[str]
    parse_mode: str | None
    raw_text: str | None
    message: dict[str, Any]
    edits: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False

    @property
    def content(self) -> str:
        return self.text if self.text is not None else (self.caption or "")

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [(b.get("text", ""), b.get("callback_data")) for row in rows for b in row]


@dataclass
class Call:
    """One raw Bot API call as received, with the answer given."""

    method: str
    params: dict[str, Any]
    status: int
    response: dict[str, Any]
    at: float


@dataclass
class Failure:
    method: str
    remaining: int
    code: int
    description: str
    retry_after: int | None
    chat_id: int | None


class Store:
    """All mutable state, guarded by one re-entrant lock so any thread may inject or inspect."""

    def __init__(self, bot: UserInfo, first_update_id: int) -> None:
        self.lock = threading.RLock()
        self.bot = bot
        self.files = FileStore()
        self.users: dict[int, UserInfo] = {}
        self.chats: dict[int, ChatInfo] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.sent: list[SentMessage] = []
        self.sent_by_key: dict[tuple[int, int], SentMessage] = {}
        self.calls: list[Call] = []
        self.pending: list[dict[str, Any]] = []
        self.forced: list[dict[str, Any]] = []
        self.history: dict[int, dict[str, Any]] = {}
        self.next_update_id = first_update_id
        self.callbacks: dict[str, dict[str, Any]] = {}
        self.callback_answers: list[dict[str, Any]] = []
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        # ("description" | "short_description", language_code) -> text
        self.descriptions: dict[tuple[str, str], str] = {}
        self.failures: list[Failure] = []
        self.blocked: set[int] = set()
        self.webhook: dict[str, Any] | None = None
        self.allowed_updates: list[str] = []
        self.webhook_deliveries: list[tuple[int, int]] = []
        self.local_dir: Path | None = None  # set: a self-hosted Bot API server in --local mode
        self.on_update: Callable[[], None] = lambda: None
        self.on_sent: Callable[[], None] = lambda: None

    # ---- users and chats -------------------------------------------------------------------
    def user(self, user_id: int, lang: str | None = None) -> UserInfo:
        with self.lock:
            user = self.users.get(user_id)
            if user is None:
                user = UserInfo(user_id, f"User{user_id}", username=f"user{user_id}", language_code=lang)
                self.users[user_id] = user
            return user

    def private_chat(self, user: UserInfo) -> ChatInfo:
        with self.lock:
            chat = self.chats.get(user.id)
            if chat is None:
                chat = self.chats[user.id] = ChatInfo(user.id, "private", user=user)
            return chat

    def group(self, chat_id: int, title: str | None = None, is_forum: bool = True) -> ChatInfo:
        with self.lock:
            chat = self.chats.get(chat_id)
            if chat is None:
                chat = ChatInfo(chat_id, "supergroup", title=title or f"Group {chat_id}", is_forum=is_forum)
                self.chats[chat_id] = chat
            return chat

    def chat_for_bot(self, chat_id: int) -> ChatInfo:
        with self.lock:
            chat = self.chats.get(chat_id)
            if chat is None:
                raise bad_request("chat not found")
            if chat.type == "private" and chat_id in self.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            return chat

    # ---- messages ----------------------------------------------------------------------------
    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        with self.lock:
            return self.messages.get((chat_id, message_id))

    def new_message(
        self, chat: ChatInfo, sender: dict[str, Any] | None, fields: dict[str, Any],
        thread_id: int | None = None, reply_to: int | None = None, by_bot: bool = False,
    ) -> dict[str, Any]:
        """Create, store and return a Message object in chat (topic and reply rules of Telegram)."""
        with self.lock:
            msg: dict[str, Any] = {"message_id": chat.next_message_id, "date": int(time.time())}
            if sender is not None:
                msg["from"] = sender
            msg["chat"] = chat.json()
            reply = self.messages.get((chat.id, reply_to)) if reply_to else None
            if reply_to and reply is None and by_bot:
                raise bad_request("message to be replied not found")
            if thread_id and chat.type == "private":
                thread_id = None
            if thread_id:
                topic = chat.topics.get(thread_id)
                if not chat.is_forum or topic is None or topic.deleted:
                    if by_bot:
                        raise bad_request("message thread not found")
                    raise ValueError(f"no topic {thread_id} in chat {chat.id}")
                msg["message_thread_id"] = thread_id
                msg["is_topic_message"] = True
                if reply is None:
                    reply = self.messages.get((chat.id, thread_id))
            elif reply is not None and chat.type != "private":
                if reply.get("is_topic_message") and chat.is_forum:
                    msg["message_thread_id"] = reply["message_thread_id"]
                    msg["is_topic_message"] = True
                elif not chat.is_forum:
                    msg["message_thread_id"] = reply.get("message_thread_id", reply["message_id"])
            if reply is not None:
                nested = copy.deepcopy(reply)
                nested.pop("reply_to_message", None)
                msg["reply_to_message"] = nested
            msg.update(fields)
            chat.next_message_id += 1
            self.messages[(chat.id, msg["message_id"])] = msg
            return msg

    def record_sent(self, method: str, msg: dict[str, Any], raw_text: str | None,
                    parse_mode: str | None, markup: dict[str, Any] | None, files: list[str]) -> SentMessage:
        with self.lock:
            sent = SentMessage(
                method=method, chat_id=msg["chat"]["id"], message_id=msg["message_id"],
                text=msg.get("text"), caption=msg.get("caption"), reply_markup=markup,
                thread_id=msg.get("message_thread_id"), files=files, parse_mode=parse_mode,
                raw_text=raw_text, message=msg,
            )
            self.sent.append(sent)
            self.sent_by_key[(sent.chat_id, sent.message_id)] = sent
        self.on_sent()
        return sent

    # ---- updates -----------------------------------------------------------------------------
    def push_update(self, kind: str, payload: dict[str, Any]) -> int:
        with self.lock:
            update_id = self.next_update_id
            self.next_update_id += 1
            update = {"update_id": update_id, kind: payload}
            self.pending.append(update)
            self.history[update_id] = update
        self.on_update()
        return update_id

    def set_allowed(self, value: Any) -> None:
        """allowed_updates: absent keeps the previous setting, [] restores the default."""
        if isinstance(value, list):
            with self.lock:
                self.allowed_updates = [str(v) for v in value]

    def deliverable(self) -> list[dict[str, Any]]:
        """Pending updates after dropping the types the bot did not ask for (Telegram drops them)."""
        with self.lock:
            allowed = set(self.allowed_updates) or DEFAULT_ALLOWED
            self.pending = [u for u in self.pending if next(k for k in u if k != "update_id") in allowed]
            return self.pending

    def take_failure(self, method: str, chat_id: Any) -> ApiError | None:
        with self.lock:
            for failure in self.failures:
                if failure.method.lower() != method.lower():
                    continue
                if failure.chat_id is not None and failure.chat_id != chat_id:
                    continue
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self.failures.remove(failure)
                params = {"retry_after": failure.retry_after} if failure.retry_after else None
                return ApiError(failure.code, failure.description, params)
            return None
