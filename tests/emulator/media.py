"""Bot API methods on files: sendPhoto, sendDocument, getFile, copyMessage, forwardMessage."""

from __future__ import annotations

import mimetypes
from typing import Any

from .files import MAX_DOWNLOAD
from .messages import MAX_CAPTION, Handler, formatted, reply_target, with_markup
from .params import ApiError, Params, Upload, bad_request
from .state import Store

MAX_UPLOAD = 50 * 1024 * 1024
_CONTENT_KEYS = ("text", "entities", "photo", "document", "caption", "caption_entities")


def _mime(upload: Upload) -> str | None:
    if upload.content_type and upload.content_type != "application/octet-stream":
        return upload.content_type
    return mimetypes.guess_type(upload.filename or "")[0] or upload.content_type


def _media(store: Store, p: Params, kind: str) -> tuple[dict[str, Any], str]:
    """The message field for the photo/document parameter, and the file_id to record."""
    ref = p.file(kind)
    if ref is None:
        raise bad_request(f"there is no {kind} in the request")
    if isinstance(ref, Upload):
        if len(ref.data) > MAX_UPLOAD:
            raise ApiError(413, "Request Entity Too Large")
        if not ref.data:
            raise bad_request("file must be non-empty")
        if kind == "photo":
            sizes = store.files.add_photo(ref.data)
            return {"photo": sizes}, max(sizes, key=lambda s: s["width"] * s["height"])["file_id"]
        stored = store.files.add("document", ref.data, file_name=ref.filename, mime_type=_mime(ref))
        return {"document": stored.document()}, stored.file_id
    stored = store.files.get(ref)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if stored.kind != kind:
        raise bad_request(f"can't use file of type {stored.kind.capitalize()} as {kind.capitalize()}")
    if kind == "photo":
        return {"photo": store.files.photo_sizes(ref)}, ref
    return {"document": stored.document()}, ref


def _send_media(store: Store, p: Params, kind: str, method: str) -> dict[str, Any]:
    chat = store.chat_for_bot(p.chat_id())
    caption, entities = formatted(p, "caption", "caption_entities", MAX_CAPTION)
    fields, file_id = _media(store, p, kind)
    if caption:
        fields["caption"] = caption
    if entities:
        fields["caption_entities"] = entities
    markup = with_markup(fields, p)
    msg = store.new_message(chat, store.bot.json(), fields, p.int("message_thread_id"), reply_target(store, chat, p), by_bot=True)
    store.record_sent(method, msg, p.str("caption"), p.str("parse_mode"), markup, [file_id])
    return msg


def send_photo(store: Store, p: Params) -> dict[str, Any]:
    return _send_media(store, p, "photo", "sendPhoto")


def send_document(store: Store, p: Params) -> dict[str, Any]:
    return _send_media(store, p, "document", "sendDocument")


