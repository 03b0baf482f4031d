"""Telegram updates (Bot API JSON, as either framework parsed them) to `Incoming` events.

Both adapters hand their framework's Update over as a plain dict, so the two frameworks
cannot drift apart in how a user's message is read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from dialogs.events import FileRef, Incoming, Kind, text_event

ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "my_chat_member")


@dataclass(frozen=True)
class Read:
    """One update as the pipeline needs it."""

    update_id: int
    event: Incoming | None  # None: nothing for the engine (a group, an edit, a bot ...)
    callback_id: str | None = None  # a button press: always answered
    message_text: str | None = None  # the pressed message's text, to show the choice later
    member: tuple[int, bool] | None = None  # my_chat_member: (private chat, the bot may write)


def read_update(update: dict[str, Any], at: datetime, operator_chat: int | None = None,
                bot_username: str | None = None) -> Read:
    """`operator_chat`: the advisers' group, whose messages go to the desk; other groups are
    ignored. `bot_username`: a command there addressed to another bot (/close@other_bot) is
    not ours."""
    update_id = int(update["update_id"])
    if "message" in update:
        event = message_event(update["message"], update_id, at, operator_chat)
        if event is not None and event.chat_id != event.user_id and \
                not addressed_to_us(update["message"].get("text") or "", bot_username):
            event = None
        return Read(update_id, event)
    edited = update.get("edited_message")
    if edited is not None:
        return Read(update_id, edited_event(edited, update_id, at))
    query = update.get("callback_query")
    if query is not None:
        event = press_event(query, update_id, at)
        text = (query.get("message") or {}).get("text")
        return Read(update_id, event, str(query["id"]), text)
    change = update.get("my_chat_member")
    if change is not None and (change.get("chat") or {}).get("type") == "private":
        status = (change.get("new_chat_member") or {}).get("status")
        return Read(update_id, None, member=(int(change["chat"]["id"]),
                                            status not in ("kicked", "left")))
    return Read(update_id, None)


def addressed_to_us(text: str, bot_username: str | None) -> bool:
    """False for "/cmd@someone_else" (Telegram's way to address one bot in a group); True when
    our own name is not known (an update kept from before)."""
    head = text.split(maxsplit=1)[0] if text.startswith("/") and text.strip() else ""
    _, at, name = head.partition("@")
    return not at or bot_username is None or name.lower() == bot_username.lower()


def message_event(msg: dict[str, Any], update_id: int, at: datetime,
                  operator_chat: int | None = None) -> Incoming | None:
    user, chat = msg.get("from") or {}, msg.get("chat") or {}
    if not user or user.get("is_bot"):
        return None
    if chat.get("type") == "private":
        return _event(msg, user, update_id, at)
    if operator_chat is not None and chat.get("id") == operator_chat:
        # Trust message_thread_id only on topic messages (a reply chain in a plain group has
        # one too); the desk finds the shopper by topic, else by the message replied to.
        thread = msg.get("message_thread_id") if msg.get("is_topic_message") else None
        reply_to = (msg.get("reply_to_message") or {}).get("message_id")
        event = _event(msg, user, update_id, at)
        return replace(event, thread_id=thread, reply_to=reply_to)
    return None


def _event(msg: dict[str, Any], user: dict[str, Any], update_id: int, at: datetime) -> Incoming:
    user_id, chat_id = int(user["id"]), int(msg["chat"]["id"])
    lang = user.get("language_code")
    forwarded = "forward_origin" in msg or "forward_date" in msg
    common: dict[str, Any] = {"forwarded": forwarded, "user_name": _name(user),
                              "message_id_in": msg.get("message_id")}
    text = msg.get("text")
    if text is not None:
        if forwarded:  # someone else's "/start" forwarded to us is text, not a command
            return Incoming(user_id=user_id, chat_id=chat_id, kind=Kind.TEXT, at=at, text=text,
                            update_id=update_id, lang=lang, **common)
        return replace(text_event(user_id, text, at, chat_id=chat_id, update_id=update_id,
                                  lang=lang), **common)
    files = _files(msg)
    kind = Kind.FILES if files else Kind.OTHER
    return Incoming(user_id=user_id, chat_id=chat_id, kind=kind, at=at, update_id=update_id,
                    files=files, album_id=msg.get("media_group_id"),
                    caption=msg.get("caption") or "", lang=lang, **common)


def edited_event(msg: dict[str, Any], update_id: int, at: datetime) -> Incoming | None:
    """A shopper's edit of an earlier message (its new text or caption), private chats only:
    relayed as an edit when that message was copied to the advisers, otherwise ignored."""
    user = msg.get("from") or {}
    if not user or user.get("is_bot") or (msg.get("chat") or {}).get("type") != "private":
        return None
    return Incoming(user_id=int(user["id"]), chat_id=int(msg["chat"]["id"]), kind=Kind.EDITED,
                    at=at, update_id=update_id, text=msg.get("text") or "",
                    caption=msg.get("caption") or "", lang=user.get("language_code"),
                    message_id_in=msg.get("message_id"), user_name=_name(user))


def press_event(query: dict[str, Any], update_id: int, at: datetime) -> Incoming | None:
    user, msg, data = query.get("from") or {}, query.get("message"), query.get("data")
    if msg is None or data is None or msg.get("chat", {}).get("type") != "private":
        return None
    label = button_label(msg, data)
    return Incoming(user_id=int(user["id"]), chat_id=int(msg["chat"]["id"]), kind=Kind.BUTTON,
                    at=at, update_id=update_id, button=data, message_id=int(msg["message_id"]),
                    lang=user.get("language_code"), user_name=_name(user),
                    extra={"button_label": label} if label is not None else {})


def button_label(msg: dict[str, Any], data: str) -> str | None:
    """The label of the pressed button, found on the message by its callback data."""
    rows = (msg.get("reply_markup") or {}).get("inline_keyboard") or []
    for row in rows:
        for button in row:
            if button.get("callback_data") == data:
                return str(button.get("text", ""))
    return None


def merge_album(parts: list[Incoming]) -> Incoming:
    """Several updates of one media group become ONE files event; the first update's id
    stands for the album (the pipeline records the others as processed too)."""
    first = parts[0]
    files = tuple(f for p in parts for f in p.files)
    caption = next((p.caption for p in parts if p.caption), "")
    return replace(first, files=files, caption=caption,
                   forwarded=any(p.forwarded for p in parts))


def _files(msg: dict[str, Any]) -> tuple[FileRef, ...]:
    sizes = msg.get("photo")
    if sizes:
        # Telegram's order of sizes is not a promise: take the largest by dimensions.
        best = max(sizes, key=lambda s: (s.get("width", 0) * s.get("height", 0),
                                         s.get("file_size") or 0))
        return (FileRef(file_id=best["file_id"], kind="photo",
                        unique_id=best.get("file_unique_id"), size=best.get("file_size"),
                        width=best.get("width"), height=best.get("height"), mime="image/jpeg"),)
    doc = msg.get("document")
    if doc:
        return (FileRef(file_id=doc["file_id"], kind="document",
                        unique_id=doc.get("file_unique_id"), file_name=doc.get("file_name"),
                        mime=doc.get("mime_type"), size=doc.get("file_size")),)
    return ()


def _name(user: dict[str, Any]) -> str:
    return " ".join(p for p in (user.get("first_name"), user.get("last_name")) if p)
