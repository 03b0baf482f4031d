"""Request parameters as Telegram accepts them: query string, JSON, form-urlencoded, multipart."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

INT_KEYS = frozenset(
    {
        "chat_id", "from_chat_id", "message_id", "message_thread_id", "offset", "limit",
        "timeout", "reply_to_message_id", "user_id", "cache_time", "max_connections",
        "icon_color", "width", "height", "duration",
    }
)
BOOL_KEYS = frozenset(
    {
        "show_alert", "drop_pending_updates", "disable_notification", "protect_content",
        "disable_web_page_preview", "allow_sending_without_reply", "has_spoiler",
        "disable_content_type_detection", "remove_caption",
    }
)
JSON_KEYS = frozenset(
    {
        "reply_markup", "commands", "scope", "entities", "caption_entities", "allowed_updates",
        "link_preview_options", "reply_parameters", "menu_button", "media", "message_ids",
    }
)
_INT_RE = re.compile(r"^-?\d+$")


class ApiError(Exception):
    """An error answer: HTTP status equals error_code, like the real Bot API."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            out["parameters"] = self.parameters
        return out


def bad_request(text: str) -> ApiError:
    return ApiError(400, f"Bad Request: {text}")


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str
    content_type: str | None
    data: bytes


def _normalise(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in INT_KEYS and _INT_RE.match(value):
        return int(value)
    if key in BOOL_KEYS:
        return value.lower() in ("true", "1")
    if key in JSON_KEYS and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError as exc:
            raise bad_request(f"can't parse {key} JSON object") from exc
    return value


class Params:
    """Normalised parameters of one Bot API call."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload]) -> None:
        self.values = {k: _normalise(k, v) for k, v in values.items()}
        self.uploads = uploads

    @classmethod
    async def from_request(cls, request: web.Request) -> Params:
        values: dict[str, Any] = dict(request.query)
        uploads: dict[str, Upload] = {}
        ctype = request.content_type
        if request.method == "POST" and request.can_read_body:
            if ctype == "application/json":
                try:
                    body = await request.json()
                except ValueError as exc:
                    raise bad_request("can't parse JSON body") from exc
                if isinstance(body, dict):
                    values.update(body)
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for key, val in form.items():
                    if isinstance(val, FileField):
                        uploads[key] = Upload(val.filename, val.content_type, val.file.read())
                    else:
                        values[key] = val
        return cls(values, uploads)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def has(self, key: str) -> bool:
        return self.values.get(key) not in (None, "")

    def int(self, key: str, default: int | None = None) -> int | None:
        val = self.values.get(key)
        if val is None or val == "":
            return default
        if isinstance(val, bool) or not isinstance(val, int):
            raise bad_request(f"invalid {key} specified")
        return val

    def req_int(self, key: str, missing: str | None = None) -> int:
        val = self.int(key)
        if val is None:
            raise bad_request(missing or f"{key} is empty")
        return val

    def str(self, key: str, default: str | None = None) -> str | None:
        val = self.values.get(key)
        if val is None:
            return default
        return val if isinstance(val, str) else json.dumps(val)

    def bool(self, key: str) -> bool:
        return bool(self.values.get(key, False))

    def chat_id(self, key: str = "chat_id") -> int:
        val = self.values.get(key)
        if isinstance(val, int) and not isinstance(val, bool):
            return val
        if val in (None, ""):
            raise bad_request(f"{key} is empty")
        raise bad_request("chat not found")

    def reply_to(self) -> int | None:
        rp = self.values.get("reply_parameters")
        if isinstance(rp, dict) and rp.get("message_id") is not None:
            return int(rp["message_id"])
        return self.int("reply_to_message_id")

    def file(self, key: str) -> Upload | str | None:
        """An uploaded part (direct or via attach://name) or a file_id / URL string."""
        if key in self.uploads:
            return self.uploads[key]
        val = self.values.get(key)
        if isinstance(val, str) and val.startswith("attach://"):
            part = self.uploads.get(val[len("attach://"):])
            if part is None:
                raise bad_request(f"wrong file identifier/HTTP URL specified ({key})")
            return part
        if val in (None, ""):
            return None
        return str(val)

    def record(self) -> dict[str, Any]:
        """What tests see in emu.calls(): values plus a description of each upload."""
        out = dict(self.values)
        for key, up in self.uploads.items():
            out[key] = {"upload": up.filename, "size": len(up.data), "content_type": up.content_type}
        return out
