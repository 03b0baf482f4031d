"""Telegram's HTML parse mode (strict like the real server) and inline keyboard checks."""

from __future__ import annotations

import re
from typing import Any

from .params import ApiError, bad_request

_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "code": "code", "pre": "pre", "a": "text_link", "tg-spoiler": "spoiler", "span": "spoiler",
    "blockquote": "blockquote", "tg-emoji": "custom_emoji",
}
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)>")
_ATTR_RE = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#(\d+)|#x([0-9a-fA-F]+)|([a-zA-Z]+));")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fail(src: str, pos: int, what: str) -> ApiError:
    offset = len(src[:pos].encode("utf-8"))
    return bad_request(f"can't parse entities: {what} at byte offset {offset}")


def _attrs(raw: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTR_RE.finditer(raw)}


def parse_html(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities (UTF-16 offsets) of an HTML-formatted message; 400 on bad markup."""
    out: list[str] = []
    length = 0
    stack: list[tuple[str, int, dict[str, Any]]] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(src):
        ch = src[i]
        if ch == "<":
            m = _TAG_RE.match(src, i)
            if not m:
                raise _fail(src, i, 'Unsupported start tag ""')
            closing, name, raw = m[1] == "/", m[2].lower(), m[3]
            if name not in _TAGS:
                kind = "end" if closing else "start"
                raise _fail(src, i, f'Unsupported {kind} tag "{name}"')
            if closing:
                if not stack or stack[-1][0] != name:
                    expected = f'"</{stack[-1][0]}>"' if stack else "nothing"
                    raise _fail(src, i, f'Unmatched end tag, expected {expected}, found "</{name}>"')
                tag, start, extra = stack.pop()
                if length > start:
                    entities.append({"type": _TAGS[tag], "offset": start, "length": length - start, **extra})
            else:
                attrs = _attrs(raw)
                extra: dict[str, Any] = {}
                if name == "a":
                    extra["url"] = attrs.get("href", "")
                elif name == "span" and attrs.get("class") != "tg-spoiler":
                    raise _fail(src, i, 'Tag "span" must have class "tg-spoiler"')
                elif name == "pre" and "language" in attrs:
                    extra["language"] = attrs["language"]
                elif name == "tg-emoji":
                    extra["custom_emoji_id"] = attrs.get("emoji-id", "")
                stack.append((name, length, extra))
            i = m.end()
            continue
        if ch == "&":
            m = _ENTITY_RE.match(src, i)
            if m and (m[1] or m[2] or m[3] in _NAMED):
                text = chr(int(m[1])) if m[1] else chr(int(m[2], 16)) if m[2] else _NAMED[m[3]]
                out.append(text)
                length += utf16_len(text)
                i = m.end()
                continue
        out.append(ch)
        length += utf16_len(ch)
        i += 1
    if stack:
        raise bad_request(f'can\'t parse entities: Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def format_text(text: str, parse_mode: str | None, entities: Any = None) -> tuple[str, list[dict[str, Any]]]:
    """Apply parse_mode like Telegram; MarkdownV2/Markdown are passed through unparsed."""
    if parse_mode and parse_mode.upper() == "HTML":
        return parse_html(text)
    return text, list(entities) if isinstance(entities, list) else []


def check_keyboard(markup: Any) -> dict[str, Any] | None:
    """Validate a reply_markup; returns the inline keyboard to show on the message, if any."""
    if markup in (None, ""):
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return None
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request("can't parse inline keyboard button: field \"inline_keyboard\" must be an Array of Arrays")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not (1 <= len(str(data).encode("utf-8")) <= 64):
                raise bad_request("BUTTON_DATA_INVALID")
            if len(button) < 2:
                raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
    return {"inline_keyboard": rows}
