"""Test-side injection: updates from users and advisers, as Telegram would deliver them."""

from __future__ import annotations

import copy
import itertools
import random
import time
from typing import Any

from .markup import utf16_len
from .state import ChatInfo, Store, UserInfo

FileSpec = bytes | tuple[bytes, str, str]
_query_ids = itertools.count(4_000_000_000_000_000_001)


class InjectMixin:
    """Sync, thread-safe methods that put updates in the queue; each returns its update_id."""

    store: Store

    def add_user(self, user_id: int, first_name: str | None = None, last_name: str | None = None,
                 username: str | None = None, lang: str | None = None) -> UserInfo:
        with self.store.lock:
            user = self.store.user(user_id, lang)
            user.first_name = first_name or user.first_name
            user.last_name = last_name or user.last_name
            user.username = username or user.username
            user.language_code = lang or user.language_code
            self.store.private_chat(user)
            return user

    def add_group(self, chat_id: int, title: str | None = None, is_forum: bool = True) -> None:
        self.store.group(chat_id, title, is_forum)

    def update(self, update_id: int) -> dict[str, Any]:
        """A copy of an injected update (to read the message_id Telegram gave it)."""
        with self.store.lock:
            return copy.deepcopy(self.store.history[update_id])

    def _chat(self, user: UserInfo, chat_id: int | None) -> ChatInfo:
        if chat_id is None or chat_id == user.id:
            return self.store.private_chat(user)
        return self.store.group(chat_id)

    def _inject(self, user_id: int, fields: dict[str, Any], lang: str | None, chat_id: int | None,
                thread_id: int | None, reply_to: int | None, forwarded_from: int | str | None) -> int:
        with self.store.lock:
            user = self.store.user(user_id, lang)
            chat = self._chat(user, chat_id)
            if forwarded_from is not None:
                fields["forward_origin"] = _origin(self.store, forwarded_from)
            msg = self.store.new_message(chat, user.json(lang), fields, thread_id, reply_to)
            return self.store.push_update("message", copy.deepcopy(msg))

    def send_text(self, user_id: int, text: str, lang: str | None = "zh", chat_id: int | None = None,
                  thread_id: int | None = None, reply_to: int | None = None,
                  forwarded_from: int | str | None = None) -> int:
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/") and forwarded_from is None:
            command = text.split()[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
        return self._inject(user_id, fields, lang, chat_id, thread_id, reply_to, forwarded_from)

    def send_command(self, user_id: int, command: str, lang: str | None = "zh",
                     chat_id: int | None = None) -> int:
        return self.send_text(user_id, command if command.startswith("/") else f"/{command}", lang, chat_id)

    def group_message(self, chat_id: int, from_user_id: int, text: str, thread_id: int | None = None,
                      reply_to_message_id: int | None = None, lang: str | None = "zh") -> int:
        return self.send_text(from_user_id, text, lang, chat_id, thread_id, reply_to_message_id)

    def send_photo(self, user_id: int, data: bytes, caption: str | None = None,
                   media_group_id: str | None = None, lang: str | None = "zh",
                   chat_id: int | None = None, thread_id: int | None = None,
                   largest_last: bool = False, forwarded_from: int | str | None = None,
                   reply_to: int | None = None) -> int:
        """A photo as several PhotoSize entries; the largest is NOT last unless largest_last."""
        fields: dict[str, Any] = {"photo": self.store.files.add_photo(data, largest_last)}
        _extras(fields, caption, media_group_id)
        return self._inject(user_id, fields, lang, chat_id, thread_id, reply_to, forwarded_from)

    def send_document(self, user_id: int, data: bytes, file_name: str, mime_type: str,
                      caption: str | None = None, media_group_id: str | None = None,
                      lang: str | None = "zh", chat_id: int | None = None,
                      thread_id: int | None = None, file_size: int | None = None,
                      forwarded_from: int | str | None = None) -> int:
        """file_size overrides the reported size (e.g. to test the 20 MB getFile limit)."""
        stored = self.store.files.add("document", data, file_name=file_name, mime_type=mime_type, size=file_size)
        fields: dict[str, Any] = {"document": stored.document()}
        _extras(fields, caption, media_group_id)
        return self._inject(user_id, fields, lang, chat_id, thread_id, None, forwarded_from)

    def send_album(self, user_id: int, files: list[FileSpec], caption: str | None = None,
                   lang: str | None = "zh", chat_id: int | None = None) -> list[int]:
        """2–10 updates sharing one media_group_id, caption on the first; bytes = photo,
        (data, file_name, mime_type) = document."""
        group = str(random.randint(10**17, 10**18 - 1))
        ids = []
        for i, spec in enumerate(files):
            cap = caption if i == 0 else None
            if isinstance(spec, bytes):
                ids.append(self.send_photo(user_id, spec, cap, group, lang, chat_id))
            else:
                ids.append(self.send_document(user_id, spec[0], spec[1], spec[2], cap, group, lang, chat_id))
        return ids

    def forward_photo(self, user_id: int, data: bytes, origin: int | str, caption: str | None = None,
                      lang: str | None = "zh") -> int:
        """origin: a user id (forward_origin type "user") or a name (type "hidden_user")."""
        return self.send_photo(user_id, data, caption, lang=lang, forwarded_from=origin)

    def forward_text(self, user_id: int, text: str, origin: int | str, lang: str | None = "zh") -> int:
        return self.send_text(user_id, text, lang, forwarded_from=origin)

    def press(self, user_id: int, message_id: int, data: str, chat_id: int | None = None,
              lang: str | None = "zh", strict: bool = False) -> int:
        """A callback_query from user on a message (by default in their private chat).
        strict: refuse data that the message's current keyboard does not show."""
        with self.store.lock:
            user = self.store.user(user_id, lang)
            chat = chat_id if chat_id is not None else user_id
            msg = self.store.message(chat, message_id)
            if msg is None:
                raise ValueError(f"no message {message_id} in chat {chat}")
            shown = [b.get("callback_data") for row in (msg.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]
            if strict and data not in shown:
                raise ValueError(f"message {message_id} shows no button with data {data!r}: {shown}")
            query_id = str(next(_query_ids))
            self.store.callbacks[query_id] = {
                "id": query_id, "user_id": user_id, "chat_id": chat, "message_id": message_id,
                "data": data, "answered": False, "created": time.monotonic(),
            }
            payload = {"id": query_id, "from": user.json(lang), "message": copy.deepcopy(msg),
                       "chat_instance": str(-(abs(chat) * 7919 % 10**18)), "data": data}
            return self.store.push_update("callback_query", payload)

    def press_label(self, user_id: int, label: str, chat_id: int | None = None,
                    lang: str | None = "zh") -> int:
        """Press the button labelled `label` on the newest bot message in the chat showing it."""
        chat = chat_id if chat_id is not None else user_id
        with self.store.lock:
            for sent in reversed(self.store.sent):
                if sent.chat_id == chat and not sent.deleted:
                    for text, data in sent.buttons:
                        if text == label and data is not None:
                            return self.press(user_id, sent.message_id, data, chat_id, lang)
        raise ValueError(f"no button {label!r} in chat {chat}")

    def redeliver(self, update_id: int) -> None:
        """Deliver an already delivered update once more (same update_id), ignoring offsets."""
        with self.store.lock:
            self.store.forced.append(self.store.history[update_id])
        self.store.on_update()

    def edit_text(self, user_id: int, message_id: int, text: str, chat_id: int | None = None,
                  lang: str | None = "zh") -> int:
        """The user edits one of their messages (a photo's or file's caption): an
        edited_message update."""
        with self.store.lock:
            user = self.store.user(user_id, lang)
            msg = self.store.message(chat_id if chat_id is not None else user_id, message_id)
            if msg is None or msg.get("from", {}).get("id") != user_id:
                raise ValueError(f"user {user_id} has no message {message_id}")
            key = "caption" if "text" not in msg and ("photo" in msg or "document" in msg) \
                else "text"  # a photo or file: its caption is what can be edited
            msg[key] = text
            msg["edit_date"] = int(time.time())
            msg.pop("entities" if key == "text" else "caption_entities", None)
            msg["from"] = user.json(lang)
            return self.store.push_update("edited_message", copy.deepcopy(msg))

    def block(self, user_id: int, blocked: bool = True) -> int:
        """The user blocks (or unblocks) the bot: sends answer 403 and the bot gets a
        my_chat_member update (status kicked / member), as on Telegram."""
        with self.store.lock:
            user = self.store.user(user_id)
            (self.store.blocked.add if blocked else self.store.blocked.discard)(user_id)
            old, new = ("member", "kicked") if blocked else ("kicked", "member")
            payload = {
                "chat": self.store.private_chat(user).json(), "from": user.json(), "date": int(time.time()),
                "old_chat_member": {"status": old, "user": self.store.bot.json(),
                                    **({"until_date": 0} if not blocked else {})},
                "new_chat_member": {"status": new, "user": self.store.bot.json(),
                                    **({"until_date": 0} if blocked else {})},
            }
            return self.store.push_update("my_chat_member", payload)

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """An adviser deletes a forum topic: sending into it answers 400 message thread not found."""
        with self.store.lock:
            self.store.chats[chat_id].topics[thread_id].deleted = True


def _extras(fields: dict[str, Any], caption: str | None, media_group_id: str | None) -> None:
    if caption:
        fields["caption"] = caption
    if media_group_id:
        fields["media_group_id"] = media_group_id


def _origin(store: Store, who: int | str) -> dict[str, Any]:
    if isinstance(who, int):
        return {"type": "user", "sender_user": store.user(who).json(), "date": int(time.time()) - 60}
    return {"type": "hidden_user", "sender_user_name": who, "date": int(time.time()) - 60}