def get_file(store: Store, p: Params) -> dict[str, Any]:
    stored = store.files.get(p.str("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if store.local_dir is not None:  # a self-hosted server with --local: no size limit, and
        path = store.local_dir / stored.file_path  # getFile answers a path on its own disk
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(stored.data)
        return {**stored.file_json(), "file_path": str(path.resolve())}
    if stored.size > MAX_DOWNLOAD:
        raise bad_request("file is too big")
    return stored.file_json()


def _files_of(msg: dict[str, Any]) -> list[str]:
    if "photo" in msg:
        return [max(msg["photo"], key=lambda s: s["width"] * s["height"])["file_id"]]
    if "document" in msg:
        return [msg["document"]["file_id"]]
    return []


def _source(store: Store, p: Params, what: str) -> dict[str, Any]:
    from_chat = p.chat_id("from_chat_id")
    if from_chat not in store.chats:
        raise bad_request("chat not found")
    src = store.message(from_chat, p.req_int("message_id", "message identifier is not specified"))
    if src is None:
        raise bad_request(f"message to {what} not found")
    if not any(k in src for k in _CONTENT_KEYS):
        raise bad_request(f"message can't be {what}ed" if what == "forward" else "message can't be copied")
    return src


def copy_message(store: Store, p: Params) -> dict[str, Any]:
    chat = store.chat_for_bot(p.chat_id())
    src = _source(store, p, "copy")
    fields = {k: src[k] for k in _CONTENT_KEYS if k in src}
    if p.get("caption") is not None and "text" not in src:
        caption, entities = formatted(p, "caption", "caption_entities", MAX_CAPTION)
        fields.pop("caption_entities", None)
        fields["caption"] = caption
        if entities:
            fields["caption_entities"] = entities
        if not caption:
            fields.pop("caption")
    markup = with_markup(fields, p)
    msg = store.new_message(chat, store.bot.json(), fields, p.int("message_thread_id"), reply_target(store, chat, p), by_bot=True)
    store.record_sent("copyMessage", msg, msg.get("text") or msg.get("caption"), p.str("parse_mode"), markup, _files_of(msg))
    return {"message_id": msg["message_id"]}


def forward_message(store: Store, p: Params) -> dict[str, Any]:
    chat = store.chat_for_bot(p.chat_id())
    src = _source(store, p, "forward")
    fields = {k: src[k] for k in _CONTENT_KEYS if k in src}
    origin = src.get("forward_origin")
    if origin is None and "from" in src:
        origin = {"type": "user", "sender_user": src["from"], "date": src["date"]}
    if origin is not None:
        fields["forward_origin"] = origin
    msg = store.new_message(chat, store.bot.json(), fields, p.int("message_thread_id"), None, by_bot=True)
    store.record_sent("forwardMessage", msg, msg.get("text") or msg.get("caption"), None, None, _files_of(msg))
    return msg


def send_media_group(store: Store, p: Params) -> list[dict[str, Any]]:
    """2–10 photos or documents (InputMedia with file_id or attach://name) sharing media_group_id."""
    chat = store.chat_for_bot(p.chat_id())
    items = p.get("media")
    if not isinstance(items, list) or not 2 <= len(items) <= 10:
        raise bad_request("wrong number of messages in the media group" if isinstance(items, list) else "media is empty")
    kinds = {item.get("type") for item in items if isinstance(item, dict)}
    if not kinds <= {"photo", "document"} or len(kinds) != 1:
        raise bad_request("the emulator supports albums of photos or of documents only")
    group = str(10**17 + len(store.sent) * 7919 + p.chat_id())
    prepared = []
    for item in items:
        kind = item["type"]
        sub = Params({kind: item.get("media"), "caption": item.get("caption"), "parse_mode": item.get("parse_mode"),
                      "caption_entities": item.get("caption_entities")}, p.uploads)
        caption, entities = formatted(sub, "caption", "caption_entities", MAX_CAPTION)
        fields, file_id = _media(store, sub, kind)
        fields["media_group_id"] = group
        if caption:
            fields["caption"] = caption
        if entities:
            fields["caption_entities"] = entities
        prepared.append((fields, file_id, sub))
    out = []
    for fields, file_id, sub in prepared:
        msg = store.new_message(chat, store.bot.json(), fields, p.int("message_thread_id"), reply_target(store, chat, p), by_bot=True)
        store.record_sent("sendMediaGroup", msg, sub.str("caption"), sub.str("parse_mode"), None, [file_id])
        out.append(msg)
    return out


def copy_messages(store: Store, p: Params) -> list[dict[str, int]]:
    """Copies several messages in order; an album stays one album (new media_group_id)."""
    ids = p.get("message_ids")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("message_ids is empty")
    out = []
    groups: dict[str, str] = {}
    for mid in sorted(int(i) for i in ids):
        sub = Params({**p.values, "message_id": mid, "message_ids": None, "reply_markup": None}, {})
        with store.lock:
            src = store.message(p.chat_id("from_chat_id"), mid) or {}
            result = copy_message(store, sub)
            album = src.get("media_group_id")
            if album:
                new = groups.setdefault(album, f"{album[:-3]}{len(store.sent) % 1000:03d}")
                store.sent[-1].message["media_group_id"] = new
        out.append(result)
    return out


HANDLERS: dict[str, Handler] = {
    "sendMediaGroup": send_media_group,
    "copyMessages": copy_messages,
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "getFile": get_file,
    "copyMessage": copy_message,
    "forwardMessage": forward_message,
}
